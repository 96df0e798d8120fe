using System.Globalization;
using Akka.Actor;
using Akka.TestKit;
using ActorKube.Client;
using ActorKube.Core.Objects;
using WatchEventType = ActorKube.Client.WatchEventType;

namespace ActorKube.ControlPlane.Tests.Controllers.NodeLifecycle;

/// <summary>
/// A TestProbe playing the apiserver for one controller: answers the informers' lists, remembers
/// their watch tags to push watch events, and hands out the requests the controller sends, in any
/// order (requests not asked for yet are kept for later).
/// </summary>
public sealed class ApiServerProbe(TestProbe probe)
{
    private readonly List<object> _unmatched = [];
    private readonly Dictionary<string, object?> _watchTags = new(StringComparer.Ordinal);
    private long _rv = 100;

    public IActorRef Ref => probe.Ref;

    /// <summary>Every message the controller sent, in order.</summary>
    public List<object> All { get; } = [];

    public IActorRef Controller { get; set; } = ActorRefs.Nobody;

    /// <summary>Answers <paramref name="informers"/> lists (empty for resources not in <paramref name="data"/>) and waits for their watches.</summary>
    public void Serve(IReadOnlyDictionary<ResourceInfo, IKubernetesObject<V1ObjectMeta>[]> data, int informers)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (_watchTags.Count < informers)
        {
            var remaining = deadline - DateTime.UtcNow;
            Assert.True(remaining > TimeSpan.Zero, $"only {_watchTags.Count} of {informers} informers started: {string.Join(", ", _watchTags.Keys)}");
            var msg = probe.ReceiveOne(remaining);
            switch (msg)
            {
                case ListObjects list:
                    Controller = probe.LastSender;
                    var items = data.TryGetValue(list.Resource, out var objs) ? objs : [];
                    foreach (var o in items)
                    {
                        o.Metadata.ResourceVersion ??= NextRv();
                    }

                    probe.LastSender.Tell(new ApiListResponse(list.Tag, list.Resource, items, _rv, null));
                    break;
                case StartWatch watch:
                    _watchTags[watch.Resource.Plural] = watch.Tag;
                    break;
                case null:
                    break;
                default:
                    All.Add(msg);
                    _unmatched.Add(msg);
                    break;
            }
        }
    }

    /// <summary>Sends a watch event to the controller; the object gets a new resourceVersion.</summary>
    public void Push(WatchEventType type, IKubernetesObject<V1ObjectMeta> obj)
    {
        var resource = Resources.ForObject(obj);
        obj.Metadata.ResourceVersion = NextRv();
        Controller.Tell(new WatchEvents(_watchTags[resource.Plural], [new WatchEvent(type, obj, _rv)]), probe.Ref);
    }

    /// <summary>The next request of type T matching the predicate (kept ones first).</summary>
    public T Next<T>(Func<T, bool> match, TimeSpan timeout)
    {
        var kept = _unmatched.OfType<T>().FirstOrDefault(match);
        if (kept is not null)
        {
            _unmatched.Remove(kept);
            return kept;
        }

        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                throw new Xunit.Sdk.XunitException($"no matching {typeof(T).Name} within {timeout}; got: {string.Join("; ", All.Select(Describe))}");
            }

            var msg = probe.ReceiveOne(remaining);
            if (msg is null)
            {
                continue;
            }

            All.Add(msg);
            if (msg is T t && match(t))
            {
                return t;
            }

            _unmatched.Add(msg);
        }
    }

    /// <summary>Collects requests for a bounded time (to check something is NOT sent).</summary>
    public void CollectFor(TimeSpan duration)
    {
        var deadline = DateTime.UtcNow + duration;
        while (DateTime.UtcNow < deadline)
        {
            var msg = probe.ReceiveOne(deadline - DateTime.UtcNow);
            if (msg is not null)
            {
                All.Add(msg);
                _unmatched.Add(msg);
            }
        }
    }

    public static bool IsEvent(object msg, string reason, string? message = null) =>
        msg is CreateObject { Object: Corev1Event e } && e.Reason == reason && (message is null || e.Message == message);

    public static string Describe(object msg) => msg switch
    {
        CreateObject { Object: Corev1Event e } => $"Event {e.Reason} '{e.Message}'",
        CreateObject c => $"Create {c.Object.Describe()}",
        UpdateObject u => $"Update{(u.Subresource is null ? "" : "/" + u.Subresource)} {u.Object.Describe()}",
        DeleteObject d => $"Delete {d.Resource.Plural} {d.Namespace}/{d.Name} {d.Options?.PropagationPolicy}",
        GetObject g => $"Get {g.Resource.Plural} {g.Namespace}/{g.Name}",
        _ => msg.GetType().Name,
    };

    private string NextRv() => (++_rv).ToString(CultureInfo.InvariantCulture);
}
