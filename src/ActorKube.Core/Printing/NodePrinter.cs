namespace ActorKube.Core.Printing;

/// <summary>
/// Nodes: NAME STATUS ROLES AGE VERSION, wide INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION CONTAINER-RUNTIME
/// (printNode). STATUS is "Ready", "NotReady" (Ready condition False or Unknown) or "Unknown" (no Ready
/// condition), plus ",SchedulingDisabled" for a cordoned node.
/// </summary>
public static class NodePrinter
{
    private const string RolePrefix = "node-role.kubernetes.io/";
    private const string RoleLabel = "kubernetes.io/role";

    public static readonly IReadOnlyList<TableColumnDefinition> Columns =
    [
        Column.Name,
        TableColumnDefinition.Of("Status", "string", ColumnDocs.NodeStatus),
        TableColumnDefinition.Of("Roles", "string", ColumnDocs.NodeRoles),
        Column.Age,
        TableColumnDefinition.Of("Version", "string", ColumnDocs.KubeletVersion),
        TableColumnDefinition.Wide("Internal-IP", "string", ColumnDocs.NodeAddresses),
        TableColumnDefinition.Wide("External-IP", "string", ColumnDocs.NodeAddresses),
        TableColumnDefinition.Wide("OS-Image", "string", ColumnDocs.OsImage),
        TableColumnDefinition.Wide("Kernel-Version", "string", ColumnDocs.KernelVersion),
        TableColumnDefinition.Wide("Container-Runtime", "string", ColumnDocs.ContainerRuntimeVersion),
    ];

    public static readonly KindPrinter Printer = KindPrinter.Create<V1Node>(Columns, Cells);

    public static object[] Cells(V1Node node, DateTime now)
    {
        var info = node.Status?.NodeInfo;
        var roles = string.Join(",", Roles(node));
        return
        [
            node.Metadata?.Name ?? "",
            Status(node),
            roles.Length == 0 ? PrintFormat.None : roles,
            PrintFormat.Since(node.Metadata?.CreationTimestamp, now),
            info?.KubeletVersion ?? "",
            Address(node, "InternalIP"),
            Address(node, "ExternalIP"),
            OrUnknown(info?.OsImage),
            OrUnknown(info?.KernelVersion),
            OrUnknown(info?.ContainerRuntimeVersion),
        ];
    }

    public static string Status(V1Node node)
    {
        // the last Ready condition wins, as printNode indexes conditions by type
        var ready = node.Status?.Conditions?.LastOrDefault(c => c.Type == "Ready");
        var status = ready is null ? "Unknown" : ready.Status == "True" ? "Ready" : "NotReady";
        return node.Spec?.Unschedulable == true ? status + ",SchedulingDisabled" : status;
    }

    /// <summary>findNodeRoles: node-role.kubernetes.io/&lt;role&gt; labels and kubernetes.io/role=&lt;role&gt;, sorted.</summary>
    public static IReadOnlyList<string> Roles(V1Node node)
    {
        var roles = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in node.Metadata?.Labels ?? new Dictionary<string, string>())
        {
            if (key.StartsWith(RolePrefix, StringComparison.Ordinal))
            {
                if (key.Length > RolePrefix.Length)
                {
                    roles.Add(key[RolePrefix.Length..]);
                }
            }
            else if (key == RoleLabel && value.Length > 0)
            {
                roles.Add(value);
            }
        }

        return [.. roles];
    }

    private static string Address(V1Node node, string type) =>
        node.Status?.Addresses?.FirstOrDefault(a => a.Type == type)?.Address ?? PrintFormat.None;

    private static string OrUnknown(string? value) => string.IsNullOrEmpty(value) ? PrintFormat.Unknown : value;
}
