namespace ActorKube.Core.Printing;

/// <summary>
/// CronJobs: NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST-SCHEDULE AGE, wide CONTAINERS IMAGES SELECTOR
/// (printCronJob).
/// </summary>
public static class CronJobPrinter
{
    public static readonly IReadOnlyList<TableColumnDefinition> Columns =
    [
        Column.Name,
        TableColumnDefinition.Of("Schedule", "string", ColumnDocs.CronJobSchedule),
        TableColumnDefinition.Of("Timezone", "string", ColumnDocs.CronJobTimeZone),
        TableColumnDefinition.Of("Suspend", "boolean", ColumnDocs.CronJobSuspend),
        TableColumnDefinition.Of("Active", "integer", ColumnDocs.CronJobActive),
        TableColumnDefinition.Of("Last Schedule", "string", ColumnDocs.CronJobLastSchedule),
        Column.Age,
        Column.Containers,
        Column.Images,
        TableColumnDefinition.Wide("Selector", "string", ColumnDocs.JobSelector),
    ];

    public static readonly KindPrinter Printer = KindPrinter.Create<V1CronJob>(Columns, Cells);

    public static object[] Cells(V1CronJob cj, DateTime now)
    {
        var last = cj.Status?.LastScheduleTime;
        var jobSpec = cj.Spec?.JobTemplate?.Spec;
        var (names, images) = PrintFormat.Containers(jobSpec?.Template?.Spec?.Containers);
        return
        [
            cj.Metadata?.Name ?? "",
            cj.Spec?.Schedule ?? "",
            cj.Spec?.TimeZone ?? PrintFormat.None,
            // a string although the column says boolean, as printBoolPtr makes it
            PrintFormat.BoolPtr(cj.Spec?.Suspend),
            (long)(cj.Status?.Active?.Count ?? 0),
            last is null ? PrintFormat.None : PrintFormat.Since(last, now),
            PrintFormat.Since(cj.Metadata?.CreationTimestamp, now),
            names,
            images,
            PrintFormat.LabelSelector(jobSpec?.Selector),
        ];
    }
}
