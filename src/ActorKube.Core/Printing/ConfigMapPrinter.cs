namespace ActorKube.Core.Printing;

/// <summary>ConfigMaps: NAME DATA AGE (printConfigMap); DATA counts data and binaryData keys.</summary>
public static class ConfigMapPrinter
{
    public static readonly IReadOnlyList<TableColumnDefinition> Columns =
    [
        Column.Name,
        TableColumnDefinition.Of("Data", "string", ColumnDocs.ConfigMapData),
        Column.Age,
    ];

    public static readonly KindPrinter Printer = KindPrinter.Create<V1ConfigMap>(Columns, Cells);

    public static object[] Cells(V1ConfigMap cm, DateTime now) =>
    [
        cm.Metadata?.Name ?? "",
        (long)((cm.Data?.Count ?? 0) + (cm.BinaryData?.Count ?? 0)),
        PrintFormat.Since(cm.Metadata?.CreationTimestamp, now),
    ];
}
