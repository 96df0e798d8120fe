namespace ActorKube.Core.Printing;

/// <summary>
/// The Table columns of one kind and how to fill them for one object: one of the kube-apiserver
/// <c>TableHandler</c>s of <c>pkg/printers/internalversion/printers.go</c>. Cells always include the
/// priority 1 (wide) columns, as the apiserver generates tables with <c>Wide: true</c>.
/// </summary>
public sealed class KindPrinter
{
    private readonly Func<IKubernetesObject<V1ObjectMeta>, DateTime, object[]> _cells;
    private readonly Func<IKubernetesObject<V1ObjectMeta>, IReadOnlyList<TableRowCondition>>? _conditions;

    private KindPrinter(
        IReadOnlyList<TableColumnDefinition> columns,
        Func<IKubernetesObject<V1ObjectMeta>, DateTime, object[]> cells,
        Func<IKubernetesObject<V1ObjectMeta>, IReadOnlyList<TableRowCondition>>? conditions)
    {
        Columns = columns;
        _cells = cells;
        _conditions = conditions;
    }

    public IReadOnlyList<TableColumnDefinition> Columns { get; }

    public static KindPrinter Create<T>(
        IReadOnlyList<TableColumnDefinition> columns,
        Func<T, DateTime, object[]> cells,
        Func<T, IReadOnlyList<TableRowCondition>>? conditions = null)
        where T : IKubernetesObject<V1ObjectMeta> =>
        new(columns, (o, now) => cells((T)o, now), conditions is null ? null : o => conditions((T)o));

    public object[] Cells(IKubernetesObject<V1ObjectMeta> obj, DateTime now) => _cells(obj, now);

    public IReadOnlyList<TableRowCondition> Conditions(IKubernetesObject<V1ObjectMeta> obj) => _conditions?.Invoke(obj) ?? [];
}
