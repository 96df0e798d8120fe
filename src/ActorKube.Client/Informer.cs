using Akka.Actor;
using k8s.Models;
using ActorKube.Core.Objects;

namespace ActorKube.Client;

/// <summary>
/// client-go's shared informer for one actor: lists, then watches from the list's resourceVersion,
/// keeps a local cache (with optional indexes) and calls the handlers. After a watch ends (410 Gone,
/// apiserver restart) it lists again and replays the difference as adds, updates and deletes.
/// Not an actor: the owning actor forwards its messages to <see cref="Handle"/> on its own thread.
/// Cached objects are shared with the apiserver: treat them as immutable.
/// </summary>
public sealed class Informer<T> : IInformer where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Dictionary<string, T> _store = new(ObjectKeyComparer.Instance);
    private readonly Dictionary<string, Func<T, string?>> _indexers = new(StringComparer.Ordinal);
    // index name -> index value -> the objects with that value, by key: ByIndex reads them without a store lookup each.
    private readonly Dictionary<string, Dictionary<string, Dictionary<string, T>>> _indexes = new(StringComparer.Ordinal);
    private readonly string _name;
    private IActorRef _apiServer = ActorRefs.Nobody;
    private IActorRef _self = ActorRefs.Nobody;
    private int _generation;

    public Informer(IActorRef apiServer, string? ns = null, string? labelSelector = null, string? fieldSelector = null, string? name = null)
    {
        _apiServer = apiServer;
        Resource = Resources.ForType(typeof(T));
        Namespace = ns;
        LabelSelector = labelSelector;
        FieldSelector = fieldSelector;
        _name = name ?? $"{Resource.Plural}-informer";
    }

    public ResourceInfo Resource { get; }

    public string? Namespace { get; }

    public string? LabelSelector { get; }

    public string? FieldSelector { get; }

    public bool HasSynced { get; private set; }

    /// <summary>Highest resourceVersion seen (list, events, bookmarks).</summary>
    public long LastResourceVersion { get; private set; }

    public int Count => _store.Count;

    public IEnumerable<T> Items => _store.Values;

    public Action<T>? OnAdd { get; set; }

    public Action<T, T>? OnUpdate { get; set; }

    public Action<T>? OnDelete { get; set; }

    /// <summary>Called once the first list has been loaded into the cache.</summary>
    public Action? OnSynced { get; set; }

    public T? Get(string key) => _store.GetValueOrDefault(key);

    public T? Get(string? ns, string name) =>
        _store.GetAlternateLookup<ObjectKeyParts>().TryGetValue(ObjectKeyParts.Of(ns, name), out var obj) ? obj : null;

    /// <summary>
    /// An index of one value per object (null: not in the index), as every indexer of the controllers here is (by
    /// node, by controller uid, orphans by namespace): client-go's indexers may give several values, these never do,
    /// and one value costs no list and no enumerator on each of the informer's events.
    /// </summary>
    public void AddIndex(string indexName, Func<T, string?> indexFunc)
    {
        _indexers[indexName] = indexFunc;
        var index = new Dictionary<string, Dictionary<string, T>>(StringComparer.Ordinal);
        _indexes[indexName] = index;
        foreach (var (key, obj) in _store)
        {
            if (indexFunc(obj) is { } v)
            {
                Add(index, v, key, obj);
            }
        }
    }

    public IEnumerable<T> ByIndex(string indexName, string value) =>
        _indexes[indexName].TryGetValue(value, out var objects) ? objects.Values : [];

    /// <summary>Starts (or restarts) the list + watch. Call from the owning actor (PreStart).</summary>
    public void Start(IActorRef apiServer, IActorRef self)
    {
        _apiServer = apiServer;
        _self = self;
        Relist();
    }

    /// <summary>Stops the watch (PostStop).</summary>
    public void Stop()
    {
        _apiServer.Tell(new CancelWatch(new InformerTag(_name, _generation, IsWatch: true)), _self);
        _generation++;
    }

    private void Relist()
    {
        _generation++;
        _apiServer.Tell(new ListObjects(Resource, Namespace, LabelSelector, FieldSelector) { Tag = new InformerTag(_name, _generation, IsWatch: false), From = _self.Path.Name }, _self);
    }

    /// <summary>Consumes the message if it belongs to this informer.</summary>
    public bool Handle(object message)
    {
        switch (message)
        {
            case ApiListResponse list when list.Tag is InformerTag t && t.Name == _name:
                if (t.Generation == _generation)
                {
                    OnList(list);
                }

                return true;
            case WatchEvents events when events.Tag is InformerTag t && t.Name == _name:
                if (t.Generation == _generation)
                {
                    foreach (var e in events.Events)
                    {
                        Apply(e);
                    }
                }

                return true;
            case WatchEnded ended when ended.Tag is InformerTag t && t.Name == _name:
                if (t.Generation == _generation)
                {
                    Relist();
                }

                return true;
            default:
                return false;
        }
    }

    private void OnList(ApiListResponse list)
    {
        if (!list.IsSuccess)
        {
            // The apiserver is not ready (or refused): try again; lists are cheap from the watch cache.
            Relist();
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in list.Items)
        {
            var obj = (T)item;
            var key = obj.KeyOf();
            seen.Add(key);
            if (_store.TryGetValue(key, out var old))
            {
                if (old.Metadata.ResourceVersion != obj.Metadata.ResourceVersion)
                {
                    Put(key, obj, old);
                    OnUpdate?.Invoke(old, obj);
                }
            }
            else
            {
                Put(key, obj, null);
                OnAdd?.Invoke(obj);
            }
        }

        foreach (var gone in _store.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            var old = _store[gone];
            Remove(gone, old);
            OnDelete?.Invoke(old);
        }

        LastResourceVersion = list.ResourceVersion;
        _apiServer.Tell(new StartWatch(Resource, Namespace, LabelSelector, FieldSelector, list.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            Tag = new InformerTag(_name, _generation, IsWatch: true),
            From = _self.Path.Name,
        }, _self);

        if (!HasSynced)
        {
            HasSynced = true;
            OnSynced?.Invoke();
        }
    }

    private void Apply(WatchEvent e)
    {
        LastResourceVersion = Math.Max(LastResourceVersion, e.ResourceVersion);
        if (e.Object is not T obj)
        {
            return;
        }

        // Found by the key's parts: the key string of an object already in the store is reused, not built again.
        var parts = ObjectKeyParts.Of(obj.Metadata.NamespaceProperty, obj.Metadata.Name ?? "");
        var found = _store.GetAlternateLookup<ObjectKeyParts>().TryGetValue(parts, out var key, out var old);
        switch (e.Type)
        {
            case WatchEventType.Added:
            case WatchEventType.Modified:
                if (found)
                {
                    Put(key!, obj, old);
                    OnUpdate?.Invoke(old!, obj);
                }
                else
                {
                    Put(parts.ToString(), obj, null);
                    OnAdd?.Invoke(obj);
                }

                break;
            case WatchEventType.Deleted:
                if (found)
                {
                    Remove(key!, old!);
                    OnDelete?.Invoke(obj);
                }

                break;
            case WatchEventType.Bookmark:
                break;
        }
    }

    private void Put(string key, T obj, T? old)
    {
        _store[key] = obj;
        foreach (var (name, f) in _indexers)
        {
            var index = _indexes[name];
            var value = f(obj);
            if (old is not null && f(old) is { } was && !string.Equals(was, value, StringComparison.Ordinal))
            {
                Remove(index, was, key);
            }

            if (value is not null)
            {
                Add(index, value, key, obj);
            }
        }
    }

    private void Remove(string key, T old)
    {
        _store.Remove(key);
        Unindex(key, old);
    }

    private void Unindex(string key, T old)
    {
        foreach (var (name, f) in _indexers)
        {
            if (f(old) is { } v)
            {
                Remove(_indexes[name], v, key);
            }
        }
    }

    private static void Add(Dictionary<string, Dictionary<string, T>> index, string value, string key, T obj)
    {
        if (!index.TryGetValue(value, out var objects))
        {
            objects = new Dictionary<string, T>(StringComparer.Ordinal);
            index[value] = objects;
        }

        objects[key] = obj;
    }

    private static void Remove(Dictionary<string, Dictionary<string, T>> index, string value, string key)
    {
        if (index.TryGetValue(value, out var objects) && objects.Remove(key) && objects.Count == 0)
        {
            index.Remove(value);
        }
    }
}

/// <summary>What an actor needs to route messages to its informers.</summary>
public interface IInformer
{
    bool HasSynced { get; }

    bool Handle(object message);

    void Start(IActorRef apiServer, IActorRef self);

    void Stop();
}
