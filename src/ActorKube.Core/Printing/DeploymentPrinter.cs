namespace ActorKube.Core.Printing;

/// <summary>Deployments: NAME READY UP-TO-DATE AVAILABLE AGE, wide CONTAINERS IMAGES SELECTOR (printDeployment).</summary>
public static class DeploymentPrinter
{
    public static readonly IReadOnlyList<TableColumnDefinition> Columns =
    [
        Column.Name,
        TableColumnDefinition.Of("Ready", "string", ColumnDocs.ReadyPods),
        TableColumnDefinition.Of("Up-to-date", "string", ColumnDocs.DeploymentUpdatedReplicas),
        TableColumnDefinition.Of("Available", "string", ColumnDocs.DeploymentAvailableReplicas),
        Column.Age,
        Column.Containers,
        Column.Images,
        TableColumnDefinition.Wide("Selector", "string", ColumnDocs.DeploymentSelector),
    ];

    public static readonly KindPrinter Printer = KindPrinter.Create<V1Deployment>(Columns, Cells);

    public static object[] Cells(V1Deployment d, DateTime now)
    {
        var status = d.Status;
        var (names, images) = PrintFormat.Containers(d.Spec?.Template?.Spec?.Containers);
        return
        [
            d.Metadata?.Name ?? "",
            $"{status?.ReadyReplicas ?? 0}/{d.Spec?.Replicas ?? 1}",
            (long)(status?.UpdatedReplicas ?? 0),
            (long)(status?.AvailableReplicas ?? 0),
            PrintFormat.Since(d.Metadata?.CreationTimestamp, now),
            names,
            images,
            PrintFormat.SelectorString(d.Spec?.Selector),
        ];
    }
}
