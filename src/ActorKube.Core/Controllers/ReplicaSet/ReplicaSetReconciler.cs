using ActorKube.Core.Objects;

namespace ActorKube.Core.Controllers.ReplicaSet;

/// <summary>What one ReplicaSet sync asks the apiserver to do (the actions of Kubernetes' fake client in replica_set_test.go).</summary>
public sealed record ReplicaSetSync(
    IReadOnlyList<V1Pod> Adopt,
    IReadOnlyList<V1Pod> Release,
    int CreateCount,
    V1Pod? PodToCreate,
    IReadOnlyList<V1Pod> Deletes,
    V1ReplicaSet? StatusUpdate,
    TimeSpan? RequeueAfter)
{
    public bool DoesNothing => Adopt.Count == 0 && Release.Count == 0 && CreateCount == 0 && Deletes.Count == 0 && StatusUpdate is null;
}

/// <summary>
/// syncReplicaSet of pkg/controller/replicaset as a pure function over a cache snapshot: claim pods
/// (adopt orphans that match, release owned ones that no longer match), compare the active pods with
/// spec.replicas, ask for creations or deletions (bounded by burstReplicas, recorded as expectations),
/// and compute the status from what was observed.
/// </summary>
public static class ReplicaSetReconciler
{
    public const int DefaultBurstReplicas = 500;

    /// <param name="rs">The ReplicaSet from the cache.</param>
    /// <param name="pods">Pods owned by the ReplicaSet and orphan pods of its namespace (others are ignored).</param>
    /// <param name="expectations">The controller's expectations; set here when creations or deletions are asked for.</param>
    /// <param name="relatedPods">Active pods of sibling ReplicaSets (same controller owner), for ranking on nodes.</param>
    public static ReplicaSetSync Sync(
        V1ReplicaSet rs,
        IEnumerable<V1Pod> pods,
        ControllerExpectations expectations,
        DateTime now,
        int burstReplicas = DefaultBurstReplicas,
        IReadOnlyList<V1Pod>? relatedPods = null)
    {
        var key = rs.KeyOf();
        var satisfied = expectations.Satisfied(key, now);
        var deleting = rs.Metadata.DeletionTimestamp is not null;

        // ClaimPods (PodControllerRefManager): only pods that match, or are already ours.
        var adopt = new List<V1Pod>();
        var release = new List<V1Pod>();
        var claimed = new List<V1Pod>();
        foreach (var pod in pods)
        {
            if (pod.Metadata.NamespaceProperty != rs.Metadata.NamespaceProperty)
            {
                continue;
            }

            var matches = LabelSelectors.Matches(rs.Spec.Selector, pod.Metadata.Labels);
            var owner = pod.ControllerRef();
            if (owner is not null)
            {
                if (owner.Uid != rs.Metadata.Uid)
                {
                    continue;
                }

                if (matches)
                {
                    claimed.Add(pod);
                }
                else if (!deleting && pod.Metadata.DeletionTimestamp is null)
                {
                    release.Add(WithoutOwner(pod, rs.Metadata.Uid));
                }

                continue;
            }

            if (matches && !deleting && pod.Metadata.DeletionTimestamp is null)
            {
                var adopted = WithOwner(pod, rs);
                adopt.Add(adopted);
                claimed.Add(adopted);
            }
        }

        var filtered = claimed.Where(PodUtil.IsPodActive).ToList();

        var createCount = 0;
        V1Pod? podToCreate = null;
        IReadOnlyList<V1Pod> deletes = [];
        if (satisfied && !deleting)
        {
            var desired = rs.Spec.Replicas ?? 1;
            var diff = filtered.Count - desired;
            if (diff < 0)
            {
                createCount = Math.Min(-diff, burstReplicas);
                expectations.ExpectCreations(key, createCount, now);
                podToCreate = PodTemplates.NewPod(rs, rs.Spec.Template);
            }
            else if (diff > 0)
            {
                diff = Math.Min(diff, burstReplicas);
                deletes = PodDeletionOrder.PodsToDelete(filtered, relatedPods, diff);
                expectations.ExpectDeletions(key, deletes.Select(PodUtil.Key), now);
            }
        }

        var status = CalculateStatus(rs, filtered, now);
        V1ReplicaSet? statusUpdate = null;
        if (!StatusEquals(rs.Status, status))
        {
            statusUpdate = rs with { Status = status };
        }

        TimeSpan? requeue = null;
        var minReady = rs.Spec.MinReadySeconds ?? 0;
        if (minReady > 0 && status.ReadyReplicas == (rs.Spec.Replicas ?? 1) && status.AvailableReplicas != (rs.Spec.Replicas ?? 1))
        {
            requeue = TimeSpan.FromSeconds(minReady);
        }

        return new ReplicaSetSync(adopt, release, createCount, podToCreate, deletes, statusUpdate, requeue);
    }

    /// <summary>calculateStatus: replicas, fullyLabeledReplicas, readyReplicas, availableReplicas, observedGeneration.</summary>
    public static V1ReplicaSetStatus CalculateStatus(V1ReplicaSet rs, IReadOnlyList<V1Pod> filteredPods, DateTime now)
    {
        var templateLabels = rs.Spec.Template?.Metadata?.Labels;
        var minReady = rs.Spec.MinReadySeconds ?? 0;
        int fully = 0, ready = 0, available = 0;
        foreach (var pod in filteredPods)
        {
            if (LabelSelectors.SetMatches(templateLabels, pod.Metadata.Labels))
            {
                fully++;
            }

            if (PodUtil.IsPodReady(pod))
            {
                ready++;
                if (PodUtil.IsPodAvailable(pod, minReady, now))
                {
                    available++;
                }
            }
        }

        return new V1ReplicaSetStatus
        {
            Replicas = filteredPods.Count,
            FullyLabeledReplicas = fully,
            ReadyReplicas = ready,
            AvailableReplicas = available,
            ObservedGeneration = rs.Metadata.Generation,
            Conditions = rs.Status?.Conditions,
        };
    }

    private static bool StatusEquals(V1ReplicaSetStatus? a, V1ReplicaSetStatus b) =>
        a is not null &&
        a.Replicas == b.Replicas &&
        (a.FullyLabeledReplicas ?? 0) == (b.FullyLabeledReplicas ?? 0) &&
        (a.ReadyReplicas ?? 0) == (b.ReadyReplicas ?? 0) &&
        (a.AvailableReplicas ?? 0) == (b.AvailableReplicas ?? 0) &&
        a.ObservedGeneration == b.ObservedGeneration;

    private static V1Pod WithOwner(V1Pod pod, V1ReplicaSet rs)
    {
        var refs = pod.Metadata.OwnerReferences?.ToList() ?? [];
        refs.Add(ObjectExtensions.OwnerReferenceTo(rs));
        return pod with { Metadata = pod.Metadata with { OwnerReferences = refs } };
    }

    private static V1Pod WithoutOwner(V1Pod pod, string uid) =>
        pod with { Metadata = pod.Metadata with { OwnerReferences = pod.Metadata.OwnerReferences!.Where(o => o.Uid != uid).ToList() } };
}
