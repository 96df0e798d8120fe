namespace ActorKube.Core.Controllers.NodeLifecycle;

/// <summary>
/// Taint/toleration matching as the taint-eviction controller uses it (k8s.io/api core/v1
/// Toleration.ToleratesTaint, v1helper.GetMatchingTolerations, tainteviction getMinTolerationTime).
/// </summary>
public static class TaintTolerations
{
    public const string NoExecute = "NoExecute";

    public static bool ToleratesTaint(V1Toleration toleration, V1Taint taint)
    {
        if (!string.IsNullOrEmpty(toleration.Effect) && toleration.Effect != taint.Effect)
        {
            return false;
        }

        if (!string.IsNullOrEmpty(toleration.Key) && toleration.Key != taint.Key)
        {
            return false;
        }

        return toleration.OperatorProperty switch
        {
            null or "" or "Equal" => (toleration.Value ?? "") == (taint.Value ?? ""),
            "Exists" => true,
            _ => false,
        };
    }

    /// <summary>True if every taint is tolerated, with the first toleration that matches each taint.</summary>
    public static (bool AllTolerated, IReadOnlyList<V1Toleration> Used) GetMatchingTolerations(IReadOnlyList<V1Taint> taints, IList<V1Toleration>? tolerations)
    {
        if (taints.Count == 0)
        {
            return (true, []);
        }

        if (tolerations is null || tolerations.Count == 0)
        {
            return (false, []);
        }

        var used = new List<V1Toleration>(taints.Count);
        foreach (var taint in taints)
        {
            var match = tolerations.FirstOrDefault(t => ToleratesTaint(t, taint));
            if (match is null)
            {
                return (false, []);
            }

            used.Add(match);
        }

        return (true, used);
    }

    /// <summary>The shortest tolerationSeconds of the used tolerations; null means "tolerated forever".
    /// No tolerations, or any tolerationSeconds &lt;= 0, means zero (evict now).</summary>
    public static TimeSpan? MinTolerationTime(IReadOnlyList<V1Toleration> used)
    {
        if (used.Count == 0)
        {
            return TimeSpan.Zero;
        }

        long? min = null;
        foreach (var t in used)
        {
            if (t.TolerationSeconds is { } s)
            {
                if (s <= 0)
                {
                    return TimeSpan.Zero;
                }

                min = min is null ? s : Math.Min(min.Value, s);
            }
        }

        return min is null ? null : TimeSpan.FromSeconds(min.Value);
    }

    public static IReadOnlyList<V1Taint> NoExecuteTaints(V1Node? node)
    {
        // Asked on every pod update (the taint manager): most nodes have no taints, and then nothing is allocated.
        if (node?.Spec?.Taints is not { Count: > 0 } taints)
        {
            return [];
        }

        return taints.Where(t => t.Effect == NoExecute).ToList();
    }

    /// <summary>taintutils.TaintExists: same key and effect.</summary>
    public static bool TaintExists(IEnumerable<V1Taint>? taints, string key, string effect) =>
        taints?.Any(t => t.Key == key && t.Effect == effect) ?? false;
}
