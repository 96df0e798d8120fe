namespace ActorKube.Core.Printing;

/// <summary>Ingresses: NAME CLASS HOSTS ADDRESS PORTS AGE (printIngress).</summary>
public static class IngressPrinter
{
    private const int Max = 3;

    public static readonly IReadOnlyList<TableColumnDefinition> Columns =
    [
        Column.Name,
        TableColumnDefinition.Of("Class", "string", ColumnDocs.IngressClass),
        TableColumnDefinition.Of("Hosts", "string", ColumnDocs.IngressHosts),
        TableColumnDefinition.Of("Address", "string", ColumnDocs.IngressAddress),
        TableColumnDefinition.Of("Ports", "string", ColumnDocs.IngressPorts),
        Column.Age,
    ];

    public static readonly KindPrinter Printer = KindPrinter.Create<V1Ingress>(Columns, Cells);

    public static object[] Cells(V1Ingress ing, DateTime now) =>
    [
        ing.Metadata?.Name ?? "",
        ing.Spec?.IngressClassName ?? PrintFormat.None,
        Hosts(ing.Spec?.Rules),
        ServicePrinter.LoadBalancerIPs(ing.Status?.LoadBalancer?.Ingress?.Select(i => ((string?)i.Ip, (string?)i.Hostname))),
        ing.Spec?.Tls is { Count: > 0 } ? "80, 443" : "80",
        PrintFormat.Since(ing.Metadata?.CreationTimestamp, now),
    ];

    /// <summary>formatHosts: up to three hosts, "*" when no rule names one.</summary>
    public static string Hosts(IList<V1IngressRule>? rules)
    {
        rules ??= [];
        var list = new List<string>();
        var more = false;
        foreach (var rule in rules)
        {
            if (list.Count == Max)
            {
                more = true;
            }

            if (!more && !string.IsNullOrEmpty(rule.Host))
            {
                list.Add(rule.Host);
            }
        }

        if (list.Count == 0)
        {
            return "*";
        }

        var ret = string.Join(",", list);
        return more ? $"{ret} + {rules.Count - Max} more..." : ret;
    }
}
