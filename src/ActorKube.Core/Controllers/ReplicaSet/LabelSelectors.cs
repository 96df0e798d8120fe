namespace ActorKube.Core.Controllers.ReplicaSet;

/// <summary>metav1.LabelSelectorAsSelector + Matches: matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist).</summary>
public static class LabelSelectors
{
    /// <summary>A null selector matches nothing; an empty one matches everything (as Kubernetes).</summary>
    public static bool Matches(V1LabelSelector? selector, IDictionary<string, string>? labels)
    {
        if (selector is null)
        {
            return false;
        }

        if (selector.MatchLabels is { } ml)
        {
            foreach (var (k, v) in ml)
            {
                if (labels is null || !labels.TryGetValue(k, out var actual) || actual != v)
                {
                    return false;
                }
            }
        }

        if (selector.MatchExpressions is { } exprs)
        {
            foreach (var e in exprs)
            {
                string? actual = null;
                var has = labels is not null && labels.TryGetValue(e.Key, out actual);
                var ok = e.OperatorProperty switch
                {
                    "In" => has && e.Values is not null && e.Values.Contains(actual!),
                    "NotIn" => !has || e.Values is null || !e.Values.Contains(actual!),
                    "Exists" => has,
                    "DoesNotExist" => !has,
                    _ => false,
                };
                if (!ok)
                {
                    return false;
                }
            }
        }

        return true;
    }

    public static bool IsEmpty(V1LabelSelector? selector) =>
        selector is not null && (selector.MatchLabels is null || selector.MatchLabels.Count == 0) && (selector.MatchExpressions is null || selector.MatchExpressions.Count == 0);

    /// <summary>labels.SelectorFromSet(set).Matches: every key/value of the set is in the labels.</summary>
    public static bool SetMatches(IDictionary<string, string>? set, IDictionary<string, string>? labels)
    {
        if (set is null)
        {
            return true;
        }

        foreach (var (k, v) in set)
        {
            if (labels is null || !labels.TryGetValue(k, out var actual) || actual != v)
            {
                return false;
            }
        }

        return true;
    }
}
