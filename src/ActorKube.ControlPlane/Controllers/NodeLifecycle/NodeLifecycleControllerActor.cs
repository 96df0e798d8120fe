using Akka.Actor;
using Akka.Event;
using ActorKube.Client;
using ActorKube.Core.Controllers.NodeLifecycle;
using ActorKube.Core.Objects;
using ActorKube.Core.Time;

namespace ActorKube.ControlPlane.Controllers.NodeLifecycle;

/// <summary>
/// kube-controller-manager's node lifecycle controller with its taint-eviction manager
/// (pkg/controller/nodelifecycle, pkg/controller/tainteviction). Every node-monitor-period it runs
/// <see cref="NodeHealthMonitor"/> over the cached nodes, leases and pods and sends what it decides
/// (node status Unknown, NoExecute taints, Ready=False on pods, events). Pods on nodes with NoExecute
/// taints are deleted by <see cref="TaintEvictionQueue"/>'s schedule, on one timer for the earliest.
/// </summary>
public sealed class NodeLifecycleControllerActor : ReceiveActor, IWithTimers
{
    private const string PodsByNodeIndex = "spec.nodeName";
    private const string MonitorTimer = "monitor";
    private const string EvictionTimer = "eviction";
    private const string NodeControllerComponent = "node-controller";
    private const string TaintEvictionComponent = "taint-eviction-controller";

    private readonly IActorRef _apiServer;
    private readonly ClusterClock _clock;
    private readonly NodeLifecycleSettings _settings;
    private readonly InformerSet _informers = new();
    private readonly Informer<V1Node> _nodes;
    private readonly Informer<V1Lease> _leases;
    private readonly Informer<V1Pod> _pods;
    private readonly NodeHealthMonitor _monitor;
    private readonly TaintEvictionQueue _evictions = new();
    private readonly EventRecorder _nodeEvents;
    private readonly EventRecorder _evictionEvents;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private long _evictionTimerVersion = -1;

