using System.Text.Json;
using Akka.Actor;
using ActorKube.Client;
using ActorKube.Core.Controllers.Deployment;
using ActorKube.Core.Controllers.ReplicaSet;
using ActorKube.Core.Objects;
using ActorKube.Core.Time;

namespace ActorKube.ControlPlane.Controllers.Deployment;

/// <summary>
/// kube-controller-manager's Deployment controller: rolls Deployments out through ReplicaSets.
/// The decisions are <see cref="DeploymentReconciler"/>'s; this actor feeds it from its informers
/// (deployments, replicasets by owner, pods by owner for Recreate), sends the requests in order,
/// records ScalingReplicaSet events when they succeed and retries a failed key with backoff.
/// </summary>
public sealed class DeploymentControllerActor : ControllerActor
{
    private const string ByController = "controller";
    private const string Orphans = "orphan";

    private readonly Informer<V1Deployment> _deployments;
    private readonly Informer<V1ReplicaSet> _rss;
    private readonly Informer<V1Pod> _pods;

    public DeploymentControllerActor(IActorRef apiServer, ClusterClock clock, ControllerSettings? settings)
        : base(ActorNames.DeploymentController, apiServer, clock, settings)
    {
        _deployments = Informers.Add(new Informer<V1Deployment>(apiServer));
        _rss = Informers.Add(new Informer<V1ReplicaSet>(apiServer));
        _pods = Informers.Add(new Informer<V1Pod>(apiServer));
        _rss.AddIndex(ByController, rs => rs.ControllerRef()?.Uid);
        _rss.AddIndex(Orphans, rs => rs.ControllerRef() is null ? rs.Metadata.NamespaceProperty ?? "" : null);
        _pods.AddIndex(ByController, p => p.ControllerRef()?.Uid);

        _deployments.OnAdd = Enqueue;
        _deployments.OnUpdate = (_, d) => Enqueue(d);
        _deployments.OnDelete = Enqueue;
        _rss.OnAdd = OnReplicaSetChanged;
        _rss.OnUpdate = (old, rs) =>
        {
            if (old.ControllerRef()?.Uid != rs.ControllerRef()?.Uid)
            {
                OnReplicaSetChanged(old);
            }

            OnReplicaSetChanged(rs);
        };
        _rss.OnDelete = OnReplicaSetChanged;
        _pods.OnDelete = OnPodDeleted;
    }

    public static Props Props(IActorRef apiServer, ClusterClock clock, ControllerSettings? settings = null) =>
        Akka.Actor.Props.Create(() => new DeploymentControllerActor(apiServer, clock, settings));

    protected override IEnumerable<string> AllKeys() => _deployments.Items.Select(d => d.KeyOf()).ToList();

    private void OnReplicaSetChanged(V1ReplicaSet rs)
    {
        if (rs.ControllerRef() is { } owner)
        {
            if (Resolve(rs.Metadata.NamespaceProperty, owner) is { } d)
            {
                Enqueue(d);
            }

            return;
        }

        // An orphan: every deployment that would adopt it looks at it.
        foreach (var d in _deployments.Items)
        {
            if (d.Metadata.NamespaceProperty == rs.Metadata.NamespaceProperty && LabelSelectors.Matches(d.Spec.Selector, rs.Metadata.Labels))
            {
                Enqueue(d);
            }
        }
    }

    // Recreate waits for the old pods to be gone: their deletion is the signal to go on.
    private void OnPodDeleted(V1Pod pod)
    {
        if (pod.ControllerRef() is { Kind: "ReplicaSet" } rsRef &&
            _rss.Get(pod.Metadata.NamespaceProperty, rsRef.Name) is { } rs && rs.Metadata.Uid == rsRef.Uid &&
            rs.ControllerRef() is { } owner && Resolve(rs.Metadata.NamespaceProperty, owner) is { } d &&
            d.Spec.Strategy?.Type == DeploymentUtil.RecreateStrategy)
        {
            Enqueue(d);
        }
    }

