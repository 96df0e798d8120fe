namespace ActorKube.Core.Printing;

/// <summary>Secrets: NAME TYPE DATA AGE (printSecret).</summary>
public static class SecretPrinter
{
    public static readonly IReadOnlyList<TableColumnDefinition> Columns =
    [
        Column.Name,
        TableColumnDefinition.Of("Type", "string", ColumnDocs.SecretType),
        TableColumnDefinition.Of("Data", "string", ColumnDocs.SecretData),
        Column.Age,
    ];

    public static readonly KindPrinter Printer = KindPrinter.Create<V1Secret>(Columns, Cells);

    public static object[] Cells(V1Secret secret, DateTime now) =>
    [
        secret.Metadata?.Name ?? "",
        secret.Type ?? "",
        (long)(secret.Data?.Count ?? 0),
        PrintFormat.Since(secret.Metadata?.CreationTimestamp, now),
    ];
}
