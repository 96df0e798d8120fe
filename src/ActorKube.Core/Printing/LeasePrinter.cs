namespace ActorKube.Core.Printing;

/// <summary>Leases: NAME HOLDER AGE (printLease).</summary>
public static class LeasePrinter
{
    public static readonly IReadOnlyList<TableColumnDefinition> Columns =
    [
        Column.Name,
        TableColumnDefinition.Of("Holder", "string", ColumnDocs.LeaseHolder),
        Column.Age,
    ];

    public static readonly KindPrinter Printer = KindPrinter.Create<V1Lease>(Columns, Cells);

    public static object[] Cells(V1Lease lease, DateTime now) =>
    [
        lease.Metadata?.Name ?? "",
        lease.Spec?.HolderIdentity ?? "",
        PrintFormat.Since(lease.Metadata?.CreationTimestamp, now),
    ];
}
