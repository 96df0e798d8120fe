using Akka.Actor;
using Akka.Event;
using ActorKube.Client;
using ActorKube.Core.Objects;
using ActorKube.Core.Scheduling;
using ActorKube.Core.Time;

namespace ActorKube.ControlPlane.Scheduler;

/// <summary>
/// kube-scheduler (DESIGN §6): watches nodes and pods through the apiserver, queues pending pods that
/// are its own (schedulerName empty or default-scheduler), runs the filter/score framework over its
/// cache and binds with BindPod. It does not wait for a binding before scheduling the next pod: the
/// pod is assumed in the cache, and forgotten and retried with backoff if the binding fails.
/// Unschedulable pods get a PodScheduled=False condition and a FailedScheduling event, and wait for a
/// cluster event (node added or changed, assigned pod deleted) or 5 minutes.
/// </summary>
public sealed class KubeSchedulerActor : ReceiveActor, IWithTimers
{
    public const string Component = ActorNames.Scheduler;

    /// <summary>Events name the scheduler profile, as kube-scheduler does (kubectl describe: From default-scheduler).</summary>
    public const string EventSource = "default-scheduler";
    public const string ReasonUnschedulable = "Unschedulable";
    public const string ReasonSchedulerError = "SchedulerError";
    public const string EventFailedScheduling = "FailedScheduling";
    public const string EventScheduled = "Scheduled";
    public const string PodScheduledCondition = "PodScheduled";

    private readonly IActorRef _apiServer;
    private readonly ClusterClock _clock;
    private readonly SchedulerSettings _settings;
    private readonly InformerSet _informers = new();
    private readonly Informer<V1Node> _nodes;
    private readonly Informer<V1Pod> _pods;
    private readonly SchedulerCache _cache = new();
    private readonly SchedulingQueue _queue;
    private readonly SchedulingAlgorithm _algorithm;
    private readonly EventRecorder _events;
    private readonly Dictionary<string, PendingBind> _binds = new(StringComparer.Ordinal);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private bool _scheduleRequested;
    private long _scheduled;
    private long _attempts;

