using Akka.Actor;
using ActorKube.Client;
using ActorKube.Core.Controllers.ReplicaSet;
using ActorKube.Core.Node;
using ActorKube.Core.Objects;
using ActorKube.Core.Time;
using ActorKube.Node.ContainerRuntime;
using ActorKube.Node.Kubelet;
using Serilog.Events;

namespace ActorKube.Node.Pod;

/// <summary>
/// One pod on one node: drives the pure <see cref="PodLifecycle"/> with the runtime's replies and
/// one-shot timers, records the kubelet's events, and hands each new status to the status manager.
/// No JSON, no periodic timers: a running pod costs nothing until something happens to it.
/// </summary>
public sealed class PodActor : UntypedActor, IWithTimers
{
    private readonly IActorRef _runtime;
    private readonly IActorRef _statusManager;
    private readonly EventRecorder _recorder;
    private readonly ClusterClock _clock;
    private readonly PodLifecycle _lifecycle;
    private readonly string _key;
    private readonly string _uid;
    private int _sentVersion;
    private bool _released;

    // The Ready condition of the last status this pod sent, and whether the apiserver has shown it back yet.
    private string? _sentReady;
    private bool _awaitingEcho;

    public PodActor(V1Pod pod, string hostIp, string? podIp, IActorRef runtime, IActorRef statusManager, EventRecorder recorder, ClusterClock clock, EmulationDefaults defaults)
    {
        _runtime = runtime;
        _statusManager = statusManager;
        _recorder = recorder;
        _clock = clock;
        _key = pod.KeyOf();
        _uid = pod.Metadata.Uid ?? "";
        _lifecycle = new PodLifecycle(pod, hostIp, podIp, clock.UtcNow, defaults);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    // One actor per pod, so its creation is on the hot path: a producer that calls the constructor directly
    // (Props.Create with an expression compiles it, with arguments it goes through reflection), and a switch
    // instead of ReceiveActor's handler table, which every instance would build again.
    public static Props Props(V1Pod pod, string hostIp, string? podIp, IActorRef runtime, IActorRef statusManager, EventRecorder recorder, ClusterClock clock, EmulationDefaults? defaults = null) =>
        Akka.Actor.Props.CreateBy(new Producer(() => new PodActor(pod, hostIp, podIp, runtime, statusManager, recorder, clock, defaults ?? EmulationDefaults.Kubernetes)));

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case ImagePulling m:
                Apply(_lifecycle.OnImagePulling(m.Container, _clock.UtcNow));
                break;
            case ImagePulled m:
                Apply(_lifecycle.OnImagePulled(m.Container, m.Took, m.AlreadyPresent, _clock.UtcNow));
                break;
            case ImagePullFailed m:
                Apply(_lifecycle.OnImagePullFailed(m.Container, m.Message, _clock.UtcNow));
                break;
            case ContainerStarted m:
                Apply(_lifecycle.OnContainerStarted(m.Container, m.ContainerId, m.StartedAt));
                break;
            case ContainerExited m:
                Apply(_lifecycle.OnContainerExited(m.Container, m.ContainerId, m.ExitCode, m.FinishedAt));
                break;
            case LifecycleTimer m:
                Apply(_lifecycle.OnTimer(m.Key, _clock.UtcNow));
                break;
            case PodUpdated m:
                OnPodUpdated(m);
                break;
            case PodRemoved:
                _runtime.Tell(new RemovePodSandbox(_uid));
                Release();
                Context.Stop(Self);
                break;
            case ApiResponse { Tag: EventTag }:
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    protected override void PreStart()
    {
        Apply(_lifecycle.Start(_clock.UtcNow));
        if (_lifecycle.Pod.IsTerminating())
        {
            OnPodUpdated(new PodUpdated(_lifecycle.Pod));
        }
    }

    private void OnPodUpdated(PodUpdated m)
    {
        _lifecycle.UpdatePod(m.Pod);
        ReconcileReady(m.Pod);
        if (m.Pod.IsTerminating() && !_lifecycle.Terminating)
        {
            var grace = m.Pod.Metadata.DeletionGracePeriodSeconds ?? m.Pod.Spec.TerminationGracePeriodSeconds ?? 30;
            Apply(_lifecycle.OnDeletion(TimeSpan.FromSeconds(Math.Max(0, grace)), _clock.UtcNow));
        }
    }

    private void Apply(IReadOnlyList<PodAction> actions)
    {
        var delete = false;
        foreach (var action in actions)
        {
            switch (action)
            {
                case PullImageAction a:
                    Flow("PullImage", a.Container.Name);
                    _runtime.Tell(new PullImage(a.Container.Name, a.Container, a.PullPolicy));
                    break;
                case StartContainerAction a:
                    _runtime.Tell(new StartContainer(_uid, _lifecycle.Pod.Metadata.Name, a.ContainerId, a.Container));
                    break;
                case StopContainerAction a:
                    Flow("StopContainer", a.Container);
                    _runtime.Tell(new StopContainer(a.ContainerId, a.After, a.ExitCode));
                    break;
                case ScheduleAction a:
                    Timers.StartSingleTimer(a.Key, new LifecycleTimer(a.Key), _clock.ToWall(a.After));
                    break;
                case RecordEventAction a:
                    _recorder.Record(_lifecycle.Pod, a.Type, a.Reason, a.Message, Self);
                    break;
                case PodFinishedAction a:
                    Release();
                    delete |= a.Delete;
                    break;
            }
        }

        if (_lifecycle.Version != _sentVersion)
        {
            _sentVersion = _lifecycle.Version;
            SendStatus(delete);
        }
        else if (delete)
        {
            // Nothing new to report (a pod that was already terminal): just delete it.
            _statusManager.Tell(new PodStatusUpdate(_lifecycle.Pod, DeleteAfter: true, WriteStatus: false));
        }
    }

    private void SendStatus(bool delete)
    {
        var status = _lifecycle.BuildStatus();
        _sentReady = PodUtil.ReadyCondition(status)?.Status;
        _awaitingEcho = true;
        _statusManager.Tell(new PodStatusUpdate(_lifecycle.Pod with { Status = status }, delete));
    }

    /// <summary>
    /// The kubelet's status manager writes its status again when the apiserver's differs from it (needsReconcile):
    /// the node lifecycle controller marks the pods of a node that stopped reporting not ready (MarkPodsNotReady),
    /// and once the node reports again its kubelet makes them Ready again. Only once the apiserver has shown this
    /// pod's last status back: until then a different Ready is just an older write of its own.
    /// </summary>
    private void ReconcileReady(V1Pod seen)
    {
        if (_sentVersion == 0 || seen.Metadata.Uid != _uid || seen.IsTerminating() || _lifecycle.Terminating)
        {
            return;
        }

        var ready = PodUtil.ReadyCondition(seen.Status)?.Status;
        if (ready == _sentReady)
        {
            _awaitingEcho = false;
        }
        else if (!_awaitingEcho)
        {
            SendStatus(delete: false);
        }
    }

    private void Release()
    {
        if (!_released)
        {
            _released = true;
            Context.Parent.Tell(new PodSandboxReleased(_key, _uid));
        }
    }

    private void Flow(string type, string container)
    {
        if (FlowLog.IsEnabled(LogEventLevel.Debug))
        {
            FlowLog.Message(Self.Path.Name, ActorNames.ContainerRuntime, type, $"Container/{_key}/{container}", null, _lifecycle.Pod.TraceId(), LogEventLevel.Debug);
        }
    }

    private sealed record LifecycleTimer(string Key) : INoSerializationVerificationNeeded;

    private sealed class Producer(Func<PodActor> create) : IIndirectActorProducer
    {
        public Type ActorType => typeof(PodActor);

        public ActorBase Produce() => create();

        public void Release(ActorBase actor)
        {
        }
    }
}
