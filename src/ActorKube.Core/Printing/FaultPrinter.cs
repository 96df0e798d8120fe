using ActorKube.Core.Objects.Chaos;

namespace ActorKube.Core.Printing;

/// <summary>
/// Faults: NAME TYPE TARGET PHASE AGE, wide DURATION MESSAGE (the printer columns a CRD would declare).
/// TARGET is the node of a node fault, <c>from->to</c> for a network fault.
/// </summary>
public static class FaultPrinter
{
    public static readonly IReadOnlyList<TableColumnDefinition> Columns =
    [
        Column.Name,
        TableColumnDefinition.Of("Type", "string", ColumnDocs.FaultType),
        TableColumnDefinition.Of("Target", "string", ColumnDocs.FaultTarget),
        TableColumnDefinition.Of("Phase", "string", ColumnDocs.FaultPhase),
        Column.Age,
        TableColumnDefinition.Wide("Duration", "string", ColumnDocs.FaultDuration),
        TableColumnDefinition.Wide("Message", "string", ColumnDocs.FaultMessage),
    ];

    public static readonly KindPrinter Printer = KindPrinter.Create<V1alpha1Fault>(Columns, Cells);

    public static object[] Cells(V1alpha1Fault fault, DateTime now) =>
    [
        fault.Metadata?.Name ?? "",
        fault.Spec?.Type ?? "",
        Target(fault.Spec),
        fault.Status?.Phase ?? "",
        PrintFormat.Since(fault.Metadata?.CreationTimestamp, now),
        PrintFormat.OrNone(fault.Spec?.Duration),
        PrintFormat.OrNone(fault.Status?.Message),
    ];

    public static string Target(V1alpha1FaultSpec? spec) =>
        spec is null ? PrintFormat.None
        : FaultTypes.IsNetworkFault(spec.Type) ? $"{spec.From}->{spec.To}"
        : PrintFormat.OrNone(spec.Node);
}
