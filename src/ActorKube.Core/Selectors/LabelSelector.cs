using System.Globalization;
using ActorKube.Core.Api;

namespace ActorKube.Core.Selectors;

/// <summary>
/// A parsed label selector (apimachinery pkg/labels): requirements ANDed together. Immutable and thread-safe.
/// <see cref="Parse"/> accepts the full kubectl syntax; <see cref="FromV1"/> converts a <c>metav1.LabelSelector</c>.
/// </summary>
public sealed class LabelSelector
{
    /// <summary>Matches every object (the empty selector).</summary>
    public static readonly LabelSelector Everything = new([], false);

    /// <summary>Matches no object (what a nil <c>metav1.LabelSelector</c> converts to).</summary>
    public static readonly LabelSelector Nothing = new([], true);

    private readonly bool _nothing;

    private LabelSelector(IReadOnlyList<LabelRequirement> requirements, bool nothing)
    {
        Requirements = requirements;
        _nothing = nothing;
    }

    public IReadOnlyList<LabelRequirement> Requirements { get; }

    /// <summary>True when the selector has no requirement (it matches everything, unless it is <see cref="Nothing"/>).</summary>
    public bool IsEmpty => Requirements.Count == 0;

    public bool MatchesEverything => Requirements.Count == 0 && !_nothing;

    public bool MatchesNothing => _nothing;

