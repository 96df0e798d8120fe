namespace ActorKube.Core.Printing;

/// <summary>Namespaces: NAME STATUS AGE (printNamespace).</summary>
public static class NamespacePrinter
{
    public static readonly IReadOnlyList<TableColumnDefinition> Columns =
    [
        Column.Name,
        TableColumnDefinition.Of("Status", "string", ColumnDocs.NamespaceStatus),
        Column.Age,
    ];

    public static readonly KindPrinter Printer = KindPrinter.Create<V1Namespace>(Columns, Cells);

    public static object[] Cells(V1Namespace ns, DateTime now) =>
    [
        ns.Metadata?.Name ?? "",
        ns.Status?.Phase ?? "",
        PrintFormat.Since(ns.Metadata?.CreationTimestamp, now),
    ];
}
