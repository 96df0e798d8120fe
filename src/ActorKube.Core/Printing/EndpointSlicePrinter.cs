namespace ActorKube.Core.Printing;

/// <summary>EndpointSlices: NAME ADDRESSTYPE PORTS ENDPOINTS AGE (printEndpointSlice).</summary>
public static class EndpointSlicePrinter
{
    private const int Max = 3;

    public static readonly IReadOnlyList<TableColumnDefinition> Columns =
    [
        Column.Name,
        TableColumnDefinition.Of("AddressType", "string", ColumnDocs.EndpointSliceAddressType),
        TableColumnDefinition.Of("Ports", "string", ColumnDocs.EndpointSlicePorts),
        TableColumnDefinition.Of("Endpoints", "string", ColumnDocs.EndpointSliceEndpoints),
        Column.Age,
    ];

    public static readonly KindPrinter Printer = KindPrinter.Create<V1EndpointSlice>(Columns, Cells);

    public static object[] Cells(V1EndpointSlice slice, DateTime now) =>
    [
        slice.Metadata?.Name ?? "",
        slice.AddressType ?? "",
        Ports(slice.Ports),
        Endpoints(slice.Endpoints),
        PrintFormat.Since(slice.Metadata?.CreationTimestamp, now),
    ];

    /// <summary>formatDiscoveryPorts: port numbers (a name, or "*", when unset), "&lt;unset&gt;" for none.</summary>
    public static string Ports(IEnumerable<Discoveryv1EndpointPort>? ports)
    {
        var list = new List<string>();
        var more = false;
        var count = 0;
        foreach (var port in ports ?? [])
        {
            if (list.Count < Max)
            {
                list.Add(port.Port is { } p ? p.ToString(System.Globalization.CultureInfo.InvariantCulture) : port.Name ?? "*");
            }
            else if (list.Count == Max)
            {
                more = true;
            }

            count++;
        }

        return PrintFormat.ListWithMore(list, more, count, Max);
    }

    /// <summary>formatDiscoveryEndpoints: the addresses of all endpoints, "&lt;unset&gt;" for none.</summary>
    public static string Endpoints(IEnumerable<V1Endpoint>? endpoints)
    {
        var list = new List<string>();
        var more = false;
        var count = 0;
        foreach (var address in (endpoints ?? []).SelectMany(e => e.Addresses ?? []))
        {
            if (list.Count < Max)
            {
                list.Add(address);
            }
            else if (list.Count == Max)
            {
                more = true;
            }

            count++;
        }

        return PrintFormat.ListWithMore(list, more, count, Max);
    }
}
