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
    /// <param name="relatedPods">Active pods of sibling ReplicaSets (same controller owner), for ranking on nodes;
    /// asked for only when the sync deletes pods.</param>
    /// <remarks>
    /// A sync looks at every pod of the ReplicaSet, and a controller syncs a 10,000-pod ReplicaSet many times a
    /// second while it scales: the active pods are counted, not listed, unless the sync deletes some. (Lists of
    /// 10,000 references are large-object-heap arrays, which count towards the GC's full collections.)
    /// </remarks>
    public static ReplicaSetSync Sync(
        V1ReplicaSet rs,
        IEnumerable<V1Pod> pods,
        ControllerExpectations expectations,
        DateTime now,
        int burstReplicas = DefaultBurstReplicas,
        Func<IReadOnlyList<V1Pod>>? relatedPods = null)
    {
        var key = rs.KeyOf();
        var satisfied = expectations.Satisfied(key, now);
        var deleting = rs.Metadata.DeletionTimestamp is not null;

        // ClaimPods (PodControllerRefManager): only pods that match, or are already ours. The claimed pods that are
        // active (FilterActivePods) are counted into the status as they are found.
        var adopt = new List<V1Pod>();
        var release = new List<V1Pod>();
        var counter = new StatusCounter(rs, now);
        foreach (var pod in pods)
        {
            switch (Claim(rs, pod, deleting))
            {
                case ClaimResult.Claimed when PodUtil.IsPodActive(pod):
                    counter.Add(pod);
                    break;
                case ClaimResult.Adopt:
                    var adopted = WithOwner(pod, rs);
                    adopt.Add(adopted);
                    if (PodUtil.IsPodActive(adopted))
                    {
                        counter.Add(adopted);
                    }

                    break;
                case ClaimResult.Release:
                    release.Add(WithoutOwner(pod, rs.Metadata.Uid));
                    break;
            }
        }

        var createCount = 0;
        V1Pod? podToCreate = null;
        IReadOnlyList<V1Pod> deletes = [];
        if (satisfied && !deleting)
        {
            var desired = rs.Spec.Replicas ?? 1;
            var diff = counter.Active - desired;
            if (diff < 0)
            {
                createCount = Math.Min(-diff, burstReplicas);
                expectations.ExpectCreations(key, createCount, now);
                podToCreate = PodTemplates.NewPod(rs, rs.Spec.Template);
            }
            else if (diff > 0)
            {
                diff = Math.Min(diff, burstReplicas);
                deletes = PodDeletionOrder.PodsToDelete(ActivePods(rs, pods, deleting), relatedPods?.Invoke(), diff);
                expectations.ExpectDeletions(key, deletes.Select(PodUtil.Key), now);
            }
        }

        var status = counter.Status();
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
        var counter = new StatusCounter(rs, now);
        foreach (var pod in filteredPods)
        {
            counter.Add(pod);
        }

        return counter.Status();
    }

    private enum ClaimResult
    {
        Ignore,
        Claimed,
        Adopt,
        Release,
    }

    private static ClaimResult Claim(V1ReplicaSet rs, V1Pod pod, bool deleting)
    {
        if (pod.Metadata.NamespaceProperty != rs.Metadata.NamespaceProperty)
        {
            return ClaimResult.Ignore;
        }

        var matches = LabelSelectors.Matches(rs.Spec.Selector, pod.Metadata.Labels);
        var owner = pod.ControllerRef();
        if (owner is not null)
        {
            if (owner.Uid != rs.Metadata.Uid)
            {
                return ClaimResult.Ignore;
            }

            return matches ? ClaimResult.Claimed
                : !deleting && pod.Metadata.DeletionTimestamp is null ? ClaimResult.Release
                : ClaimResult.Ignore;
        }

        return matches && !deleting && pod.Metadata.DeletionTimestamp is null ? ClaimResult.Adopt : ClaimResult.Ignore;
    }

    /// <summary>The claimed pods (adopted ones with their new owner) that are active: the filteredPods of syncReplicaSet.</summary>
    private static List<V1Pod> ActivePods(V1ReplicaSet rs, IEnumerable<V1Pod> pods, bool deleting)
    {
        var active = new List<V1Pod>();
        foreach (var pod in pods)
        {
            var claim = Claim(rs, pod, deleting);
            if (claim is ClaimResult.Claimed or ClaimResult.Adopt && PodUtil.IsPodActive(pod))
            {
                active.Add(claim == ClaimResult.Adopt ? WithOwner(pod, rs) : pod);
            }
        }

        return active;
    }

    /// <summary>The status of the active pods, counted one pod at a time.</summary>
    private struct StatusCounter(V1ReplicaSet rs, DateTime now)
    {
        private readonly IDictionary<string, string>? _templateLabels = rs.Spec.Template?.Metadata?.Labels;
        private readonly int _minReady = rs.Spec.MinReadySeconds ?? 0;
        private int _fully;
        private int _ready;
        private int _available;

        public int Active { get; private set; }

        /// <summary>Counts one active pod.</summary>
        public void Add(V1Pod pod)
        {
            Active++;
            if (LabelSelectors.SetMatches(_templateLabels, pod.Metadata.Labels))
            {
                _fully++;
            }

            if (PodUtil.ReadyCondition(pod) is { Status: "True" } ready)
            {
                _ready++;
                if (PodUtil.IsAvailable(ready, _minReady, now))
                {
                    _available++;
                }
            }
        }

        public readonly V1ReplicaSetStatus Status() => new()
        {
            Replicas = Active,
            FullyLabeledReplicas = _fully,
            ReadyReplicas = _ready,
            AvailableReplicas = _available,
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
