namespace ActorKube.Core.Selectors;

/// <summary>Operators of label and field selector requirements (apimachinery's selection.Operator).</summary>
public enum SelectorOperator
{
    Equals,
    DoubleEquals,
    NotEquals,
    In,
    NotIn,
    Exists,
    DoesNotExist,
    GreaterThan,
    LessThan,
}
