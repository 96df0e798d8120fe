using System.Globalization;

namespace ActorKube.Core.Scheduling;

/// <summary>Operator of a node selector requirement.</summary>
public enum SelectorOperator
{
    In,
    NotIn,
    Exists,
    DoesNotExist,
    Gt,
    Lt,

    /// <summary>Unknown operator or unparsable value: the requirement matches nothing.</summary>
    Invalid,
}

/// <summary>One compiled node selector requirement (v1.NodeSelectorRequirement), matched without allocation.</summary>
public sealed class CompiledRequirement
{
    public CompiledRequirement(V1NodeSelectorRequirement r, bool isField)
    {
        Key = r.Key ?? "";
        Values = r.Values is null ? [] : [.. r.Values];
        Operator = r.OperatorProperty switch
        {
            "In" => SelectorOperator.In,
            "NotIn" => SelectorOperator.NotIn,
            "Exists" when !isField => SelectorOperator.Exists,
            "DoesNotExist" when !isField => SelectorOperator.DoesNotExist,
            "Gt" when !isField => SelectorOperator.Gt,
            "Lt" when !isField => SelectorOperator.Lt,
            _ => SelectorOperator.Invalid,
        };
        if (Operator is SelectorOperator.Gt or SelectorOperator.Lt)
        {
            if (Values.Length != 1 || !long.TryParse(Values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
            {
                Operator = SelectorOperator.Invalid;
            }
            else
            {
                Number = n;
            }
        }
        else if (Operator is SelectorOperator.In or SelectorOperator.NotIn && Values.Length == 0)
        {
            Operator = SelectorOperator.Invalid;
        }

        // the only field a node selector may match is metadata.name
        if (isField && !string.Equals(Key, "metadata.name", StringComparison.Ordinal))
        {
            Operator = SelectorOperator.Invalid;
        }
    }

    public string Key { get; }

    public SelectorOperator Operator { get; }

    public string[] Values { get; }

    public long Number { get; }

    /// <summary>Matches a value that is present (<paramref name="has"/>) or absent.</summary>
    public bool Matches(bool has, string? value)
    {
        switch (Operator)
        {
            case SelectorOperator.In:
                return has && Contains(value!);
            case SelectorOperator.NotIn:
                return !has || !Contains(value!);
            case SelectorOperator.Exists:
                return has;
            case SelectorOperator.DoesNotExist:
                return !has;
            case SelectorOperator.Gt:
            case SelectorOperator.Lt:
                if (!has || !long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
                {
                    return false;
                }

                return Operator == SelectorOperator.Gt ? v > Number : v < Number;
            default:
                return false;
        }
    }

    private bool Contains(string value)
    {
        var values = Values;
        for (var i = 0; i < values.Length; i++)
        {
            if (string.Equals(values[i], value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>One compiled v1.NodeSelectorTerm: all its expressions and fields must match (AND).</summary>
public sealed class CompiledTerm
{
    public CompiledTerm(V1NodeSelectorTerm term)
    {
        Labels = term.MatchExpressions is null ? [] : [.. term.MatchExpressions.Select(r => new CompiledRequirement(r, isField: false))];
        Fields = term.MatchFields is null ? [] : [.. term.MatchFields.Select(r => new CompiledRequirement(r, isField: true))];
    }

    public CompiledRequirement[] Labels { get; }

    public CompiledRequirement[] Fields { get; }

    /// <summary>An empty term matches no node (as in Kubernetes).</summary>
    public bool Matches(string nodeName, IDictionary<string, string>? labels)
    {
        if (Labels.Length == 0 && Fields.Length == 0)
        {
            return false;
        }

        for (var i = 0; i < Labels.Length; i++)
        {
            var r = Labels[i];
            string? v = null;
            var has = labels is not null && labels.TryGetValue(r.Key, out v);
            if (!r.Matches(has, v))
            {
                return false;
            }
        }

        for (var i = 0; i < Fields.Length; i++)
        {
            if (!Fields[i].Matches(true, nodeName))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>Node selector helpers (component-helpers/scheduling/corev1/nodeaffinity).</summary>
public static class NodeSelectorMatcher
{
    public static CompiledTerm[] Compile(V1NodeSelector? selector) =>
        selector?.NodeSelectorTerms is null ? [] : [.. selector.NodeSelectorTerms.Select(t => new CompiledTerm(t))];

    /// <summary>The terms are ORed; no terms means nothing matches.</summary>
    public static bool MatchesAny(CompiledTerm[] terms, string nodeName, IDictionary<string, string>? labels)
    {
        for (var i = 0; i < terms.Length; i++)
        {
            if (terms[i].Matches(nodeName, labels))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>spec.nodeSelector: every pair must be a label of the node.</summary>
    public static bool MatchesLabels(KeyValuePair<string, string>[] selector, IDictionary<string, string>? labels)
    {
        for (var i = 0; i < selector.Length; i++)
        {
            if (labels is null || !labels.TryGetValue(selector[i].Key, out var v) || !string.Equals(v, selector[i].Value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
