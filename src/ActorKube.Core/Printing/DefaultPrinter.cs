using System.Globalization;

namespace ActorKube.Core.Printing;

/// <summary>
/// Any kind without a printer: NAME and CREATED AT (an RFC 3339 date), as the apiserver's default table
/// convertor (<c>apiserver/pkg/registry/rest/table.go</c>) prints them.
/// </summary>
public static class DefaultPrinter
{
    public static readonly IReadOnlyList<TableColumnDefinition> Columns =
    [
        Column.Name,
        TableColumnDefinition.Of("Created At", "date", ColumnDocs.CreationTimestamp),
    ];

    public static readonly KindPrinter Printer = KindPrinter.Create<IKubernetesObject<V1ObjectMeta>>(Columns, Cells);

    public static object[] Cells(IKubernetesObject<V1ObjectMeta> obj, DateTime now) =>
    [
        obj.Metadata?.Name ?? "",
        PrintFormat.Utc(obj.Metadata?.CreationTimestamp ?? DateTime.MinValue).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
    ];
}
