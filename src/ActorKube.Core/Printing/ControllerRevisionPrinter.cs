namespace ActorKube.Core.Printing;

/// <summary>ControllerRevisions: NAME CONTROLLER REVISION AGE (printControllerRevision).</summary>
public static class ControllerRevisionPrinter
{
    public static readonly IReadOnlyList<TableColumnDefinition> Columns =
    [
        Column.Name,
        TableColumnDefinition.Of("Controller", "string", ColumnDocs.ControllerOf),
        TableColumnDefinition.Of("Revision", "string", ColumnDocs.Revision),
        Column.Age,
    ];

    public static readonly KindPrinter Printer = KindPrinter.Create<V1ControllerRevision>(Columns, Cells);

    public static object[] Cells(V1ControllerRevision cr, DateTime now) =>
    [
        cr.Metadata?.Name ?? "",
        Controller(cr.Metadata?.OwnerReferences?.FirstOrDefault(o => o.Controller == true)),
        cr.Revision ?? 0L,
        PrintFormat.Since(cr.Metadata?.CreationTimestamp, now),
    ];

    /// <summary>The controller as "kind.group/name" in lower case ("statefulset.apps/web"), "&lt;none&gt;" without one.</summary>
    public static string Controller(V1OwnerReference? owner)
    {
        if (owner is null)
        {
            return PrintFormat.None;
        }

        var apiVersion = owner.ApiVersion ?? "";
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var group = slash < 0 ? "" : apiVersion[..slash];
        var kind = owner.Kind ?? "";
        if (group.Length == 0 && kind.Length == 0)
        {
            return owner.Name ?? "";
        }

        var groupKind = group.Length == 0 ? kind : kind + "." + group;
        return groupKind.ToLowerInvariant() + "/" + owner.Name;
    }
}
