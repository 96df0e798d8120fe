using Akka.Actor;
using Akka.Event;
using ActorKube.Client;
using ActorKube.Core.Controllers;
using ActorKube.Core.Controllers.GarbageCollector;
using ActorKube.Core.Objects;
using ActorKube.Core.Time;

namespace ActorKube.ControlPlane.Controllers.GarbageCollector;

/// <summary>
/// kube-controller-manager's garbage collector (pkg/controller/garbagecollector): informers on every
/// kind that carries ownerReferences feed the <see cref="OwnerGraph"/>; changed objects go through a
/// work queue to <see cref="GarbageCollectorLogic.Decide"/>, whose decisions become DELETEs (with a
/// uid precondition and a propagationPolicy), PUTs of ownerReferences/finalizers (with the cached
/// resourceVersion: a 409 means retry from the newer state) and GETs of owners never observed.
/// An object just changed is not acted on again until its watch event shows the change (expectations).
/// </summary>
public sealed class GarbageCollectorActor : ReceiveActor, IWithTimers
{
    private const int BatchSize = 500;
    private static readonly TimeSpan AwaitLimit = TimeSpan.FromSeconds(30);

    private readonly IActorRef _apiServer;
    private readonly ClusterClock _clock;
    private readonly InformerSet _informers = new();
    private readonly OwnerGraph _graph = new();
    private readonly WorkQueue _queue = new();
    private readonly Dictionary<string, (long ResourceVersion, DateTime Since)> _awaiting = new(StringComparer.Ordinal);
    private readonly HashSet<string> _verifying = new(StringComparer.Ordinal);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private bool _processScheduled;

