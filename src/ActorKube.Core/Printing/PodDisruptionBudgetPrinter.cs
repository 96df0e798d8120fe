namespace ActorKube.Core.Printing;

/// <summary>PodDisruptionBudgets: NAME MIN AVAILABLE MAX UNAVAILABLE ALLOWED DISRUPTIONS AGE (printPodDisruptionBudget).</summary>
public static class PodDisruptionBudgetPrinter
{
    public static readonly IReadOnlyList<TableColumnDefinition> Columns =
    [
        Column.Name,
        TableColumnDefinition.Of("Min Available", "string", "The minimum number of pods that must be available."),
        TableColumnDefinition.Of("Max Unavailable", "string", "The maximum number of pods that may be unavailable."),
        TableColumnDefinition.Of("Allowed Disruptions", "integer", "Calculated number of pods that may be disrupted at this time."),
        Column.Age,
    ];

    public static readonly KindPrinter Printer = KindPrinter.Create<V1PodDisruptionBudget>(Columns, Cells);

    public static object[] Cells(V1PodDisruptionBudget pdb, DateTime now) =>
    [
        pdb.Metadata?.Name ?? "",
        pdb.Spec?.MinAvailable?.Value ?? "N/A",
        pdb.Spec?.MaxUnavailable?.Value ?? "N/A",
        (long)(pdb.Status?.DisruptionsAllowed ?? 0),
        PrintFormat.Since(pdb.Metadata?.CreationTimestamp, now),
    ];
}
