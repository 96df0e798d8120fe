using ActorKube.Core.Objects;

namespace ActorKube.Core.Controllers.GarbageCollector;

/// <summary>
/// The garbage collector's dependency graph (pkg/controller/garbagecollector GraphBuilder's uidToNode):
/// every watched object by uid, and for every owner uid the uids of the objects whose ownerReferences
/// name it (whether the owner has been observed or not). Each change returns the uids whose state
/// may need action (the attemptToDelete / attemptToOrphan work of Kubernetes), for the work queue.
/// Owners not observed are "virtual": <see cref="GarbageCollectorLogic"/> asks for them to be verified
/// with a live GET, and the answer is recorded with <see cref="OwnerVerified"/>.
/// Single-threaded: owned by one actor.
/// </summary>
public sealed class OwnerGraph
{
    private const int MaxAbsent = 10_000;

    private readonly Dictionary<string, GraphNode> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _dependents = new(StringComparer.Ordinal);
    private readonly HashSet<string> _absent = new(StringComparer.Ordinal);
    private readonly HashSet<string> _verifiedPresent = new(StringComparer.Ordinal);

    public int Count => _nodes.Count;

    public GraphNode? Get(string uid) => _nodes.GetValueOrDefault(uid);

    /// <summary>An owner known not to exist any more (deleted, or verified absent).</summary>
    public bool IsAbsent(string uid) => _absent.Contains(uid);

    /// <summary>An owner that was not observed but a live GET found.</summary>
    public bool IsVerifiedPresent(string uid) => _verifiedPresent.Contains(uid);

    /// <summary>Observed dependents of an owner (observed or not).</summary>
    public IEnumerable<GraphNode> DependentsOf(string ownerUid)
    {
        if (!_dependents.TryGetValue(ownerUid, out var deps))
        {
            yield break;
        }

        foreach (var d in deps)
        {
            if (_nodes.TryGetValue(d, out var n))
            {
                yield return n;
            }
        }
    }

    public bool HasDependents(string ownerUid) => _dependents.TryGetValue(ownerUid, out var d) && d.Count > 0;

    /// <summary>An object was added or changed. Returns the uids to (re)consider.</summary>
    public IReadOnlyCollection<string> Upsert(IKubernetesObject<V1ObjectMeta> obj)
    {
        var work = new HashSet<string>(StringComparer.Ordinal);
        var uid = obj.Metadata?.Uid;
        if (string.IsNullOrEmpty(uid))
        {
            return work;
        }

        _absent.Remove(uid);
        _verifiedPresent.Remove(uid);
        _nodes.TryGetValue(uid, out var old);
        var node = new GraphNode(obj);
        _nodes[uid] = node;

        var oldOwners = old?.OwnerUids ?? [];
        var newOwners = node.OwnerUids;
        // Owners are few (one controller, mostly): linear scans, not Except's hash sets, and indexed loops (an
        // IReadOnlyList's enumerator is an allocation, and every write of every object passes here).
        for (var i = 0; i < oldOwners.Count; i++)
        {
            if (!Contains(newOwners, oldOwners[i]))
            {
                RemoveEdge(oldOwners[i], uid);
                AddIfDeleting(work, oldOwners[i]);
            }
        }

        for (var i = 0; i < newOwners.Count; i++)
        {
            if (!Contains(oldOwners, newOwners[i]))
            {
                AddEdge(newOwners[i], uid);
            }
        }

        var refsChanged = old is null || !SameReferences(old.Object.Metadata.OwnerReferences, obj.Metadata!.OwnerReferences);
        if (newOwners.Count > 0 && refsChanged)
        {
            work.Add(uid);

            // blockOwnerDeletion may have changed: owners waiting for their dependents look again.
            for (var i = 0; i < newOwners.Count; i++)
            {
                AddIfDeleting(work, newOwners[i]);
            }
        }

        if (node.IsDeletingDependents || node.IsOrphaning)
        {
            work.Add(uid);
        }

        return work;
    }

    /// <summary>An object was deleted. Returns the uids to (re)consider: its dependents and its owners waiting for it.</summary>
    public IReadOnlyCollection<string> Remove(IKubernetesObject<V1ObjectMeta> obj)
    {
        var work = new HashSet<string>(StringComparer.Ordinal);
        var uid = obj.Metadata?.Uid;
        if (string.IsNullOrEmpty(uid) || !_nodes.Remove(uid, out var old))
        {
            return work;
        }

        foreach (var o in old.OwnerUids)
        {
            RemoveEdge(o, uid);
            AddIfDeleting(work, o);
        }

        MarkAbsent(uid);
        foreach (var d in DependentsOf(uid))
        {
            work.Add(d.Uid);
        }

        return work;
    }

