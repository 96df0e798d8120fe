namespace ActorKube.Core.Printing;

/// <summary>
/// A <c>meta.k8s.io/v1 Table</c>: what kubectl get asks for with
/// <c>Accept: application/json;as=Table;v=v1;g=meta.k8s.io</c>. <see cref="ColumnDefinitions"/> is null when
/// the request asked for no headers (watch events after the first).
/// </summary>
public sealed record MetaTable(
    string? ResourceVersion,
    string? Continue,
    IReadOnlyList<TableColumnDefinition>? ColumnDefinitions,
    IReadOnlyList<TableRow> Rows)
{
    public const string ApiVersion = "meta.k8s.io/v1";
    public const string Kind = "Table";
}
