namespace ActorKube.Core.Controllers.ReplicaSet;

/// <summary>
/// getPodsToDelete with ActivePodsWithRanks.Less: the pods a ReplicaSet deletes first when it scales
/// down are the ones that cost least to lose: unassigned before assigned, Pending before Unknown
/// before Running, not ready before ready, lower pod-deletion-cost first, doubled up on a node
/// (higher rank) first, ready for less time first, more restarts first, newer first.
/// (Kubernetes' LogarithmicScaleDown buckets ready times on a log scale; ActorKube compares them exactly.)
/// </summary>
public static class PodDeletionOrder
{
    public const string PodDeletionCostAnnotation = "controller.kubernetes.io/pod-deletion-cost";

    /// <summary>The <paramref name="count"/> pods to delete among <paramref name="filteredPods"/>.</summary>
    /// <param name="relatedPods">Active pods of the same owner family (for ranks by pods on the same node); defaults to the filtered pods.</param>
    public static IReadOnlyList<V1Pod> PodsToDelete(IReadOnlyList<V1Pod> filteredPods, IReadOnlyList<V1Pod>? relatedPods, int count)
    {
        if (count >= filteredPods.Count)
        {
            return filteredPods;
        }

        var related = relatedPods ?? filteredPods;
        var podsOnNode = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var p in related)
        {
            if (PodUtil.IsPodActive(p) && !string.IsNullOrEmpty(p.Spec?.NodeName))
            {
                podsOnNode[p.Spec.NodeName] = podsOnNode.GetValueOrDefault(p.Spec.NodeName) + 1;
            }
        }

        var ranked = filteredPods
            .Select(p => (Pod: p, Rank: string.IsNullOrEmpty(p.Spec?.NodeName) ? 0 : podsOnNode.GetValueOrDefault(p.Spec.NodeName)))
            .ToList();
        ranked.Sort((a, b) => Compare(a.Pod, a.Rank, b.Pod, b.Rank));
        return ranked.Take(count).Select(r => r.Pod).ToList();
    }

    /// <summary>Negative when <paramref name="p1"/> should be deleted before <paramref name="p2"/>.</summary>
    public static int Compare(V1Pod p1, int rank1, V1Pod p2, int rank2)
    {
        var n1 = p1.Spec?.NodeName ?? "";
        var n2 = p2.Spec?.NodeName ?? "";
        if (n1 != n2 && (n1.Length == 0 || n2.Length == 0))
        {
            return n1.Length == 0 ? -1 : 1;
        }

        var o1 = PhaseOrdinal(p1.Status?.Phase);
        var o2 = PhaseOrdinal(p2.Status?.Phase);
        if (o1 != o2)
        {
            return o1.CompareTo(o2);
        }

        var r1 = PodUtil.IsPodReady(p1);
        var r2 = PodUtil.IsPodReady(p2);
        if (r1 != r2)
        {
            return r1 ? 1 : -1;
        }

        var c1 = DeletionCost(p1);
        var c2 = DeletionCost(p2);
        if (c1 != c2)
        {
            return c1.CompareTo(c2);
        }

        if (rank1 != rank2)
        {
            return rank2.CompareTo(rank1);
        }

        if (r1 && r2)
        {
            var t1 = PodUtil.ReadyCondition(p1)?.LastTransitionTime;
            var t2 = PodUtil.ReadyCondition(p2)?.LastTransitionTime;
            if (t1 != t2)
            {
                return AfterOrZero(t1, t2) ? -1 : 1;
            }
        }

        var x1 = PodUtil.MaxContainerRestarts(p1);
        var x2 = PodUtil.MaxContainerRestarts(p2);
        if (x1 != x2)
        {
            return x2.CompareTo(x1);
        }

        var ct1 = p1.Metadata.CreationTimestamp;
        var ct2 = p2.Metadata.CreationTimestamp;
        if (ct1 != ct2)
        {
            return AfterOrZero(ct1, ct2) ? -1 : 1;
        }

        return 0;
    }

    // Pending < Unknown < Running (other phases are not active).
    private static int PhaseOrdinal(string? phase) => phase switch
    {
        "Pending" => 0,
        "Unknown" => 1,
        "Running" => 2,
        _ => 0,
    };

    private static int DeletionCost(V1Pod pod) =>
        pod.Metadata.Annotations is { } a && a.TryGetValue(PodDeletionCostAnnotation, out var s) &&
        int.TryParse(s, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : 0;

    // afterOrZero: a missing time sorts first, then the later time.
    private static bool AfterOrZero(DateTime? t1, DateTime? t2)
    {
        if (t1 is null || t2 is null)
        {
            return t1 is null;
        }

        return t1 > t2;
    }
}
