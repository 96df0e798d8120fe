using Akka.Actor;
using ActorKube.Client;
using ActorKube.Core.Objects;
using ActorKube.Core.Time;

namespace ActorKube.ControlPlane.Controllers;

/// <summary>
/// The namespace controller (pkg/controller/namespace): a namespace being deleted has all its content
/// deleted; once every namespaced list comes back empty, its "kubernetes" finalizer is removed
/// (namespaces/finalize) and the apiserver deletes it.
/// </summary>
public sealed class NamespaceControllerActor : ReceiveActor, IWithTimers
{
    private static readonly ResourceInfo[] Namespaced = Resources.All.Where(r => r.Namespaced).ToArray();
    private readonly IActorRef _apiServer;
    private readonly InformerSet _informers = new();
    private readonly Informer<V1Namespace> _namespaces;
    private readonly Dictionary<string, int> _remaining = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _found = new(StringComparer.Ordinal);

    public NamespaceControllerActor(IActorRef apiServer, ClusterClock clock)
    {
        _ = clock;
        _apiServer = apiServer;
        _namespaces = _informers.Add(new Informer<V1Namespace>(apiServer, name: "namespace-controller-namespaces"));
        _namespaces.OnAdd = ns => Sync(ns);
        _namespaces.OnUpdate = (_, ns) => Sync(ns);
        Receive<ApiListResponse>(m => !_informers.Handle(m), OnContentList);
        Receive<Retry>(r =>
        {
            if (_namespaces.Get(r.Namespace) is { } ns)
            {
                _remaining.Remove(r.Namespace);
                Sync(ns);
            }
        });
        Receive<ApiResponse>(_ => { });
        ReceiveAny(m => _informers.Handle(m));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef apiServer, ClusterClock clock) =>
        Akka.Actor.Props.Create(() => new NamespaceControllerActor(apiServer, clock));

    protected override void PreStart() => _informers.Start(_apiServer, Self);

    protected override void PostStop() => _informers.Stop();

    private void Sync(V1Namespace ns)
    {
        var name = ns.Metadata.Name;
        if (ns.Metadata.DeletionTimestamp is null || _remaining.ContainsKey(name))
        {
            return;
        }

        // One list per namespaced resource; the replies delete what is left, and the last one decides.
        _remaining[name] = Namespaced.Length;
        _found[name] = 0;
        foreach (var r in Namespaced)
        {
            _apiServer.Tell(new ListObjects(r, name) { Tag = new ContentTag(name), From = ActorNames.NamespaceController });
        }
    }

    private void OnContentList(ApiListResponse list)
    {
        if (list.Tag is not ContentTag tag || !_remaining.ContainsKey(tag.Namespace))
        {
            return;
        }

        foreach (var item in list.Items)
        {
            if (item.Metadata.DeletionTimestamp is null)
            {
                _apiServer.Tell(new DeleteObject(list.Resource, tag.Namespace, item.Metadata.Name, new V1DeleteOptions { PropagationPolicy = "Background" }) { From = ActorNames.NamespaceController });
            }
        }

        _found[tag.Namespace] += list.Items.Count;
        if (--_remaining[tag.Namespace] > 0)
        {
            return;
        }

        if (_found[tag.Namespace] == 0 && _namespaces.Get(tag.Namespace) is { } ns)
        {
            var finalized = ns with { Spec = new V1NamespaceSpec { Finalizers = [] } };
            _apiServer.Tell(new UpdateObject(finalized, "finalize") { From = ActorNames.NamespaceController });
            _remaining.Remove(tag.Namespace);
        }
        else
        {
            // Content is still terminating (pods with grace periods): look again shortly.
            Timers.StartSingleTimer("retry-" + tag.Namespace, new Retry(tag.Namespace), TimeSpan.FromSeconds(1));
        }
    }

    private sealed record ContentTag(string Namespace) : IWireTag;

    private sealed record Retry(string Namespace) : INoSerializationVerificationNeeded;
}
