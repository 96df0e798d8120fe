using ActorKube.Core.Objects;

namespace ActorKube.Core.Api;

/// <summary>Kind of change in the watch cache, as watch.EventType.</summary>
public enum CacheEventType
{
    Added,
    Modified,
    Deleted,
}

/// <summary>One change seen from etcd: the new object (for a delete, the last state with the delete revision) and the previous one.</summary>
public sealed record CacheEvent(ResourceInfo Resource, CacheEventType Type, IKubernetesObject<V1ObjectMeta> Object, IKubernetesObject<V1ObjectMeta>? Old, long Revision);

/// <summary>One watcher of the cache. IndexValue is the spec.nodeName of a kubelet's pod watch, so one pod event
/// reaches the one kubelet that cares instead of being tested against a thousand.</summary>
public sealed class CacheWatcher(long id, ResourceInfo resource, string? ns, Func<IKubernetesObject<V1ObjectMeta>, bool> filter, string? indexValue, object subscriber, object? tag, bool bookmarks)
{
    public long Id { get; } = id;

    public ResourceInfo Resource { get; } = resource;

    public string? Namespace { get; } = ns;

    public Func<IKubernetesObject<V1ObjectMeta>, bool> Filter { get; } = filter;

    public string? IndexValue { get; } = indexValue;

    public object Subscriber { get; } = subscriber;

    public object? Tag { get; } = tag;

    public bool Bookmarks { get; } = bookmarks;

    public bool Matches(IKubernetesObject<V1ObjectMeta> obj) =>
        (Namespace is null || string.Equals(obj.Metadata.NamespaceProperty, Namespace, StringComparison.Ordinal)) &&
        (IndexValue is null || (obj is V1Pod p && string.Equals(p.Spec?.NodeName, IndexValue, StringComparison.Ordinal))) &&
        Filter(obj);
}

/// <summary>A delivery of one event to one watcher, with the type the watcher sees: an object that starts
/// matching its selector is Added for it, one that stops matching is Deleted, as the real watch cache does.</summary>
public readonly record struct Delivery(CacheWatcher Watcher, CacheEventType Type, IKubernetesObject<V1ObjectMeta> Object, long Revision);

/// <summary>
/// kube-apiserver's watch cache: every object of every resource as last seen from etcd, a bounded
/// window of recent events for watches that start from an older resourceVersion (older: 410 Gone),
/// and the watchers, indexed on pods' spec.nodeName. Pure: the apiserver actor feeds it etcd events
/// and sends the deliveries it returns.
/// </summary>
public sealed class WatchCache
{
    private readonly Dictionary<ResourceInfo, Dictionary<string, IKubernetesObject<V1ObjectMeta>>> _objects = [];
    private readonly CacheEvent?[] _history;
    private readonly Dictionary<ResourceInfo, List<CacheWatcher>> _watchers = [];
    private readonly Dictionary<string, List<CacheWatcher>> _podWatchersByNode = new(StringComparer.Ordinal);
    private readonly Dictionary<long, CacheWatcher> _byId = [];
    private long _historyStart;
    private int _historyCount;
    private int _historyHead;

    public WatchCache(int historyCapacity = 100_000)
    {
        _history = new CacheEvent?[Math.Max(16, historyCapacity)];
        foreach (var r in Resources.All)
        {
            _objects[r] = new Dictionary<string, IKubernetesObject<V1ObjectMeta>>(ObjectKeyComparer.Instance);
            _watchers[r] = [];
        }
    }

    /// <summary>The etcd revision the cache reflects.</summary>
    public long Revision { get; private set; }

    /// <summary>The oldest revision a watch can start after without a 410.</summary>
    public long OldestRevision => _historyStart;

    public int WatcherCount => _byId.Count;

    public int Count(ResourceInfo r) => _objects[r].Count;

    public IKubernetesObject<V1ObjectMeta>? Get(ResourceInfo r, string? ns, string name) =>
        _objects[r].GetAlternateLookup<ObjectKeyParts>().TryGetValue(r.KeyParts(ns, name), out var obj) ? obj : null;

