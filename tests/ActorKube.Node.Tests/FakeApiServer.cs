using Akka.Actor;
using Akka.TestKit;
using ActorKube.Client;
using ActorKube.Core.Api;
using ActorKube.Core.Objects;
using WatchEventType = ActorKube.Client.WatchEventType;

namespace ActorKube.Node.Tests;

/// <summary>
/// Auto-pilot for the TestProbe that plays the apiserver: answers creates, updates, deletes and lists
/// from a tiny in-memory store (every message still lands in the probe for assertions) and remembers
/// the pod watch so a test can push watch events.
/// </summary>
public sealed class FakeApiServer : AutoPilot
{
    private readonly object _gate = new();
    private readonly Dictionary<string, IKubernetesObject<V1ObjectMeta>> _store = new(StringComparer.Ordinal);
    private long _rv = 10;

    public IActorRef? PodWatcher { get; private set; }

    public object? PodWatchTag { get; private set; }

    public void Put(IKubernetesObject<V1ObjectMeta> obj)
    {
        lock (_gate)
        {
            obj.Metadata.ResourceVersion = (++_rv).ToString(System.Globalization.CultureInfo.InvariantCulture);
            _store[Key(obj)] = obj;
        }
    }

    public V1Pod? Pod(string name)
    {
        lock (_gate)
        {
            return _store.GetValueOrDefault($"pods/default/{name}") as V1Pod;
        }
    }

    /// <summary>Sends a watch event on the kubelet's pod watch (and updates the store).</summary>
    public void Push(WatchEventType type, V1Pod pod)
    {
        lock (_gate)
        {
            if (type == WatchEventType.Deleted)
            {
                _store.Remove(Key(pod));
            }
            else
            {
                pod.Metadata.ResourceVersion = (++_rv).ToString(System.Globalization.CultureInfo.InvariantCulture);
                _store[Key(pod)] = pod;
            }
        }

        PodWatcher!.Tell(new WatchEvents(PodWatchTag, [new WatchEvent(type, pod, long.Parse(pod.Metadata.ResourceVersion!, System.Globalization.CultureInfo.InvariantCulture))]));
    }

    private static string Key(IKubernetesObject<V1ObjectMeta> o) => $"{Resources.ForObject(o).Plural}/{o.Metadata.NamespaceProperty}/{o.Metadata.Name}";

    public override AutoPilot Run(IActorRef sender, object message)
    {
        lock (_gate)
        {
            switch (message)
            {
                case CreateObject c:
                    var key = Key(c.Object);
                    if (c.Object is not Corev1Event && _store.ContainsKey(key))
                    {
                        sender.Tell(ApiResponse.Fail(c.Tag, StatusErrors.AlreadyExists(Resources.ForObject(c.Object), c.Object.Metadata.Name)));
                        break;
                    }

                    c.Object.Metadata.Uid ??= Guid.NewGuid().ToString();
                    c.Object.Metadata.ResourceVersion = (++_rv).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    if (c.Object is not Corev1Event)
                    {
                        _store[key] = c.Object;
                    }

                    sender.Tell(ApiResponse.Ok(c.Tag, c.Object));
                    break;
                case UpdateObject u:
                    var ukey = Key(u.Object);
                    if (!_store.TryGetValue(ukey, out var existing))
                    {
                        sender.Tell(ApiResponse.Fail(u.Tag, StatusErrors.NotFound(Resources.ForObject(u.Object), u.Object.Metadata.Name)));
                        break;
                    }

                    if (u.Subresource == "status" && existing is V1Pod old && u.Object is V1Pod updated)
                    {
                        var stored = old with { Status = updated.Status, Metadata = old.Metadata with { ResourceVersion = (++_rv).ToString(System.Globalization.CultureInfo.InvariantCulture) } };
                        _store[ukey] = stored;
                        sender.Tell(ApiResponse.Ok(u.Tag, stored));
                        break;
                    }

                    u.Object.Metadata.ResourceVersion = (++_rv).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    _store[ukey] = u.Object;
                    sender.Tell(ApiResponse.Ok(u.Tag, u.Object));
                    break;
                case DeleteObject d:
                    _store.Remove($"{d.Resource.Plural}/{d.Namespace}/{d.Name}");
                    sender.Tell(ApiResponse.Ok(d.Tag, null));
                    break;
                case ListObjects l:
                    var items = _store.Values.Where(o => Resources.ForObject(o) == l.Resource).ToList();
                    sender.Tell(new ApiListResponse(l.Tag, l.Resource, items, _rv, null));
                    break;
                case StartWatch w when w.Resource == Resources.Pods:
                    PodWatcher = sender;
                    PodWatchTag = w.Tag;
                    break;
            }
        }

        return this;
    }
}
