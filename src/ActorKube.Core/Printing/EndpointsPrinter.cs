namespace ActorKube.Core.Printing;

/// <summary>Endpoints: NAME ENDPOINTS AGE (printEndpoints): up to three "ip:port", then "+ N more...".</summary>
public static class EndpointsPrinter
{
    private const int Max = 3;

    public static readonly IReadOnlyList<TableColumnDefinition> Columns =
    [
        Column.Name,
        TableColumnDefinition.Of("Endpoints", "string", ColumnDocs.EndpointsSubsets),
        Column.Age,
    ];

    public static readonly KindPrinter Printer = KindPrinter.Create<V1Endpoints>(Columns, Cells);

    public static object[] Cells(V1Endpoints ep, DateTime now) =>
    [
        ep.Metadata?.Name ?? "",
        Format(ep),
        PrintFormat.Since(ep.Metadata?.CreationTimestamp, now),
    ];

    /// <summary>formatEndpoints with all ports; headless subsets without ports list bare IPs.</summary>
    public static string Format(V1Endpoints ep)
    {
        if (ep.Subsets is null || ep.Subsets.Count == 0)
        {
            return PrintFormat.None;
        }

        var list = new List<string>();
        var more = false;
        var count = 0;
        foreach (var ss in ep.Subsets)
        {
            var addresses = ss.Addresses ?? [];
            if (ss.Ports is null || ss.Ports.Count == 0)
            {
                count += addresses.Count;
                foreach (var a in addresses)
                {
                    if (list.Count == Max)
                    {
                        more = true;
                        break;
                    }

                    list.Add(a.Ip);
                }

                continue;
            }

            foreach (var port in ss.Ports)
            {
                count += addresses.Count;
                foreach (var a in addresses)
                {
                    if (list.Count == Max)
                    {
                        more = true;
                        break;
                    }

                    list.Add(PrintFormat.JoinHostPort(a.Ip, port.Port));
                }
            }
        }

        var ret = string.Join(",", list);
        return more ? $"{ret} + {count - Max} more..." : ret;
    }
}
