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

        if (selector.MatchLabels is { } ml && !SetMatches(ml, labels))
        {
            return false;
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

        if (set is Dictionary<string, string> dictionary)
        {
            // The struct enumerator: no allocation per call (controllers match every pod on every sync).
            foreach (var (k, v) in dictionary)
            {
                if (!Has(labels, k, v))
                {
                    return false;
                }
            }

            return true;
        }

        foreach (var (k, v) in set)
        {
            if (!Has(labels, k, v))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Has(IDictionary<string, string>? labels, string key, string value) =>
        labels is not null && labels.TryGetValue(key, out var actual) && actual == value;
}
