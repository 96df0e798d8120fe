namespace ActorKube.Core.Printing;

/// <summary>Jobs: NAME STATUS COMPLETIONS DURATION AGE, wide CONTAINERS IMAGES SELECTOR (printJob of v1.32).</summary>
public static class JobPrinter
{
    public static readonly IReadOnlyList<TableColumnDefinition> Columns =
    [
        Column.Name,
        TableColumnDefinition.Of("Status", "string", ColumnDocs.JobStatus),
        TableColumnDefinition.Of("Completions", "string", ColumnDocs.JobSucceeded),
        TableColumnDefinition.Of("Duration", "string", ColumnDocs.JobDuration),
        Column.Age,
        Column.Containers,
        Column.Images,
        TableColumnDefinition.Wide("Selector", "string", ColumnDocs.JobSelector),
    ];

    public static readonly KindPrinter Printer = KindPrinter.Create<V1Job>(Columns, Cells);

    public static object[] Cells(V1Job job, DateTime now)
    {
        var succeeded = job.Status?.Succeeded ?? 0;
        string completions;
        if (job.Spec?.Completions is { } wanted)
        {
            completions = $"{succeeded}/{wanted}";
        }
        else
        {
            var parallelism = job.Spec?.Parallelism ?? 0;
            completions = parallelism > 1 ? $"{succeeded}/1 of {parallelism}" : $"{succeeded}/1";
        }

        var start = job.Status?.StartTime;
        var end = job.Status?.CompletionTime;
        var duration = start is null ? ""
            : end is null ? HumanDuration.Format(PrintFormat.Utc(now) - PrintFormat.Utc(start.Value))
            : HumanDuration.Format(PrintFormat.Utc(end.Value) - PrintFormat.Utc(start.Value));

        var (names, images) = PrintFormat.Containers(job.Spec?.Template?.Spec?.Containers);
        return
        [
            job.Metadata?.Name ?? "",
            Status(job),
            completions,
            duration,
            PrintFormat.Since(job.Metadata?.CreationTimestamp, now),
            names,
            images,
            PrintFormat.LabelSelector(job.Spec?.Selector),
        ];
    }

    /// <summary>Complete, Failed, Terminating, Suspended, FailureTarget or Running, in that precedence.</summary>
    public static string Status(V1Job job)
    {
        if (Has(job, "Complete"))
        {
            return "Complete";
        }

        if (Has(job, "Failed"))
        {
            return "Failed";
        }

        if (job.Metadata?.DeletionTimestamp is not null)
        {
            return "Terminating";
        }

        if (Has(job, "Suspended"))
        {
            return "Suspended";
        }

        return Has(job, "FailureTarget") ? "FailureTarget" : "Running";
    }

    /// <summary>hasJobCondition: the first condition of the type decides.</summary>
    private static bool Has(V1Job job, string type) =>
        job.Status?.Conditions?.FirstOrDefault(c => c.Type == type)?.Status == "True";
}