    /// <summary>The answer of a live GET for an owner that was not observed. Returns its dependents to reconsider.</summary>
    public IReadOnlyCollection<string> OwnerVerified(string ownerUid, bool exists)
    {
        if (_nodes.ContainsKey(ownerUid))
        {
            return [];
        }

        if (exists)
        {
            _verifiedPresent.Add(ownerUid);
        }
        else
        {
            MarkAbsent(ownerUid);
        }

        return DependentsOf(ownerUid).Select(d => d.Uid).ToList();
    }

    private void MarkAbsent(string uid)
    {
        // Kubernetes keeps an LRU of absent owners; uids are never reused, so forgetting only costs a GET.
        if (_absent.Count >= MaxAbsent)
        {
            _absent.Clear();
        }

        _verifiedPresent.Remove(uid);
        _absent.Add(uid);
    }

    private static bool Contains(IReadOnlyList<string> uids, string uid)
    {
        for (var i = 0; i < uids.Count; i++)
        {
            if (string.Equals(uids[i], uid, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private void AddIfDeleting(HashSet<string> work, string ownerUid)
    {
        if (_nodes.TryGetValue(ownerUid, out var owner) && (owner.IsDeletingDependents || owner.IsOrphaning))
        {
            work.Add(ownerUid);
        }
    }

    private void AddEdge(string owner, string dependent)
    {
        if (!_dependents.TryGetValue(owner, out var set))
        {
            set = new HashSet<string>(StringComparer.Ordinal);
            _dependents[owner] = set;
        }

        set.Add(dependent);
    }

    private void RemoveEdge(string owner, string dependent)
    {
        if (_dependents.TryGetValue(owner, out var set) && set.Remove(dependent) && set.Count == 0)
        {
            _dependents.Remove(owner);
        }
    }

    private static bool SameReferences(IList<V1OwnerReference>? a, IList<V1OwnerReference>? b)
    {
        var ca = a?.Count ?? 0;
        var cb = b?.Count ?? 0;
        if (ca != cb)
        {
            return false;
        }

        for (var i = 0; i < ca; i++)
        {
            var x = a![i];
            var y = b![i];
            if (x.Uid != y.Uid || x.Name != y.Name || x.Kind != y.Kind || x.ApiVersion != y.ApiVersion ||
                x.BlockOwnerDeletion != y.BlockOwnerDeletion || x.Controller != y.Controller)
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>One object of the graph: its latest observed state (shared: copy before changing).</summary>
public sealed class GraphNode
{
    public GraphNode(IKubernetesObject<V1ObjectMeta> obj)
    {
        Object = obj;
        Resource = Resources.ForObject(obj);
        OwnerReferences = obj.Metadata.OwnerReferences?.ToList() ?? [];
        OwnerUids = DistinctUids(obj.Metadata.OwnerReferences);
        var finalizers = obj.Metadata.Finalizers;
        var deleting = obj.Metadata.DeletionTimestamp is not null;
        IsDeletingDependents = deleting && finalizers?.Contains(WellKnown.FinalizerForeground) == true;
        IsOrphaning = deleting && finalizers?.Contains(WellKnown.FinalizerOrphan) == true;
    }

    // Every write of every object passes here (pods four times each): a loop, not LINQ, and no list for none.
    private static IReadOnlyList<string> DistinctUids(IList<V1OwnerReference>? refs)
    {
        if (refs is null || refs.Count == 0)
        {
            return [];
        }

        var uids = new List<string>(refs.Count);
        foreach (var r in refs)
        {
            if (!string.IsNullOrEmpty(r.Uid) && !uids.Contains(r.Uid, StringComparer.Ordinal))
            {
                uids.Add(r.Uid);
            }
        }

        return uids;
    }

    public IKubernetesObject<V1ObjectMeta> Object { get; }

    public ResourceInfo Resource { get; }

    public string Uid => Object.Metadata.Uid;

    public string? Namespace => Object.Metadata.NamespaceProperty;

    public string Name => Object.Metadata.Name;

    public IReadOnlyList<V1OwnerReference> OwnerReferences { get; }

    public IReadOnlyList<string> OwnerUids { get; }

    public bool BeingDeleted => Object.Metadata.DeletionTimestamp is not null;

    /// <summary>deletionTimestamp set and the foregroundDeletion finalizer: waiting for its dependents to go.</summary>
    public bool IsDeletingDependents { get; }

    /// <summary>deletionTimestamp set and the orphan finalizer: its dependents are to be released.</summary>
    public bool IsOrphaning { get; }

    public bool HasFinalizer(string finalizer) => Object.Metadata.Finalizers?.Contains(finalizer) == true;

    public override string ToString() => $"{Resource.Kind} {Object.KeyOf()} ({Uid})";
}