    /// <summary>Objects of a resource (optionally in one namespace) matching the filter, sorted by key like an etcd range.</summary>
    public List<IKubernetesObject<V1ObjectMeta>> List(ResourceInfo r, string? ns, Func<IKubernetesObject<V1ObjectMeta>, bool>? filter, string? startAfterKey = null)
    {
        var prefix = r.NamespacePrefix(ns);
        var keys = new List<string>();
        foreach (var key in _objects[r].Keys)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal) && (startAfterKey is null || string.CompareOrdinal(key, startAfterKey) > 0))
            {
                keys.Add(key);
            }
        }

        keys.Sort(StringComparer.Ordinal);
        var result = new List<IKubernetesObject<V1ObjectMeta>>(keys.Count);
        foreach (var key in keys)
        {
            var obj = _objects[r][key];
            if (filter is null || filter(obj))
            {
                result.Add(obj);
            }
        }

        return result;
    }

    /// <summary>Loads the initial state (an etcd range at revision).</summary>
    public void Load(ResourceInfo r, IKubernetesObject<V1ObjectMeta> obj, long revision)
    {
        _objects[r][r.Key(obj.Metadata.NamespaceProperty, obj.Metadata.Name)] = obj;
        Revision = Math.Max(Revision, revision);
        _historyStart = Revision;
    }

    public void SetRevision(long revision)
    {
        Revision = Math.Max(Revision, revision);
        if (_historyCount == 0)
        {
            _historyStart = Revision;
        }
    }

    /// <summary>Applies one change from etcd and appends the deliveries for the watchers to <paramref name="deliveries"/>.</summary>
    public CacheEvent Apply(ResourceInfo r, string key, IKubernetesObject<V1ObjectMeta>? obj, long revision, List<Delivery> deliveries)
    {
        var store = _objects[r];
        store.TryGetValue(key, out var old);
        CacheEvent ev;
        if (obj is null)
        {
            // Delete: the watchers get the last state they knew.
            store.Remove(key);
            ev = new CacheEvent(r, CacheEventType.Deleted, old!, old, revision);
        }
        else
        {
            store[key] = obj;
            ev = new CacheEvent(r, old is null ? CacheEventType.Added : CacheEventType.Modified, obj, old, revision);
        }

        Revision = Math.Max(Revision, revision);
        Append(ev);
        if (ev.Object is not null)
        {
            Dispatch(ev, deliveries);
        }

        return ev;
    }

    private void Append(CacheEvent ev)
    {
        if (_historyCount == _history.Length)
        {
            // The oldest event falls out of the window: watches must now start after it.
            _historyStart = _history[_historyHead]!.Revision;
            _historyHead = (_historyHead + 1) % _history.Length;
            _historyCount--;
        }

        _history[(_historyHead + _historyCount) % _history.Length] = ev;
        _historyCount++;
    }

    private void Dispatch(CacheEvent ev, List<Delivery> deliveries)
    {
        foreach (var w in _watchers[ev.Resource])
        {
            Deliver(w, ev, deliveries);
        }

        if (ev.Resource == Resources.Pods)
        {
            var newNode = (ev.Object as V1Pod)?.Spec?.NodeName;
            var oldNode = (ev.Old as V1Pod)?.Spec?.NodeName;
            if (!string.IsNullOrEmpty(newNode) && _podWatchersByNode.TryGetValue(newNode, out var ws))
            {
                foreach (var w in ws)
                {
                    Deliver(w, ev, deliveries);
                }
            }

            if (!string.IsNullOrEmpty(oldNode) && oldNode != newNode && _podWatchersByNode.TryGetValue(oldNode, out var olds))
            {
                foreach (var w in olds)
                {
                    Deliver(w, ev, deliveries);
                }
            }
        }
    }

    private static void Deliver(CacheWatcher w, CacheEvent ev, List<Delivery> deliveries)
    {
        if (ev.Type == CacheEventType.Deleted)
        {
            if (w.Matches(ev.Object))
            {
                deliveries.Add(new Delivery(w, CacheEventType.Deleted, WithRevision(ev.Object, ev.Revision), ev.Revision));
            }

            return;
        }

        var now = w.Matches(ev.Object);
        var before = ev.Old is not null && w.Matches(ev.Old);
        if (now)
        {
            deliveries.Add(new Delivery(w, before ? CacheEventType.Modified : CacheEventType.Added, ev.Object, ev.Revision));
        }
        else if (before)
        {
            deliveries.Add(new Delivery(w, CacheEventType.Deleted, ev.Object, ev.Revision));
        }
    }

    // A deleted object is reported with the delete's revision, as etcd3 watchers do.
    private static IKubernetesObject<V1ObjectMeta> WithRevision(IKubernetesObject<V1ObjectMeta> obj, long revision)
    {
        var rv = revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (obj.Metadata.ResourceVersion == rv)
        {
            return obj;
        }

        var copy = KubeSerializer.DeepCopy(obj);
        copy.Metadata.ResourceVersion = rv;
        return copy;
    }

    /// <summary>Registers a watcher. With a start revision, returns the events after it (or null if that
    /// is older than the window: 410 Gone). Without one, returns the current state as Added events.</summary>
    public List<Delivery>? AddWatcher(CacheWatcher w, long? sinceRevision)
    {
        List<Delivery>? initial;
        if (sinceRevision is { } since && since > 0)
        {
            if (since < _historyStart)
            {
                return null;
            }

            initial = [];
            for (var i = 0; i < _historyCount; i++)
            {
                var ev = _history[(_historyHead + i) % _history.Length]!;
                if (ev.Revision > since && ev.Resource == w.Resource && ev.Object is not null)
                {
                    Deliver(w, ev, initial);
                }
            }
        }
        else
        {
            initial = List(w.Resource, w.Namespace, w.Filter)
                .Select(o => new Delivery(w, CacheEventType.Added, o, o.ResourceVersionNumber()))
                .ToList();
        }

        _byId[w.Id] = w;
        if (w.IndexValue is not null && w.Resource == Resources.Pods)
        {
            if (!_podWatchersByNode.TryGetValue(w.IndexValue, out var list))
            {
                list = [];
                _podWatchersByNode[w.IndexValue] = list;
            }

            list.Add(w);
        }
        else
        {
            _watchers[w.Resource].Add(w);
        }

        return initial;
    }

    public bool RemoveWatcher(long id)
    {
        if (!_byId.Remove(id, out var w))
        {
            return false;
        }

        if (w.IndexValue is not null && w.Resource == Resources.Pods && _podWatchersByNode.TryGetValue(w.IndexValue, out var list))
        {
            list.Remove(w);
            if (list.Count == 0)
            {
                _podWatchersByNode.Remove(w.IndexValue);
            }
        }
        else
        {
            _watchers[w.Resource].Remove(w);
        }

        return true;
    }

    public IEnumerable<CacheWatcher> Watchers => _byId.Values;
}