    public NodeLifecycleControllerActor(IActorRef apiServer, ClusterClock clock, NodeLifecycleSettings settings)
    {
        _apiServer = apiServer;
        _clock = clock;
        _settings = settings;
        _monitor = new NodeHealthMonitor(settings.NodeMonitorGracePeriod, settings.NodeStartupGracePeriod);
        _nodeEvents = new EventRecorder(apiServer, NodeControllerComponent, clock);
        _evictionEvents = new EventRecorder(apiServer, TaintEvictionComponent, clock);

        _nodes = _informers.Add(new Informer<V1Node>(apiServer));
        _leases = _informers.Add(new Informer<V1Lease>(apiServer, WellKnown.NamespaceNodeLease));
        _pods = _informers.Add(new Informer<V1Pod>(apiServer));
        _pods.AddIndex(PodsByNodeIndex, p => string.IsNullOrEmpty(p.Spec?.NodeName) ? null : p.Spec.NodeName);

        _nodes.OnAdd = SyncPodsOnNode;
        _nodes.OnUpdate = (old, node) =>
        {
            if (!SameNoExecuteTaints(old, node))
            {
                SyncPodsOnNode(node);
            }
        };
        _nodes.OnDelete = node =>
        {
            if (_monitor.IsKnown(node.Metadata.Name))
            {
                _nodeEvents.Record(node, EventRecorder.Normal, "RemovingNode", $"Node {node.Metadata.Name} event: Removing Node {node.Metadata.Name} from Controller", Self);
            }

            _monitor.Forget(node.Metadata.Name);
        };
        _pods.OnAdd = SyncPod;
        _pods.OnUpdate = (_, pod) => SyncPod(pod);
        _pods.OnDelete = pod =>
        {
            if (_evictions.Cancel(pod.KeyOf()))
            {
                RecordCancel(pod);
            }

            ArmEvictionTimer();
        };

        Receive<MonitorNodes>(_ => MonitorAll());
        Receive<ProcessTaintEvictions>(_ => ProcessEvictions());
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

    public static Props Props(IActorRef apiServer, ClusterClock clock, NodeLifecycleSettings settings) =>
        Akka.Actor.Props.Create(() => new NodeLifecycleControllerActor(apiServer, clock, settings));

    protected override void PreStart()
    {
        _informers.Start(_apiServer, Self);
        var period = _clock.ToWall(_settings.NodeMonitorPeriod);
        Timers.StartPeriodicTimer(MonitorTimer, MonitorNodes.Instance, period, period);
    }

    protected override void PostStop() => _informers.Stop();

    private void MonitorAll()
    {
        if (!_informers.AllSynced)
        {
            return;
        }

        var now = _clock.UtcNow;
        foreach (var node in _nodes.Items.ToList())
        {
            var name = node.Metadata.Name;
            var actions = _monitor.Monitor(node, _leases.Get(WellKnown.NamespaceNodeLease, name), _pods.ByIndex(PodsByNodeIndex, name), now);
            foreach (var action in actions)
            {
                Execute(action);
            }

            // Level-triggered safety net for the taint manager: pods on tainted nodes are looked at each pass.
            if (TaintTolerations.NoExecuteTaints(node).Count > 0)
            {
                SyncPodsOnNode(node);
            }
        }
    }

    private void Execute(NodeLifecycleAction action)
    {
        switch (action)
        {
            case UpdateNodeStatusAction a:
                _log.Info("Node {0}: kubelet stopped posting status, conditions set to Unknown", a.Node.Metadata.Name);
                Send(new UpdateObject(a.Node, "status") { Tag = new NodeLifecycleRequestTag("node-status", a.Node.Metadata.Name) });
                break;
            case UpdateNodeTaintsAction a:
                _log.Info("Node {0}: {1}", a.Node.Metadata.Name, a.Description);
                Send(new UpdateObject(a.Node) { Tag = new NodeLifecycleRequestTag("node-taints", a.Node.Metadata.Name) });
                break;
            case UpdatePodStatusAction a:
                Send(new UpdateObject(a.Pod, "status") { Tag = new NodeLifecycleRequestTag("pod-not-ready", a.Pod.KeyOf()) });
                break;
            case RecordEventAction a:
                _nodeEvents.Record(a.Involved, a.Type, a.Reason, a.Message, Self);
                break;
        }
    }

    private void Send(ApiRequest request) =>
        _apiServer.Tell(request with { From = ActorNames.NodeLifecycleController }, Self);

    private void SyncPodsOnNode(V1Node node)
    {
        var now = _clock.UtcNow;
        foreach (var pod in _pods.ByIndex(PodsByNodeIndex, node.Metadata.Name).ToList())
        {
            if (_evictions.SyncPod(pod, node, now))
            {
                RecordCancel(pod);
            }
        }

        ArmEvictionTimer();
    }

    private void SyncPod(V1Pod pod)
    {
        var nodeName = pod.Spec?.NodeName;
        if (string.IsNullOrEmpty(nodeName))
        {
            return;
        }

        if (_evictions.SyncPod(pod, _nodes.Get(null, nodeName), _clock.UtcNow))
        {
            RecordCancel(pod);
        }

        ArmEvictionTimer();
    }

    private void RecordCancel(V1Pod pod) =>
        _evictionEvents.Record(pod, EventRecorder.Normal, "TaintManagerEviction", $"Cancelling deletion of Pod {pod.KeyOf()}", Self);

    private void ProcessEvictions()
    {
        _evictionTimerVersion = -1;
        foreach (var eviction in _evictions.TakeDue(_clock.UtcNow))
        {
            var pod = _pods.Get(eviction.Namespace, eviction.Name);
            if (pod is null)
            {
                continue;
            }

            _log.Info("Taint eviction: deleting pod {0} from node {1}", eviction.Key, pod.Spec?.NodeName);
            _evictionEvents.Record(pod, EventRecorder.Normal, "TaintManagerEviction", $"Marking for deletion Pod {eviction.Key}", Self);

            // As addConditionAndDeletePod: the DisruptionTarget condition first (a strategic merge
            // patch of status merges conditions by type), then the DELETE, in this order at the apiserver.
            Send(new PatchObject(Resources.Pods, eviction.Namespace, eviction.Name, PatchType.StrategicMerge, DisruptionTargetPatch(_clock.UtcNow), "status")
            {
                Tag = new NodeLifecycleRequestTag("disruption-target", eviction.Key),
            });
            Send(new DeleteObject(Resources.Pods, eviction.Namespace, eviction.Name) { Tag = new NodeLifecycleRequestTag("evict", eviction.Key), TraceId = pod.TraceId() });
        }

        ArmEvictionTimer();
    }

    private void ArmEvictionTimer()
    {
        if (_evictions.Version == _evictionTimerVersion)
        {
            return;
        }

        _evictionTimerVersion = _evictions.Version;
        var next = _evictions.NextFireAt;
        if (next is null)
        {
            Timers.Cancel(EvictionTimer);
            return;
        }

        var wait = next.Value - _clock.UtcNow;
        Timers.StartSingleTimer(EvictionTimer, ProcessTaintEvictions.Instance, wait <= TimeSpan.Zero ? TimeSpan.Zero : _clock.ToWall(wait));
    }

    private void OnResponse(ApiResponse response)
    {
        if (response.IsSuccess || response.Tag is not NodeLifecycleRequestTag tag)
        {
            return;
        }

        if (tag.Operation == "evict" && response.Code != 404)
        {
            // Scheduled again by the next sync of the pod (at the latest the next monitor pass).
            _evictions.Failed(tag.Key);
        }

        _log.Debug("{0} {1} failed: {2}", tag.Operation, tag.Key, response.Error?.Message);
    }

    private static string DisruptionTargetPatch(DateTime now)
    {
        var patch = new V1Pod
        {
            Status = new V1PodStatus
            {
                Conditions =
                [
                    new V1PodCondition
                    {
                        Type = "DisruptionTarget",
                        Status = "True",
                        Reason = "DeletionByTaintManager",
                        Message = "Taint manager: deleting due to NoExecute taint",
                        LastTransitionTime = now,
                    },
                ],
            },
        };
        return KubeSerializer.ToJson(patch);
    }

    private static bool SameNoExecuteTaints(V1Node a, V1Node b)
    {
        var x = TaintTolerations.NoExecuteTaints(a);
        var y = TaintTolerations.NoExecuteTaints(b);
        if (x.Count != y.Count)
        {
            return false;
        }

        for (var i = 0; i < x.Count; i++)
        {
            if (x[i].Key != y[i].Key || x[i].Value != y[i].Value || x[i].TimeAdded != y[i].TimeAdded)
            {
                return false;
            }
        }

        return true;
    }
}
