namespace ActorKube.Core.Printing;

/// <summary>ReplicaSets: NAME DESIRED CURRENT READY AGE, wide CONTAINERS IMAGES SELECTOR (printReplicaSet).</summary>
public static class ReplicaSetPrinter
{
    public static readonly IReadOnlyList<TableColumnDefinition> Columns =
    [
        Column.Name,
        TableColumnDefinition.Of("Desired", "integer", ColumnDocs.ReplicaSetSpecReplicas),
        TableColumnDefinition.Of("Current", "integer", ColumnDocs.ReplicaSetStatusReplicas),
        TableColumnDefinition.Of("Ready", "integer", ColumnDocs.ReplicaSetReadyReplicas),
        Column.Age,
        Column.Containers,
        Column.Images,
        TableColumnDefinition.Wide("Selector", "string", ColumnDocs.ReplicaSetSelector),
    ];

    public static readonly KindPrinter Printer = KindPrinter.Create<V1ReplicaSet>(Columns, Cells);

    public static object[] Cells(V1ReplicaSet rs, DateTime now)
    {
        var (names, images) = PrintFormat.Containers(rs.Spec?.Template?.Spec?.Containers);
        return
        [
            rs.Metadata?.Name ?? "",
            (long)(rs.Spec?.Replicas ?? 1),
            (long)(rs.Status?.Replicas ?? 0),
            (long)(rs.Status?.ReadyReplicas ?? 0),
            PrintFormat.Since(rs.Metadata?.CreationTimestamp, now),
            names,
            images,
            PrintFormat.LabelSelector(rs.Spec?.Selector),
        ];
    }
}