    public KubeSchedulerActor(IActorRef apiServer, ClusterClock clock, SchedulerSettings settings)
    {
        _apiServer = apiServer;
        _clock = clock;
        _settings = settings;
        _queue = new SchedulingQueue(settings.InitialBackoff, settings.MaxBackoff, settings.MaxInUnschedulable);
        _algorithm = new SchedulingAlgorithm(_cache, settings.PercentageOfNodesToScore, new Random());
        _events = new EventRecorder(apiServer, EventSource, clock);

        _nodes = _informers.Add(new Informer<V1Node>(apiServer, name: "scheduler-nodes"));
        _pods = _informers.Add(new Informer<V1Pod>(apiServer, name: "scheduler-pods"));
        _nodes.OnAdd = OnNodeAdd;
        _nodes.OnUpdate = OnNodeUpdate;
        _nodes.OnDelete = n => _cache.RemoveNode(n.Metadata.Name);
        _pods.OnAdd = OnPodAdd;
        _pods.OnUpdate = OnPodUpdate;
        _pods.OnDelete = OnPodDelete;
        _informers.OnAllSynced = () => _log.Info("kube-scheduler synced: {0} nodes, {1} pods queued", _cache.NodeCount, _queue.ActiveCount);

        Receive<ScheduleNext>(_ => ScheduleBatch());
        Receive<FlushBackoffQ>(_ => _queue.FlushBackoffQCompleted(_clock.UtcNow));
        Receive<FlushUnschedulablePods>(_ => _queue.FlushUnschedulablePodsLeftover(_clock.UtcNow));
        Receive<ApiResponse>(r => r.Tag is string, OnBindReply);
        Receive<ApiResponse>(r => r.Tag is PodConditionTag && !r.IsSuccess, r => _log.Debug("pod condition update for {0} failed: {1}", ((PodConditionTag)r.Tag!).PodKey, r.Error?.Message));
        Receive<ApiResponse>(_ => { });
        Receive<GetSchedulerStatus>(_ => Sender.Tell(new SchedulerStatus(
            _informers.AllSynced, _cache.NodeCount, _queue.ActiveCount, _queue.BackoffCount, _queue.UnschedulableCount, _cache.AssumedCount, _binds.Count, _scheduled, _attempts)));
        ReceiveAny(m =>
        {
            if (!_informers.Handle(m))
            {
                Unhandled(m);
            }
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef apiServer, ClusterClock clock, SchedulerSettings settings) =>
        Akka.Actor.Props.Create(() => new KubeSchedulerActor(apiServer, clock, settings));

    protected override void PreStart()
    {
        _informers.Start(_apiServer, Self);
        Timers.StartPeriodicTimer("flush-backoff", FlushBackoffQ.Instance, _clock.ToWall(TimeSpan.FromSeconds(1)));
        Timers.StartPeriodicTimer("flush-unschedulable", FlushUnschedulablePods.Instance, _clock.ToWall(TimeSpan.FromSeconds(30)));
    }

    protected override void PostStop() => _informers.Stop();

    protected override bool AroundReceive(Receive receive, object message)
    {
        var handled = base.AroundReceive(receive, message);
        RequestScheduling();
        return handled;
    }

    // ---- informer handlers (eventhandlers.go) ----

    private void OnNodeAdd(V1Node node)
    {
        _cache.AddNode(node);
        _queue.MoveAllToActiveOrBackoffQueue(_clock.UtcNow);
    }

    private void OnNodeUpdate(V1Node old, V1Node node)
    {
        _cache.UpdateNode(node);
        if (NodeChanges.SchedulingPropertiesChanged(old, node))
        {
            _queue.MoveAllToActiveOrBackoffQueue(_clock.UtcNow);
        }
    }

    private void OnPodAdd(V1Pod pod)
    {
        if (PodInfo.IsAssigned(pod))
        {
            _cache.AddOrUpdatePod(pod);
        }
        else if (IsSchedulable(pod))
        {
            _queue.Add(new PodInfo(pod), _clock.UtcNow);
        }
    }

    private void OnPodUpdate(V1Pod old, V1Pod pod)
    {
        var key = pod.KeyOf();
        if (PodInfo.IsAssigned(pod))
        {
            // bound (by us or by someone else): it leaves the queue; the cache confirms the assumption
            _queue.Delete(key);
            var freed = _cache.Contains(key) && PodInfo.IsTerminal(pod) && !PodInfo.IsTerminal(old);
            _cache.AddOrUpdatePod(pod);
            if (freed)
            {
                _queue.MoveAllToActiveOrBackoffQueue(_clock.UtcNow);
            }

            return;
        }

        if (!IsSchedulable(pod))
        {
            _queue.Delete(key);
            return;
        }

        if (_cache.IsAssumed(key))
        {
            // our binding is on its way: the watch has not shown it yet
            return;
        }

        _queue.Update(new PodInfo(pod), _clock.UtcNow, NodeChanges.PodSpecChanged(old, pod));
    }

    private void OnPodDelete(V1Pod pod)
    {
        var key = pod.KeyOf();
        _queue.Delete(key);
        if (_cache.Contains(key))
        {
            var wasCounted = !PodInfo.IsTerminal(pod);
            _cache.RemovePod(key);
            if (wasCounted)
            {
                _queue.MoveAllToActiveOrBackoffQueue(_clock.UtcNow);
            }
        }
    }

    private static bool IsSchedulable(V1Pod pod) =>
        PodInfo.IsForDefaultScheduler(pod) && !pod.IsTerminating() && !PodInfo.IsTerminal(pod);

    // ---- scheduling loop (schedule_one.go) ----

    private void RequestScheduling()
    {
        if (!_scheduleRequested && _queue.ActiveCount > 0 && _informers.AllSynced)
        {
            _scheduleRequested = true;
            Self.Tell(ScheduleNext.Instance);
        }
    }

    private void ScheduleBatch()
    {
        _scheduleRequested = false;
        if (!_informers.AllSynced)
        {
            return;
        }

        for (var n = 0; n < _settings.BatchSize && _queue.TryPop(out var info); n++)
        {
            ScheduleOne(info);
        }
    }

    private void ScheduleOne(QueuedPodInfo info)
    {
        var key = info.Key;
        var current = _pods.Get(key);
        if (current is null || PodInfo.IsAssigned(current) || !IsSchedulable(current) || _cache.IsAssumed(key))
        {
            // deleted, bound or already assumed meanwhile (skipPodSchedule)
            _queue.Delete(key);
            return;
        }

        _attempts++;
        var cycle = _queue.SchedulingCycle;
        var result = _algorithm.Schedule(info.PodInfo);
        var pod = info.PodInfo.Pod;
        if (result.NodeName is { } nodeName)
        {
            _cache.AssumePod(info.PodInfo, nodeName);
            _binds[key] = new PendingBind(info, nodeName, cycle);
            var trace = pod.TraceId();
            _apiServer.Tell(new BindPod(pod.Metadata.NamespaceProperty ?? WellKnown.NamespaceDefault, pod.Metadata.Name, nodeName, pod.Metadata.Uid)
            {
                Tag = key,
                From = Component,
                TraceId = trace,
            }, Self);
            return;
        }

        _queue.AddUnschedulableIfNotPresent(info, cycle, _clock.UtcNow, unschedulable: true);
        var message = result.Error?.Message ?? FitError.NoNodesAvailable;
        ReportFailure(pod, ReasonUnschedulable, message);
    }

    private void OnBindReply(ApiResponse reply)
    {
        var key = (string)reply.Tag!;
        if (!_binds.Remove(key, out var bind))
        {
            return;
        }

        var pod = bind.Info.PodInfo.Pod;
        if (reply.IsSuccess)
        {
            _queue.Done(key);
            _scheduled++;
            _events.Record(pod, EventRecorder.Normal, EventScheduled, $"Successfully assigned {pod.Metadata.NamespaceProperty}/{pod.Metadata.Name} to {bind.NodeName}", Self);
            return;
        }

        // the binding failed: undo the assumption, free the node for the others, retry after a backoff
        _cache.ForgetPod(key);
        _queue.MoveAllToActiveOrBackoffQueue(_clock.UtcNow);
        var current = _pods.Get(key);
        if (reply.Code == 404 || current is null || PodInfo.IsAssigned(current))
        {
            _queue.Delete(key);
            return;
        }

        _queue.AddUnschedulableIfNotPresent(bind.Info, bind.Cycle, _clock.UtcNow, unschedulable: false);
        ReportFailure(current, ReasonSchedulerError, $"Binding rejected: {reply.Error?.Message}");
    }

    /// <summary>FailedScheduling event and the PodScheduled=False condition (handleSchedulingFailure).</summary>
    private void ReportFailure(V1Pod pod, string reason, string message)
    {
        _events.Record(pod, EventRecorder.Warning, EventFailedScheduling, message, Self);

        var existing = pod.Status?.Conditions?.FirstOrDefault(c => c.Type == PodScheduledCondition);
        if (existing is { Status: "False" } && existing.Reason == reason && existing.Message == message)
        {
            return;
        }

        var now = _clock.UtcNow;
        var condition = new V1PodCondition
        {
            Type = PodScheduledCondition,
            Status = "False",
            Reason = reason,
            Message = message,
            LastProbeTime = null,
            LastTransitionTime = existing is { Status: "False" } ? existing.LastTransitionTime : now,
        };
        var conditions = pod.Status?.Conditions?.Where(c => c.Type != PodScheduledCondition).ToList() ?? [];
        conditions.Add(condition);
        var updated = pod with
        {
            // unconditional: only the scheduler writes the status of a pending pod
            Metadata = pod.Metadata with { ResourceVersion = null },
            Status = (pod.Status ?? new V1PodStatus { Phase = "Pending" }) with { Conditions = conditions },
        };
        _apiServer.Tell(new UpdateObject(updated, "status")
        {
            Tag = new PodConditionTag(pod.KeyOf()),
            From = Component,
            TraceId = pod.TraceId(),
        }, Self);
    }

    private sealed record PendingBind(QueuedPodInfo Info, string NodeName, long Cycle);
}