    public GarbageCollectorActor(IActorRef apiServer, ClusterClock clock)
    {
        _apiServer = apiServer;
        _clock = clock;
        AddInformer<V1Pod>();
        AddInformer<V1ReplicaSet>();
        AddInformer<V1Deployment>();
        AddInformer<V1StatefulSet>();
        AddInformer<V1DaemonSet>();
        AddInformer<V1Job>();
        AddInformer<V1CronJob>();
        AddInformer<V1Service>();
        AddInformer<V1EndpointSlice>();
        AddInformer<V1ControllerRevision>();
        AddInformer<V1ConfigMap>();
        AddInformer<V1Secret>();
        _informers.OnAllSynced = ScheduleProcess;

        Receive<ProcessGarbageQueue>(_ => Process());
        Receive<RetryGarbageItem>(r => Enqueue([r.Uid]));
        Receive<ApiResponse>(OnResponse);
        ReceiveAny(m =>
        {
            if (!_informers.Handle(m))
            {
                Unhandled(m);
            }
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef apiServer, ClusterClock clock) =>
        Akka.Actor.Props.Create(() => new GarbageCollectorActor(apiServer, clock));

    protected override void PreStart() => _informers.Start(_apiServer, Self);

    protected override void PostStop() => _informers.Stop();

    private void AddInformer<T>() where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var informer = _informers.Add(new Informer<T>(_apiServer));
        informer.OnAdd = Changed;
        informer.OnUpdate = (_, obj) => Changed(obj);
        informer.OnDelete = obj =>
        {
            _awaiting.Remove(obj.Metadata.Uid ?? "");
            Enqueue(_graph.Remove(obj));
        };
    }

    private void Changed(IKubernetesObject<V1ObjectMeta> obj)
    {
        var uid = obj.Metadata.Uid ?? "";
        if (_awaiting.TryGetValue(uid, out var awaited) && obj.ResourceVersionNumber() >= awaited.ResourceVersion)
        {
            _awaiting.Remove(uid);
        }

        Enqueue(_graph.Upsert(obj));
    }

    private void Enqueue(IEnumerable<string> uids)
    {
        foreach (var uid in uids)
        {
            _queue.Add(uid);
        }

        ScheduleProcess();
    }

    private void ScheduleProcess()
    {
        if (!_processScheduled && !_queue.IsEmpty && _informers.AllSynced)
        {
            _processScheduled = true;
            Self.Tell(ProcessGarbageQueue.Instance);
        }
    }

    private void Process()
    {
        _processScheduled = false;
        for (var n = 0; n < BatchSize && _queue.TryGet(out var uid); n++)
        {
            foreach (var action in GarbageCollectorLogic.Decide(_graph, uid))
            {
                Execute(uid, action);
            }

            _queue.Done(uid);
        }

        ScheduleProcess();
    }

    private void Execute(string decisionUid, GcAction action)
    {
        switch (action)
        {
            case GcDeleteAction d when !IsAwaited(d.Uid, decisionUid):
                _log.Info("Deleting {0} {1}/{2} (propagationPolicy {3}): its owners are gone", d.Resource.Kind, d.Namespace, d.Name, d.PropagationPolicy);
                Await(d.Uid);
                var options = new V1DeleteOptions { PropagationPolicy = d.PropagationPolicy, Preconditions = new V1Preconditions { Uid = d.Uid } };
                Send(new DeleteObject(d.Resource, d.Namespace, d.Name, options) { Tag = new GarbageRequestTag(d.Uid, decisionUid) });
                break;
            case GcUpdateAction u when !IsAwaited(u.Object.Metadata.Uid, decisionUid):
                _log.Info("{0} {1}: {2}", Resources.ForObject(u.Object).Kind, u.Object.KeyOf(), u.Reason);
                Await(u.Object.Metadata.Uid);
                Send(new UpdateObject(u.Object) { Tag = new GarbageRequestTag(u.Object.Metadata.Uid, decisionUid), TraceId = u.Object.TraceId() });
                break;
            case GcVerifyOwnerAction v when _verifying.Add(v.Uid):
                Send(new GetObject(v.Resource, v.Namespace, v.Name) { Tag = new VerifyOwnerTag(v.Uid) });
                break;
            case GcEnqueueAction e:
                _queue.Add(e.Uid);
                break;
        }
    }

    /// <summary>A request for this object is in flight or its result not yet seen in the cache.</summary>
    private bool IsAwaited(string uid, string decisionUid)
    {
        if (!_awaiting.TryGetValue(uid, out var a))
        {
            return false;
        }

        if (_clock.UtcNow - a.Since > AwaitLimit)
        {
            // The change never showed up (a no-op write, a lost event): decide again from the cache.
            _awaiting.Remove(uid);
            return false;
        }

        Timers.StartSingleTimer($"retry-{decisionUid}", new RetryGarbageItem(decisionUid), _clock.ToWall(AwaitLimit));
        return true;
    }

    private void Await(string uid)
    {
        var cached = _graph.Get(uid)?.Object.ResourceVersionNumber() ?? 0;
        _awaiting[uid] = (cached + 1, _clock.UtcNow);
    }

    private void Send(ApiRequest request) => _apiServer.Tell(request with { From = ActorNames.GarbageCollector }, Self);

    private void OnResponse(ApiResponse response)
    {
        switch (response.Tag)
        {
            case VerifyOwnerTag v:
                _verifying.Remove(v.OwnerUid);
                if (response.IsSuccess || response.Code == 404)
                {
                    var exists = response.IsSuccess && response.Object?.Metadata?.Uid == v.OwnerUid;
                    Enqueue(_graph.OwnerVerified(v.OwnerUid, exists));
                }
                else
                {
                    RetryDependentsLater(v.OwnerUid);
                }

                break;
            case GarbageRequestTag t when response.IsSuccess:
                _queue.Forget(t.DecisionUid);
                break;
            case GarbageRequestTag t:
                _awaiting.Remove(t.TargetUid);
                if (response.Code != 404)
                {
                    // 409: the object changed since it was read; decide again from the newer state.
                    _log.Debug("Garbage collector request for {0} failed: {1}", t.TargetUid, response.Error?.Message);
                    Timers.StartSingleTimer($"retry-{t.DecisionUid}", new RetryGarbageItem(t.DecisionUid), _clock.ToWall(_queue.Backoff(t.DecisionUid)));
                }

                break;
        }
    }

    private void RetryDependentsLater(string ownerUid)
    {
        foreach (var dep in _graph.DependentsOf(ownerUid))
        {
            Timers.StartSingleTimer($"retry-{dep.Uid}", new RetryGarbageItem(dep.Uid), _clock.ToWall(_queue.Backoff(dep.Uid)));
        }
    }
}
