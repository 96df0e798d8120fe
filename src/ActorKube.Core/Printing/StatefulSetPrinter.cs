namespace ActorKube.Core.Printing;

/// <summary>StatefulSets: NAME READY AGE, wide CONTAINERS IMAGES (printStatefulSet).</summary>
public static class StatefulSetPrinter
{
    public static readonly IReadOnlyList<TableColumnDefinition> Columns =
    [
        Column.Name,
        TableColumnDefinition.Of("Ready", "string", ColumnDocs.ReadyPods),
        Column.Age,
        Column.Containers,
        Column.Images,
    ];

    public static readonly KindPrinter Printer = KindPrinter.Create<V1StatefulSet>(Columns, Cells);

    public static object[] Cells(V1StatefulSet sts, DateTime now)
    {
        var (names, images) = PrintFormat.Containers(sts.Spec?.Template?.Spec?.Containers);
        return
        [
            sts.Metadata?.Name ?? "",
            $"{sts.Status?.ReadyReplicas ?? 0}/{sts.Spec?.Replicas ?? 1}",
            PrintFormat.Since(sts.Metadata?.CreationTimestamp, now),
            names,
            images,
        ];
    }
}