    private V1Deployment? Resolve(string? ns, V1OwnerReference owner) =>
        owner.Kind == "Deployment" && _deployments.Get(ns, owner.Name) is { } d && d.Metadata.Uid == owner.Uid ? d : null;

    protected override void PreStart()
    {
        base.PreStart();

        // Off this actor's thread: the runtime's first-use work for template hashing (see PodTemplateHash.Warm).
        _ = Task.Run(PodTemplateHash.Warm);
    }

    protected override void Reconcile(string key)
    {
        var d = _deployments.Get(key);
        if (d is null)
        {
            return;
        }

        var ns = d.Metadata.NamespaceProperty ?? "";
        var rss = _rss.ByIndex(ByController, d.Metadata.Uid).Concat(_rss.ByIndex(Orphans, ns)).ToList();
        Dictionary<string, IReadOnlyList<V1Pod>>? podMap = null;
        if (d.Spec.Strategy?.Type == DeploymentUtil.RecreateStrategy)
        {
            podMap = rss.ToDictionary(rs => rs.Metadata.Uid, rs => (IReadOnlyList<V1Pod>)_pods.ByIndex(ByController, rs.Metadata.Uid).ToList());
        }

        var sync = DeploymentReconciler.Sync(d, rss, podMap, Clock.UtcNow, name => _rss.Get(ns, name));
        var trace = d.TraceId();
        foreach (var ev in sync.Events)
        {
            Recorder.Record(d, ev.Type, ev.Reason, ev.Message, Self);
        }

        foreach (var action in sync.Actions)
        {
            var tag = new DeploymentActionTag(key, action.GetType().Name, action.Event);
            switch (action)
            {
                case CreateReplicaSet c:
                    Send(new CreateObject(c.ReplicaSet) { Tag = tag, TraceId = trace, From = Name });
                    break;
                case UpdateReplicaSet u:
                    Send(new UpdateObject(u.ReplicaSet) { Tag = tag, TraceId = trace, From = Name });
                    break;
                case DeleteReplicaSet del:
                    var options = new V1DeleteOptions { PropagationPolicy = "Background", Preconditions = new V1Preconditions { Uid = del.ReplicaSet.Metadata.Uid } };
                    Send(new DeleteObject(Resources.ReplicaSets, del.ReplicaSet.Metadata.NamespaceProperty, del.ReplicaSet.Metadata.Name, options) { Tag = tag, TraceId = trace, From = Name });
                    break;
                case UpdateDeploymentStatus s:
                    Send(new UpdateObject(s.Deployment, "status") { Tag = tag, TraceId = trace, From = Name });
                    break;
                case SetDeploymentRevision r:
                    var patch = JsonSerializer.Serialize(new Dictionary<string, object>
                    {
                        ["metadata"] = new Dictionary<string, object> { ["annotations"] = new Dictionary<string, string> { [WellKnown.DeploymentRevisionAnnotation] = r.Revision } },
                    });
                    Send(new PatchObject(Resources.Deployments, r.Deployment.Metadata.NamespaceProperty, r.Deployment.Metadata.Name, PatchType.Merge, patch) { Tag = tag, TraceId = trace, From = Name });
                    break;
            }
        }

        if (sync.RequeueAfter is { } after)
        {
            EnqueueAfter(key, after);
        }
    }

    protected override void OnReply(ApiResponse response)
    {
        if (response.Tag is not DeploymentActionTag tag)
        {
            return;
        }

        if (response.IsSuccess)
        {
            if (tag.Event is { } ev && _deployments.Get(tag.DeploymentKey) is { } d)
            {
                Recorder.Record(d, ev.Type, ev.Reason, ev.Message, Self);
            }

            // A request went through: the key's backoff starts again from the base delay.
            Queue.Forget(tag.DeploymentKey);
            return;
        }

        if (tag.Action == nameof(DeleteReplicaSet) && response.Code == 404)
        {
            return;
        }

        // 409 (a stale cache or a name taken) or a transient failure: look again from the cache after a backoff.
        Retry(tag.DeploymentKey);
    }
}
