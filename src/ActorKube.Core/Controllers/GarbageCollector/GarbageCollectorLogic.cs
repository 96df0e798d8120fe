using ActorKube.Core.Objects;

namespace ActorKube.Core.Controllers.GarbageCollector;

/// <summary>
/// The decisions of kube-controller-manager's garbage collector (garbagecollector.go:
/// attemptToDeleteItem, classifyReferences, processDeletingDependentsItem, attemptToOrphanWorker),
/// as a pure function of the graph.
/// <list type="bullet">
/// <item>An object whose owners are all gone is deleted (Background, or Orphan/Foreground if it
/// carries that finalizer); if some owners remain, the references to the gone ones (and to owners
/// deleting their dependents in the foreground) are removed.</item>
/// <item>An owner deleted in the foreground (deletionTimestamp + foregroundDeletion): its dependents
/// are deleted (Foreground for those that have dependents themselves, so the whole tree goes
/// bottom-up); once no dependent with blockOwnerDeletion=true remains, the finalizer is removed.</item>
/// <item>An owner deleted with the orphan policy (deletionTimestamp + orphan): the references to it
/// are removed from every dependent, then the finalizer.</item>
/// </list>
/// Owners that are not in the graph are verified with a live GET before anything is deleted.
/// </summary>
public static class GarbageCollectorLogic
{
    public const string Background = "Background";
    public const string Foreground = "Foreground";
    public const string Orphan = "Orphan";

    public static IReadOnlyList<GcAction> Decide(OwnerGraph graph, string uid)
    {
        var item = graph.Get(uid);
        if (item is null)
        {
            return [];
        }

        if (item.IsOrphaning)
        {
            return OrphanDependents(graph, item);
        }

        if (item.IsDeletingDependents)
        {
            return ProcessDeletingDependents(graph, item);
        }

        if (item.BeingDeleted)
        {
            return [];
        }

        var refs = item.OwnerReferences;
        if (refs.Count == 0)
        {
            return [];
        }

        var solid = 0;
        var dangling = new List<V1OwnerReference>();
        var waiting = new List<V1OwnerReference>();
        List<GcAction>? verify = null;
        foreach (var r in refs)
        {
            var owner = graph.Get(r.Uid);
            if (owner is not null)
            {
                if (owner.IsDeletingDependents)
                {
                    waiting.Add(r);
                }
                else
                {
                    solid++;
                }
            }
            else if (graph.IsAbsent(r.Uid))
            {
                dangling.Add(r);
            }
            else if (graph.IsVerifiedPresent(r.Uid) || Resources.ForKind(r.ApiVersion, r.Kind) is not { } ownerResource)
            {
                // Present but not watched, or a kind ActorKube does not serve: keep the dependent.
                solid++;
            }
            else
            {
                (verify ??= []).Add(new GcVerifyOwnerAction(ownerResource, ownerResource.Namespaced ? item.Namespace : null, r.Name, r.Uid));
            }
        }

        if (verify is not null)
        {
            return verify;
        }

        if (solid > 0)
        {
            if (dangling.Count == 0 && waiting.Count == 0)
            {
                return [];
            }

            var gone = dangling.Concat(waiting).Select(r => r.Uid).ToHashSet(StringComparer.Ordinal);
            return [new GcUpdateAction(WithoutOwnerReferences(item.Object, gone), "remove dangling ownerReferences")];
        }

        if (waiting.Count > 0 && graph.HasDependents(uid))
        {
            var actions = new List<GcAction>();
            if (graph.DependentsOf(uid).Any(d => d.IsDeletingDependents))
            {
                // A possible cycle of foreground deletions: stop blocking the owners, as Kubernetes does.
                actions.Add(new GcUpdateAction(Unblocked(item.Object), "unblock ownerReferences"));
            }

            actions.Add(Delete(item, Foreground));
            return actions;
        }

        var policy = item.HasFinalizer(WellKnown.FinalizerOrphan) ? Orphan
            : item.HasFinalizer(WellKnown.FinalizerForeground) ? Foreground
            : Background;
        return [Delete(item, policy)];
    }

    private static IReadOnlyList<GcAction> ProcessDeletingDependents(OwnerGraph graph, GraphNode owner)
    {
        var actions = new List<GcAction>();
        var blocking = 0;
        foreach (var dep in graph.DependentsOf(owner.Uid))
        {
            if (dep.OwnerReferences.Any(r => r.Uid == owner.Uid && r.BlockOwnerDeletion == true))
            {
                blocking++;
            }

            if (!dep.BeingDeleted)
            {
                actions.Add(new GcEnqueueAction(dep.Uid));
            }
        }

        if (blocking == 0)
        {
            actions.Add(new GcUpdateAction(WithoutFinalizer(owner.Object, WellKnown.FinalizerForeground), $"remove finalizer {WellKnown.FinalizerForeground}"));
        }

        return actions;
    }

    private static IReadOnlyList<GcAction> OrphanDependents(OwnerGraph graph, GraphNode owner)
    {
        var ownerSet = new HashSet<string>(StringComparer.Ordinal) { owner.Uid };
        var actions = graph.DependentsOf(owner.Uid)
            .Select(d => (GcAction)new GcUpdateAction(WithoutOwnerReferences(d.Object, ownerSet), $"orphan from {owner.Resource.Kind} {owner.Name}"))
            .ToList();
        if (actions.Count == 0)
        {
            actions.Add(new GcUpdateAction(WithoutFinalizer(owner.Object, WellKnown.FinalizerOrphan), $"remove finalizer {WellKnown.FinalizerOrphan}"));
        }

        return actions;
    }

    private static GcDeleteAction Delete(GraphNode item, string policy) =>
        new(item.Resource, item.Namespace, item.Name, item.Uid, policy);

    public static IKubernetesObject<V1ObjectMeta> WithoutOwnerReferences(IKubernetesObject<V1ObjectMeta> obj, IReadOnlySet<string> ownerUids)
    {
        var copy = KubeSerializer.DeepCopy(obj);
        var kept = copy.Metadata.OwnerReferences?.Where(r => !ownerUids.Contains(r.Uid)).ToList();
        copy.Metadata.OwnerReferences = kept is { Count: > 0 } ? kept : null;
        return copy;
    }

    public static IKubernetesObject<V1ObjectMeta> WithoutFinalizer(IKubernetesObject<V1ObjectMeta> obj, string finalizer)
    {
        var copy = KubeSerializer.DeepCopy(obj);
        var kept = copy.Metadata.Finalizers?.Where(f => f != finalizer).ToList();
        copy.Metadata.Finalizers = kept is { Count: > 0 } ? kept : null;
        return copy;
    }

    private static IKubernetesObject<V1ObjectMeta> Unblocked(IKubernetesObject<V1ObjectMeta> obj)
    {
        var copy = KubeSerializer.DeepCopy(obj);
        foreach (var r in copy.Metadata.OwnerReferences ?? [])
        {
            if (r.BlockOwnerDeletion == true)
            {
                r.BlockOwnerDeletion = false;
            }
        }

        return copy;
    }
}
