namespace ActorKube.Core.Printing;

/// <summary>Services: NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE, wide SELECTOR (printService).</summary>
public static class ServicePrinter
{
    public static readonly IReadOnlyList<TableColumnDefinition> Columns =
    [
        Column.Name,
        TableColumnDefinition.Of("Type", "string", ColumnDocs.ServiceType),
        TableColumnDefinition.Of("Cluster-IP", "string", ColumnDocs.ServiceClusterIP),
        TableColumnDefinition.Of("External-IP", "string", ColumnDocs.ServiceExternalIPs),
        TableColumnDefinition.Of("Port(s)", "string", ColumnDocs.ServicePorts),
        Column.Age,
        TableColumnDefinition.Wide("Selector", "string", ColumnDocs.ServiceSelector),
    ];

    public static readonly KindPrinter Printer = KindPrinter.Create<V1Service>(Columns, Cells);

    public static object[] Cells(V1Service svc, DateTime now)
    {
        var spec = svc.Spec;
        var clusterIP = spec?.ClusterIPs is { Count: > 0 } ips ? ips[0] : spec?.ClusterIP;
        var ports = Ports(spec?.Ports);
        return
        [
            svc.Metadata?.Name ?? "",
            Type(svc),
            PrintFormat.OrNone(clusterIP),
            ExternalIP(svc),
            ports.Length == 0 ? PrintFormat.None : ports,
            PrintFormat.Since(svc.Metadata?.CreationTimestamp, now),
            PrintFormat.Labels(spec?.Selector),
        ];
    }

    /// <summary>getServiceExternalIP, unclipped as for wide output (the apiserver always prints wide).</summary>
    public static string ExternalIP(V1Service svc)
    {
        var externalIPs = svc.Spec?.ExternalIPs ?? [];
        switch (Type(svc))
        {
            case "ClusterIP" or "NodePort":
                return externalIPs.Count > 0 ? string.Join(",", externalIPs) : PrintFormat.None;
            case "LoadBalancer":
                var lb = LoadBalancerIPs(svc.Status?.LoadBalancer?.Ingress?.Select(i => ((string?)i.Ip, (string?)i.Hostname)));
                if (externalIPs.Count > 0)
                {
                    var results = new List<string>();
                    if (lb.Length > 0)
                    {
                        results.AddRange(lb.Split(','));
                    }

                    results.AddRange(externalIPs);
                    return string.Join(",", results);
                }

                return lb.Length > 0 ? lb : "<pending>";
            case "ExternalName":
                return svc.Spec?.ExternalName ?? "";
            default:
                return PrintFormat.Unknown;
        }
    }

    /// <summary>loadBalancerStatusStringer: distinct IPs (or hostnames), sorted, joined by commas.</summary>
    public static string LoadBalancerIPs(IEnumerable<(string? Ip, string? Hostname)>? ingress)
    {
        var result = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (ip, hostname) in ingress ?? [])
        {
            if (!string.IsNullOrEmpty(ip))
            {
                result.Add(ip);
            }
            else if (!string.IsNullOrEmpty(hostname))
            {
                result.Add(hostname);
            }
        }

        return string.Join(",", result);
    }

    /// <summary>makePortString: "80/TCP", "80:30080/TCP" with a node port.</summary>
    public static string Ports(IEnumerable<V1ServicePort>? ports) =>
        string.Join(",", (ports ?? []).Select(p =>
            p.NodePort is > 0 ? $"{p.Port}:{p.NodePort}/{p.Protocol ?? "TCP"}" : $"{p.Port}/{p.Protocol ?? "TCP"}"));

    // the apiserver defaults an unset type to ClusterIP before anything prints it
    private static string Type(V1Service svc) => svc.Spec?.Type ?? "ClusterIP";
}
