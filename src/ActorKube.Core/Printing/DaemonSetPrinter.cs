namespace ActorKube.Core.Printing;

/// <summary>
/// DaemonSets: NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE-SELECTOR AGE, wide CONTAINERS IMAGES
/// SELECTOR (printDaemonSet).
/// </summary>
public static class DaemonSetPrinter
{
    public static readonly IReadOnlyList<TableColumnDefinition> Columns =
    [
        Column.Name,
        TableColumnDefinition.Of("Desired", "integer", ColumnDocs.DaemonSetDesired),
        TableColumnDefinition.Of("Current", "integer", ColumnDocs.DaemonSetCurrent),
        TableColumnDefinition.Of("Ready", "integer", ColumnDocs.DaemonSetReady),
        TableColumnDefinition.Of("Up-to-date", "integer", ColumnDocs.DaemonSetUpdated),
        TableColumnDefinition.Of("Available", "integer", ColumnDocs.DaemonSetAvailable),
        TableColumnDefinition.Of("Node Selector", "string", ColumnDocs.NodeSelector),
        Column.Age,
        Column.Containers,
        Column.Images,
        TableColumnDefinition.Wide("Selector", "string", ColumnDocs.DaemonSetSelector),
    ];

    public static readonly KindPrinter Printer = KindPrinter.Create<V1DaemonSet>(Columns, Cells);

    public static object[] Cells(V1DaemonSet ds, DateTime now)
    {
        var status = ds.Status;
        var (names, images) = PrintFormat.Containers(ds.Spec?.Template?.Spec?.Containers);
        return
        [
            ds.Metadata?.Name ?? "",
            (long)(status?.DesiredNumberScheduled ?? 0),
            (long)(status?.CurrentNumberScheduled ?? 0),
            (long)(status?.NumberReady ?? 0),
            (long)(status?.UpdatedNumberScheduled ?? 0),
            (long)(status?.NumberAvailable ?? 0),
            PrintFormat.Labels(ds.Spec?.Template?.Spec?.NodeSelector),
            PrintFormat.Since(ds.Metadata?.CreationTimestamp, now),
            names,
            images,
            PrintFormat.LabelSelector(ds.Spec?.Selector),
        ];
    }
}
