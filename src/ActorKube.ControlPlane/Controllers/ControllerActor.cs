using Akka.Actor;
using ActorKube.Client;
using ActorKube.Core.Controllers;
using ActorKube.Core.Objects;
using ActorKube.Core.Time;

namespace ActorKube.ControlPlane.Controllers;

/// <summary>
/// Settings of the workload controllers, HOCON section <c>actorkube.controllers</c>.
/// </summary>
/// <param name="WorkersBatch">Keys reconciled per Drain message (Kubernetes runs N worker goroutines; an actor takes N keys per turn).</param>
/// <param name="BurstReplicas">Most pod creations or deletions one ReplicaSet sync asks for (Kubernetes' BurstReplicas).</param>
/// <param name="CoalesceWindow">Wall time an idle controller waits after the first event before it reconciles, so a burst of
/// events about one object (10,000 pods of one ReplicaSet changing) costs one sync, not one per event. Syncs are O(objects).</param>
public sealed record ControllerSettings(int WorkersBatch = 5, int BurstReplicas = 500, TimeSpan CoalesceWindow = default)
{
    public static ControllerSettings Default { get; } = new(CoalesceWindow: TimeSpan.FromMilliseconds(10));

    public static ControllerSettings FromConfig(Akka.Configuration.Config? section)
    {
        if (section is null || section.IsEmpty)
        {
            return Default;
        }

        return new ControllerSettings(
            section.GetInt("workers-batch", Default.WorkersBatch),
            section.GetInt("burst-replicas", Default.BurstReplicas),
            section.GetTimeSpan("coalesce-window", Default.CoalesceWindow));
    }
}

/// <summary>
/// The loop every kube-controller-manager controller shares: informers feed a work queue of keys,
/// a Drain message reconciles a batch of keys (the queue deduplicates them), failures come back
/// after the queue's per-key backoff, and later looks are timers. Subclasses add informers in their
/// constructor, enqueue keys from the informer handlers and implement <see cref="Reconcile"/>.
/// </summary>
public abstract class ControllerActor : ReceiveActor, IWithTimers
{
    private bool _drainPending;
    private TimeSpan _lastDrain;

    protected ControllerActor(string name, IActorRef apiServer, ClusterClock clock, ControllerSettings? settings)
    {
        Name = name;
        ApiServer = apiServer;
        Clock = clock;
        Settings = settings ?? ControllerSettings.Default;
        Recorder = new EventRecorder(apiServer, name, clock);
        Informers.OnAllSynced = EnqueueAll;

        Receive<Drain>(_ => OnDrain());
        Receive<RequeueKey>(m => Enqueue(m.Key));
        Receive<ApiResponse>(r => r.Tag is EventTag, _ => { });
        Receive<ApiResponse>(OnReply);
        ReceiveAny(m =>
        {
            if (!Informers.Handle(m) && !HandleOther(m))
            {
                Unhandled(m);
            }
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected string Name { get; }

    protected IActorRef ApiServer { get; }

    protected ClusterClock Clock { get; }

    protected ControllerSettings Settings { get; }

    protected EventRecorder Recorder { get; }

    protected InformerSet Informers { get; } = new();

    protected WorkQueue Queue { get; } = new();

    protected override void PreStart() => Informers.Start(ApiServer, Self);

    protected override void PostStop() => Informers.Stop();

    /// <summary>Reconciles one key from the caches; requests go to the apiserver, replies come to <see cref="OnReply"/>.</summary>
    protected abstract void Reconcile(string key);

    /// <summary>A reply to a request this controller sent (not an event creation).</summary>
    protected abstract void OnReply(ApiResponse response);

    /// <summary>Every key of the primary informer, once all caches are synced.</summary>
    protected abstract IEnumerable<string> AllKeys();

    /// <summary>A message that is neither the loop's nor an informer's (replies of other components); true if handled.</summary>
    protected virtual bool HandleOther(object message) => false;

    protected void Enqueue(string key)
    {
        Queue.Add(key);
        ScheduleDrain();
    }

    protected void Enqueue(IKubernetesObject<V1ObjectMeta> obj) => Enqueue(obj.KeyOf());

    /// <summary>AddAfter: look at the key again after an emulated delay.</summary>
    protected void EnqueueAfter(string key, TimeSpan emulatedDelay) =>
        Timers.StartSingleTimer($"requeue/{key}", new RequeueKey(key), Clock.ToWall(emulatedDelay));

    /// <summary>AddRateLimited: the key failed; look again after the queue's backoff.</summary>
    protected void Retry(string key) =>
        Timers.StartSingleTimer($"retry/{key}", new RequeueKey(key), Queue.Backoff(key));

    /// <summary>Sends a request to the apiserver (which writes its message-flow event, with this controller as From).</summary>
    protected void Send(ApiRequest request) => ApiServer.Tell(request, Self);

    private void EnqueueAll()
    {
        foreach (var key in AllKeys())
        {
            Queue.Add(key);
        }

        ScheduleDrain();
    }

    private void ScheduleDrain(bool continuing = false)
    {
        if (!_drainPending && Informers.AllSynced && !Queue.IsEmpty)
        {
            _drainPending = true;
            if (continuing || Settings.CoalesceWindow <= TimeSpan.Zero)
            {
                Self.Tell(Drain.Instance);
            }
            else
            {
                // Syncs are O(objects of the key): wait at least as long as the last drain took, so a
                // controller busy with one huge ReplicaSet spends at most about half its time on it.
                var window = _lastDrain > Settings.CoalesceWindow ? _lastDrain : Settings.CoalesceWindow;
                Timers.StartSingleTimer("drain", Drain.Instance, window);
            }
        }
    }

    private void OnDrain()
    {
        _drainPending = false;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        for (var i = 0; i < Settings.WorkersBatch && Queue.TryGet(out var key); i++)
        {
            try
            {
                Reconcile(key);
            }
            finally
            {
                Queue.Done(key);
            }
        }

        _lastDrain = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        ScheduleDrain(continuing: true);
    }

    /// <summary>Self-message: reconcile the next batch of keys.</summary>
    private sealed record Drain : INoSerializationVerificationNeeded
    {
        public static readonly Drain Instance = new();
    }

    /// <summary>Timer message: a key comes back to the queue.</summary>
    private sealed record RequeueKey(string Key) : INoSerializationVerificationNeeded;
}