    public bool Matches(IDictionary<string, string>? labels)
    {
        if (_nothing)
        {
            return false;
        }

        foreach (var r in Requirements)
        {
            if (!r.Matches(labels))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The value a selector requires with = or == for <paramref name="key"/>, if any.</summary>
    public bool TryGetEquality(string key, out string value)
    {
        foreach (var r in Requirements)
        {
            if (r.Key == key && r.Operator is SelectorOperator.Equals or SelectorOperator.DoubleEquals or SelectorOperator.In && r.Values.Count == 1)
            {
                value = r.Values[0];
                return true;
            }
        }

        value = "";
        return false;
    }

    /// <summary>Requirements sorted by key and joined by commas, as Kubernetes prints them.</summary>
    public override string ToString() => string.Join(",", Requirements.Select(r => r.ToString()));

    /// <summary>A selector matching exactly these labels (labels.SelectorFromSet).</summary>
    public static LabelSelector FromSet(IDictionary<string, string>? set)
    {
        if (set is null || set.Count == 0)
        {
            return Everything;
        }

        return new LabelSelector(Sorted(set.Select(kv => Make(kv.Key, SelectorOperator.Equals, [kv.Value]))), false);
    }

    /// <summary>
    /// metav1.LabelSelectorAsSelector: null matches nothing, empty matches everything; matchLabels and
    /// matchExpressions (In, NotIn, Exists, DoesNotExist) are ANDed. Invalid selectors raise a 400 ApiException.
    /// </summary>
    public static LabelSelector FromV1(V1LabelSelector? selector)
    {
        if (selector is null)
        {
            return Nothing;
        }

        var matchLabels = selector.MatchLabels?.Count ?? 0;
        var matchExpressions = selector.MatchExpressions?.Count ?? 0;
        if (matchLabels + matchExpressions == 0)
        {
            return Everything;
        }

        var reqs = new List<LabelRequirement>(matchLabels + matchExpressions);
        if (selector.MatchLabels is not null)
        {
            foreach (var (k, v) in selector.MatchLabels)
            {
                reqs.Add(Make(k, SelectorOperator.Equals, [v]));
            }
        }

        if (selector.MatchExpressions is not null)
        {
            foreach (var expr in selector.MatchExpressions)
            {
                var op = expr.OperatorProperty switch
                {
                    "In" => SelectorOperator.In,
                    "NotIn" => SelectorOperator.NotIn,
                    "Exists" => SelectorOperator.Exists,
                    "DoesNotExist" => SelectorOperator.DoesNotExist,
                    _ => throw new ApiException(StatusErrors.BadRequest($"\"{expr.OperatorProperty}\" is not a valid label selector operator")),
                };
                reqs.Add(Make(expr.Key ?? "", op, expr.Values ?? []));
            }
        }

        return new LabelSelector(Sorted(reqs), false);
    }

    /// <summary>Converts a <c>metav1.LabelSelector</c>, collecting problems instead of throwing (for validation).</summary>
    public static LabelSelector? TryFromV1(V1LabelSelector? selector, out string? error)
    {
        try
        {
            error = null;
            return FromV1(selector);
        }
        catch (ApiException e)
        {
            error = e.Status.Message;
            return null;
        }
    }

    /// <summary>
    /// Parses kubectl selector syntax: <c>a=b</c>, <c>a==b</c>, <c>a!=b</c>, <c>a in (x,y)</c>, <c>a notin (x)</c>,
    /// <c>a</c>, <c>!a</c>, <c>a&gt;1</c>, <c>a&lt;1</c>, joined by commas. Bad syntax raises a 400 ApiException.
    /// </summary>
    public static LabelSelector Parse(string? selector)
    {
        if (string.IsNullOrWhiteSpace(selector))
        {
            return Everything;
        }

        var reqs = new LabelSelectorParser(selector).Parse();
        return reqs.Count == 0 ? Everything : new LabelSelector(Sorted(reqs), false);
    }

    public static bool TryParse(string? selector, out LabelSelector result, out string? error)
    {
        try
        {
            result = Parse(selector);
            error = null;
            return true;
        }
        catch (ApiException e)
        {
            result = Nothing;
            error = e.Status.Message;
            return false;
        }
    }

    private static List<LabelRequirement> Sorted(IEnumerable<LabelRequirement> reqs)
    {
        var list = reqs.ToList();
        list.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return list;
    }

    /// <summary>labels.NewRequirement: validates key, values and the value count the operator needs.</summary>
    internal static LabelRequirement Make(string key, SelectorOperator op, IEnumerable<string> values, string errorPrefix = "")
    {
        var errs = new List<string>();
        foreach (var m in NameRules.IsQualifiedName(key))
        {
            errs.Add($"key: Invalid value: \"{key}\": {m}");
        }

        var vals = values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        switch (op)
        {
            case SelectorOperator.In or SelectorOperator.NotIn:
                if (vals.Count == 0)
                {
                    errs.Add("values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty");
                }

                break;
            case SelectorOperator.Equals or SelectorOperator.DoubleEquals or SelectorOperator.NotEquals:
                if (vals.Count != 1)
                {
                    errs.Add($"values: Invalid value: {GoStrings(vals)}: exact-match compatibility requires one single value");
                }

                break;
            case SelectorOperator.Exists or SelectorOperator.DoesNotExist:
                if (vals.Count != 0)
                {
                    errs.Add($"values: Invalid value: {GoStrings(vals)}: values set must be empty for exists and does not exist");
                }

                break;
            case SelectorOperator.GreaterThan or SelectorOperator.LessThan:
                if (vals.Count != 1)
                {
                    errs.Add($"values: Invalid value: {GoStrings(vals)}: for 'Gt', 'Lt' operators, exactly one value is required");
                }

                for (var i = 0; i < vals.Count; i++)
                {
                    if (!long.TryParse(vals[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
                    {
                        errs.Add($"values[{i}]: Invalid value: \"{vals[i]}\": for 'Gt', 'Lt' operators, the value must be an integer");
                    }
                }

                break;
        }

        if (op is not (SelectorOperator.GreaterThan or SelectorOperator.LessThan))
        {
            for (var i = 0; i < vals.Count; i++)
            {
                foreach (var m in NameRules.IsValidLabelValue(vals[i]))
                {
                    errs.Add($"values[{i}][{key}]: Invalid value: \"{vals[i]}\": {m}");
                }
            }
        }

        if (errs.Count > 0)
        {
            var joined = errs.Count == 1 ? errs[0] : "[" + string.Join(", ", errs) + "]";
            throw new ApiException(StatusErrors.BadRequest(errorPrefix + joined));
        }

        return new LabelRequirement(key, op, vals);
    }

    private static string GoStrings(IEnumerable<string> values) => "[]string{" + string.Join(", ", values.Select(v => $"\"{v}\"")) + "}";
}
