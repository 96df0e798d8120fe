namespace ActorKube.Core.Printing;

/// <summary>
/// Events: LAST SEEN TYPE REASON OBJECT MESSAGE, wide SUBOBJECT SOURCE FIRST SEEN COUNT NAME (printEvent).
/// Events of the events.k8s.io API fall back to eventTime, series and the reporting controller.
/// </summary>
public static class EventPrinter
{
    public static readonly IReadOnlyList<TableColumnDefinition> Columns =
    [
        TableColumnDefinition.Of("Last Seen", "string", ColumnDocs.EventLastTimestamp),
        TableColumnDefinition.Of("Type", "string", ColumnDocs.EventType),
        TableColumnDefinition.Of("Reason", "string", ColumnDocs.EventReason),
        TableColumnDefinition.Of("Object", "string", ColumnDocs.EventInvolvedObject),
        TableColumnDefinition.Wide("Subobject", "string", ColumnDocs.EventFieldPath),
        TableColumnDefinition.Wide("Source", "string", ColumnDocs.EventSource),
        TableColumnDefinition.Of("Message", "string", ColumnDocs.EventMessage),
        TableColumnDefinition.Wide("First Seen", "string", ColumnDocs.EventFirstTimestamp),
        TableColumnDefinition.Wide("Count", "string", ColumnDocs.EventCount),
        new("Name", "string", "name", ColumnDocs.Name, 1),
    ];

    public static readonly KindPrinter Printer = KindPrinter.Create<Corev1Event>(Columns, Cells);

    public static object[] Cells(Corev1Event ev, DateTime now)
    {
        var first = PrintFormat.IsZero(ev.FirstTimestamp)
            ? PrintFormat.Since(ev.EventTime, now)
            : PrintFormat.Since(ev.FirstTimestamp, now);
        var last = PrintFormat.IsZero(ev.LastTimestamp) ? first : PrintFormat.Since(ev.LastTimestamp, now);

        long count = ev.Count ?? 0;
        if (ev.Series is not null)
        {
            last = PrintFormat.Since(ev.Series.LastObservedTime, now);
            count = ev.Series.Count ?? 0;
        }
        else if (count == 0)
        {
            // singleton events of the new API have no count
            count = 1;
        }

        var involved = ev.InvolvedObject;
        var kind = (involved?.Kind ?? "").ToLowerInvariant();
        var target = string.IsNullOrEmpty(involved?.Name) ? kind : $"{kind}/{involved.Name}";
        return
        [
            last,
            ev.Type ?? "",
            ev.Reason ?? "",
            target,
            involved?.FieldPath ?? "",
            Source(ev),
            (ev.Message ?? "").Trim(),
            first,
            count,
            ev.Metadata?.Name ?? "",
        ];
    }

    /// <summary>formatEventSource: "component, host", from reportingComponent/reportingInstance when unset.</summary>
    public static string Source(Corev1Event ev)
    {
        var component = FirstNonEmpty(ev.Source?.Component, ev.ReportingComponent);
        var instance = FirstNonEmpty(ev.Source?.Host, ev.ReportingInstance);
        return instance.Length == 0 ? component : component + ", " + instance;
    }

    private static string FirstNonEmpty(string? a, string? b) => !string.IsNullOrEmpty(a) ? a : b ?? "";
}
