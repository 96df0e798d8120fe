namespace ActorKube.Core.Node;

/// <summary>
/// The kubelet's view of one pod, as a pure state machine (no Akka): image pulls, container starts and
/// exits, restartPolicy with CrashLoopBackOff, readiness, init containers, graceful termination. Each
/// input returns the actions to take; <see cref="BuildStatus"/> writes the status the kubelet reports.
/// Times are emulated (ClusterClock) and passed in.
/// </summary>
public sealed class PodLifecycle
{
    public static readonly TimeSpan InitialBackoff = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);

    /// <summary>A container that ran this long without crashing starts over with the initial back-off.</summary>
    public static readonly TimeSpan BackoffReset = TimeSpan.FromMinutes(10);

    /// <summary>How long ErrImagePull shows before ImagePullBackOff (the kubelet's next sync).</summary>
    public static readonly TimeSpan PullErrorShown = TimeSpan.FromSeconds(1);

    private readonly List<ContainerRecord> _init = [];
    private readonly List<ContainerRecord> _main = [];
    private readonly Dictionary<string, ContainerRecord> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, V1PodCondition> _conditions = new(StringComparer.Ordinal);
    private readonly V1PodCondition? _scheduled;
    private readonly string _restartPolicy;
    private readonly string _podRef;
    private bool _terminating;
    private bool _finished;
    private bool _adoptedTerminal;
    private bool _deleteIssued;

    public PodLifecycle(V1Pod pod, string hostIp, string? podIp, DateTime now, EmulationDefaults? defaults = null)
    {
        Pod = pod;
        HostIp = hostIp;
        PodIp = podIp;
        StartTime = pod.Status?.StartTime ?? now;
        _restartPolicy = pod.Spec.RestartPolicy ?? "Always";
        _podRef = $"{pod.Metadata.Name}_{pod.Metadata.NamespaceProperty}({pod.Metadata.Uid})";
        _scheduled = pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled");
        QosClass = pod.Status?.QosClass ?? Node.QosClass.Of(pod.Spec);
        foreach (var c in pod.Spec.InitContainers ?? [])
        {
            var r = new ContainerRecord(ContainerBehavior.Resolve(c, pod.Metadata.Annotations, _restartPolicy, pod.Metadata.Name, defaults), true);
            _init.Add(r);
            _byName[c.Name] = r;
        }

        foreach (var c in pod.Spec.Containers ?? [])
        {
            var r = new ContainerRecord(ContainerBehavior.Resolve(c, pod.Metadata.Annotations, _restartPolicy, pod.Metadata.Name, defaults), false);
            _main.Add(r);
            _byName[c.Name] = r;
        }

        Adopt(pod.Status, now);
    }

    public V1Pod Pod { get; private set; }

    public string HostIp { get; }

    public string? PodIp { get; }

    public DateTime StartTime { get; }

    public string QosClass { get; }

    /// <summary>Bumped on every change of what <see cref="BuildStatus"/> returns.</summary>
    public int Version { get; private set; }

    public bool Terminating => _terminating;

    /// <summary>Every container has stopped for good (pod terminal or deleted).</summary>
    public bool Finished => _finished;

    public string Phase { get; private set; } = "Pending";

    public IEnumerable<ContainerRecord> Containers => _init.Concat(_main);

    public ContainerRecord? Container(string name) => _byName.GetValueOrDefault(name);

    private bool Initialized => _init.All(c => c.Succeeded);

    /// <summary>Replace the pod object (newer metadata from the watch); the spec of a pod does not change.</summary>
    public void UpdatePod(V1Pod pod) => Pod = pod;

    /// <summary>The first actions: start the first init container, or all containers.</summary>
    public IReadOnlyList<PodAction> Start(DateTime now)
    {
        var actions = new List<PodAction>();
        if (_adoptedTerminal)
        {
            // Already terminal: nothing runs and there is nothing new to report.
            _finished = true;
            actions.Add(new PodFinishedAction(false));
            return actions;
        }

        SetCondition("PodReadyToStartContainers", "True", null, null, now);
        StartNext(now, actions);
        Changed(now);
        return actions;
    }

    // ---- inputs from the runtime ----

    public IReadOnlyList<PodAction> OnImagePulling(string container, DateTime now)
    {
        var actions = new List<PodAction>();
        if (Live(container) is { Stage: Stage.Pulling } c)
        {
            actions.Add(new RecordEventAction("Normal", "Pulling", $"Pulling image \"{c.Spec.Image.Original}\""));
        }

        return actions;
    }

    public IReadOnlyList<PodAction> OnImagePulled(string container, TimeSpan took, bool alreadyPresent, DateTime now)
    {
        var actions = new List<PodAction>();
        if (Live(container) is not { Stage: Stage.Pulling } c)
        {
            return actions;
        }

        c.PullBackoff = TimeSpan.Zero;
        var image = c.Spec.Image.Original;
        actions.Add(alreadyPresent
            ? new RecordEventAction("Normal", "Pulled", $"Container image \"{image}\" already present on machine")
            : new RecordEventAction("Normal", "Pulled", $"Successfully pulled image \"{image}\" in {GoDuration.Format(took)} ({GoDuration.Format(took)} including waiting). Image size: {c.Spec.Image.SizeBytes} bytes."));
        c.ImageId = c.Spec.Image.ImageId;
        c.Stage = Stage.Creating;
        c.ContainerId = ImageRef.Sha256Hex($"{Pod.Metadata.Uid}/{c.Name}/{c.RestartCount}/{now.Ticks}");
        actions.Add(new StartContainerAction(c.Spec, c.ContainerId));
        // No status write for a pull: the kubelet reports again when the container runs (saves a write per pod).
        return actions;
    }

    public IReadOnlyList<PodAction> OnImagePullFailed(string container, string message, DateTime now)
    {
        var actions = new List<PodAction>();
        if (Live(container) is not { Stage: Stage.Pulling } c)
        {
            return actions;
        }

        c.Stage = Stage.PullFailed;
        c.WaitingReason = "ErrImagePull";
        c.WaitingMessage = message;
        c.PullBackoff = c.PullBackoff == TimeSpan.Zero ? InitialBackoff : Min(c.PullBackoff * 2, MaxBackoff);
        actions.Add(new RecordEventAction("Warning", "Failed", $"Failed to pull image \"{c.Spec.Image.Original}\": {message}"));
        actions.Add(new RecordEventAction("Warning", "Failed", "Error: ErrImagePull"));
        actions.Add(new ScheduleAction(c.TimerKey("pull-backoff"), PullErrorShown));
        Changed(now);
        return actions;
    }

    public IReadOnlyList<PodAction> OnContainerStarted(string container, string containerId, DateTime startedAt)
    {
        var actions = new List<PodAction>();
        if (!_byName.TryGetValue(container, out var c) || c.ContainerId != containerId || c.Stage != Stage.Creating)
        {
            return actions;
        }

        c.Stage = Stage.Running;
        c.StartedAt = startedAt;
        c.WaitingReason = null;
        c.WaitingMessage = null;
        actions.Add(new RecordEventAction("Normal", "Created", $"Created container {c.Name}"));
        actions.Add(new RecordEventAction("Normal", "Started", $"Started container {c.Name}"));
        if (_terminating)
        {
            Kill(c, actions);
        }
        else if (!c.IsInit && !c.Spec.NeverReady)
        {
            if (c.Spec.ReadyAfter is { } after && after > TimeSpan.Zero)
            {
                actions.Add(new ScheduleAction(c.TimerKey("ready"), after));
            }
            else
            {
                c.Ready = true;
            }
        }

        Changed(startedAt);
        return actions;
    }

    public IReadOnlyList<PodAction> OnContainerExited(string container, string containerId, int exitCode, DateTime finishedAt)
    {
        var actions = new List<PodAction>();
        if (!_byName.TryGetValue(container, out var c) || c.ContainerId != containerId || c.Stage != Stage.Running)
        {
            return actions;
        }

        c.Stage = Stage.Terminated;
        c.Ready = false;
        c.Stopping = false;
        c.Current = new Termination(exitCode, exitCode == 0 ? "Completed" : "Error", c.StartedAt ?? finishedAt, finishedAt, containerId);
        if (_terminating)
        {
            FinishIfStopped(finishedAt, actions);
            Changed(finishedAt);
            return actions;
        }

        var restart = c.IsInit
            ? exitCode != 0 && _restartPolicy != "Never"
            : _restartPolicy == "Always" || (_restartPolicy == "OnFailure" && exitCode != 0);
        if (restart)
        {
            if (finishedAt - (c.StartedAt ?? finishedAt) >= BackoffReset)
            {
                c.Backoff = TimeSpan.Zero;
            }

            if (c.Backoff == TimeSpan.Zero)
            {
                c.Backoff = InitialBackoff;
                Restart(c, finishedAt, actions);
            }
            else
            {
                c.Stage = Stage.BackOff;
                c.WaitingReason = "CrashLoopBackOff";
                c.WaitingMessage = $"back-off {GoDuration.Format(c.Backoff)} restarting failed container={c.Name} pod={_podRef}";
                actions.Add(new RecordEventAction("Warning", "BackOff", $"Back-off restarting failed container {c.Name} in pod {_podRef}"));
                actions.Add(new ScheduleAction(c.TimerKey("backoff"), c.Backoff));
            }
        }
        else if (c.IsInit && exitCode == 0)
        {
            StartNext(finishedAt, actions);
        }

        UpdatePhase();
        if (Phase is "Succeeded" or "Failed")
        {
            _finished = true;
            actions.Add(new PodFinishedAction(false));
        }

        Changed(finishedAt);
        return actions;
    }

    // ---- timers ----

    public IReadOnlyList<PodAction> OnTimer(string key, DateTime now)
    {
        var actions = new List<PodAction>();
        var parts = key.Split('/');
        if (parts.Length != 3 || !_byName.TryGetValue(parts[1], out var c) || parts[2] != c.Generation.ToString(System.Globalization.CultureInfo.InvariantCulture) || _terminating)
        {
            return actions;
        }

        switch (parts[0])
        {
            case "ready" when c.Stage == Stage.Running:
                c.Ready = true;
                Changed(now);
                break;
            case "backoff" when c.Stage == Stage.BackOff:
                c.Backoff = Min(c.Backoff * 2, MaxBackoff);
                Restart(c, now, actions);
                Changed(now);
                break;
            case "pull-backoff" when c.Stage == Stage.PullFailed:
                c.Stage = Stage.PullBackOff;
                c.WaitingReason = "ImagePullBackOff";
                c.WaitingMessage = $"Back-off pulling image \"{c.Spec.Image.Original}\": ErrImagePull: {c.WaitingMessage}";
                actions.Add(new RecordEventAction("Normal", "BackOff", $"Back-off pulling image \"{c.Spec.Image.Original}\""));
                actions.Add(new RecordEventAction("Warning", "Failed", "Error: ImagePullBackOff"));
                actions.Add(new ScheduleAction(c.TimerKey("pull"), c.PullBackoff - PullErrorShown));
                Changed(now);
                break;
            case "pull" when c.Stage == Stage.PullBackOff:
                BeginPull(c, actions);
                Changed(now);
                break;
        }

        return actions;
    }

    // ---- deletion ----

    /// <summary>The pod got a deletionTimestamp: stop every container within the grace period.</summary>
    public IReadOnlyList<PodAction> OnDeletion(TimeSpan gracePeriod, DateTime now)
    {
        var actions = new List<PodAction>();
        if (_terminating)
        {
            return actions;
        }

        _terminating = true;
        GracePeriod = gracePeriod;
        foreach (var c in Containers)
        {
            if (c.Stage == Stage.Running)
            {
                Kill(c, actions);
            }
        }

        FinishIfStopped(now, actions);
        Changed(now);
        return actions;
    }

    public TimeSpan GracePeriod { get; private set; } = TimeSpan.FromSeconds(30);

    private void Kill(ContainerRecord c, List<PodAction> actions)
    {
        c.Stopping = true;
        actions.Add(new RecordEventAction("Normal", "Killing", $"Stopping container {c.Name}"));
        actions.Add(new StopContainerAction(c.Name, c.ContainerId!, c.Spec.StopAfter(GracePeriod), c.Spec.StopExitCode));
    }

    private void FinishIfStopped(DateTime now, List<PodAction> actions)
    {
        // A container being created will be stopped when it reports started.
        if (_deleteIssued || Containers.Any(c => c.Stage is Stage.Running or Stage.Creating))
        {
            return;
        }

        if (!_finished)
        {
            foreach (var c in Containers.Where(c => c.Stage is not Stage.Terminated))
            {
                c.Stage = Stage.Waiting;
            }

            _finished = true;
        }

        _deleteIssued = true;
        if (!_adoptedTerminal)
        {
            Changed(now);
        }

        actions.Add(new PodFinishedAction(true));
    }

    // ---- transitions ----

    private void StartNext(DateTime now, List<PodAction> actions)
    {
        var nextInit = _init.FirstOrDefault(c => !c.Succeeded);
        if (nextInit is not null)
        {
            if (nextInit.Stage == Stage.Waiting)
            {
                BeginPull(nextInit, actions);
            }

            return;
        }

        SetCondition("Initialized", "True", null, null, now);
        foreach (var c in _main.Where(c => c.Stage == Stage.Waiting))
        {
            if (c.Current is not null)
            {
                // Adopted after a reboot: it ran before and died with the node.
                Restart(c, now, actions);
            }
            else
            {
                BeginPull(c, actions);
            }
        }
    }

    private void Restart(ContainerRecord c, DateTime now, List<PodAction> actions)
    {
        c.Last = c.Current;
        c.Current = null;
        c.RestartCount++;
        c.StartedAt = null;
        c.Ready = false;
        BeginPull(c, actions);
    }

    private void BeginPull(ContainerRecord c, List<PodAction> actions)
    {
        c.Generation++;
        c.Stage = Stage.Pulling;
        c.WaitingReason = null;
        c.WaitingMessage = null;
        var policy = Pod.Spec.Containers?.Concat(Pod.Spec.InitContainers ?? []).FirstOrDefault(x => x.Name == c.Name)?.ImagePullPolicy
            ?? (c.Spec.Image.Tag == "latest" && c.Spec.Image.Digest is null ? "Always" : "IfNotPresent");
        actions.Add(new PullImageAction(c.Spec, policy));
    }

    private ContainerRecord? Live(string name) => !_terminating && _byName.TryGetValue(name, out var c) ? c : null;

    private void Adopt(V1PodStatus? status, DateTime now)
    {
        if (status is null)
        {
            return;
        }

        if (status.Phase is "Succeeded" or "Failed")
        {
            _adoptedTerminal = true;
            Phase = status.Phase;
        }

        foreach (var s in (status.InitContainerStatuses ?? []).Concat(status.ContainerStatuses ?? []))
        {
            if (!_byName.TryGetValue(s.Name, out var c))
            {
                continue;
            }

            c.RestartCount = s.RestartCount;
            c.Last = Termination.From(s.LastState?.Terminated);
            if (_adoptedTerminal)
            {
                c.Current = Termination.From(s.State?.Terminated);
                c.Stage = c.Current is null ? Stage.Waiting : Stage.Terminated;
                c.ContainerId = s.ContainerID?.Replace("containerd://", "", StringComparison.Ordinal);
                c.ImageId = s.ImageID;
                continue;
            }

            if (c.IsInit && s.State?.Terminated is { ExitCode: 0 } done)
            {
                // A completed init container stays completed.
                c.Current = Termination.From(done);
                c.Stage = Stage.Terminated;
                c.ContainerId = s.ContainerID?.Replace("containerd://", "", StringComparison.Ordinal);
                c.ImageId = s.ImageID;
            }
            else if (!string.IsNullOrEmpty(s.ContainerID) && !c.IsInit)
            {
                // It ran on this node before a reboot: it is gone now and will be restarted.
                var id = s.ContainerID.Replace("containerd://", "", StringComparison.Ordinal);
                c.Current = new Termination(255, "Unknown", s.State?.Running?.StartedAt ?? now, now, id);
                if (_restartPolicy == "Never")
                {
                    c.Stage = Stage.Terminated;
                }
            }
        }
    }

    private void UpdatePhase()
    {
        if (_adoptedTerminal)
        {
            return;
        }

        if (_init.Any(c => c.Stage == Stage.Terminated && c.Current!.ExitCode != 0 && (_restartPolicy == "Never" || _terminating)))
        {
            Phase = "Failed";
            return;
        }

        if (!Initialized)
        {
            Phase = _terminating && _finished ? "Failed" : "Pending";
            return;
        }

        int waiting = 0, running = 0, stopped = 0, succeeded = 0;
        foreach (var c in _main)
        {
            switch (c.Stage)
            {
                case Stage.Running:
                    running++;
                    break;
                case Stage.Terminated:
                    stopped++;
                    if (c.Current!.ExitCode == 0)
                    {
                        succeeded++;
                    }

                    break;
                default:
                    if (c.Last is not null)
                    {
                        stopped++;
                    }
                    else
                    {
                        waiting++;
                    }

                    break;
            }
        }

        if (_terminating && _finished)
        {
            // A deleted pod ends terminal whatever its restartPolicy (kubelet >= 1.27).
            Phase = succeeded == _main.Count ? "Succeeded" : "Failed";
            return;
        }

        Phase = waiting > 0 ? "Pending"
            : running > 0 ? "Running"
            : stopped > 0 && _restartPolicy == "Always" ? "Running"
            : stopped > 0 && stopped == succeeded ? "Succeeded"
            : stopped > 0 && _restartPolicy == "Never" ? "Failed"
            : stopped > 0 ? "Running"
            : "Pending";
        if (Phase == "Failed" && _main.Any(c => c.Stage is not (Stage.Terminated or Stage.Waiting)))
        {
            Phase = "Running";
        }
    }

    private void Changed(DateTime now)
    {
        UpdatePhase();
        var terminal = Phase is "Succeeded" or "Failed";
        if (_finished)
        {
            SetCondition("PodReadyToStartContainers", "False", null, null, now);
        }

        if (Initialized)
        {
            SetCondition("Initialized", "True", null, null, now);
        }
        else
        {
            var incomplete = string.Join(" ", _init.Where(c => !c.Succeeded).Select(c => c.Name));
            SetCondition("Initialized", "False", "ContainersNotInitialized", $"containers with incomplete status: [{incomplete}]", now);
        }

        var unready = _main.Where(c => !c.Ready).Select(c => c.Name).ToList();
        if (unready.Count == 0 && _main.Count > 0)
        {
            SetCondition("ContainersReady", "True", null, null, now);
            SetCondition("Ready", "True", null, null, now);
        }
        else if (Phase == "Succeeded")
        {
            SetCondition("ContainersReady", "False", "PodCompleted", null, now);
            SetCondition("Ready", "False", "PodCompleted", null, now);
        }
        else
        {
            var message = $"containers with unready status: [{string.Join(" ", unready)}]";
            SetCondition("ContainersReady", "False", terminal ? "PodFailed" : "ContainersNotReady", message, now);
            SetCondition("Ready", "False", terminal ? "PodFailed" : "ContainersNotReady", message, now);
        }

        Version++;
    }

    private void SetCondition(string type, string status, string? reason, string? message, DateTime now)
    {
        if (_conditions.TryGetValue(type, out var old) && old.Status == status && old.Reason == reason && old.Message == message)
        {
            return;
        }

        var transition = old is not null && old.Status == status ? old.LastTransitionTime : now;
        _conditions[type] = new V1PodCondition { Type = type, Status = status, Reason = reason, Message = message, LastTransitionTime = transition };
    }

    // ---- status ----

    /// <summary>The status the kubelet writes (fresh objects: the caller may keep them).</summary>
    public V1PodStatus BuildStatus()
    {
        var conditions = new List<V1PodCondition>();
        foreach (var type in new[] { "PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady" })
        {
            if (_conditions.TryGetValue(type, out var c))
            {
                conditions.Add(c);
            }
        }

        conditions.Add(_scheduled ?? new V1PodCondition { Type = "PodScheduled", Status = "True", LastTransitionTime = StartTime });
        var hostNetwork = Pod.Spec.HostNetwork == true;
        var podIp = hostNetwork ? HostIp : PodIp;
        return new V1PodStatus
        {
            Phase = Phase,
            Conditions = conditions,
            HostIP = HostIp,
            HostIPs = [new V1HostIP { Ip = HostIp }],
            PodIP = podIp,
            PodIPs = podIp is null ? null : [new V1PodIP { Ip = podIp }],
            StartTime = StartTime,
            QosClass = QosClass,
            InitContainerStatuses = _init.Count == 0 ? null : _init.Select(ContainerStatus).ToList(),
            ContainerStatuses = _main.Select(ContainerStatus).ToList(),
        };
    }

    private V1ContainerStatus ContainerStatus(ContainerRecord c)
    {
        V1ContainerState state;
        if (c.Stage == Stage.Running)
        {
            state = new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = c.StartedAt } };
        }
        else if (c.Stage == Stage.Terminated && c.Current is { } t)
        {
            state = new V1ContainerState { Terminated = t.ToApi() };
        }
        else
        {
            var reason = c.WaitingReason ?? (!c.IsInit && !Initialized ? "PodInitializing" : c.IsInit && c.Stage == Stage.Waiting ? "PodInitializing" : "ContainerCreating");
            state = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = reason, Message = c.WaitingMessage } };
        }

        return new V1ContainerStatus
        {
            Name = c.Name,
            Image = c.Spec.Image.FullName,
            ImageID = c.ImageId ?? "",
            ContainerID = c.ContainerId is null || c.Stage is Stage.Pulling or Stage.PullFailed or Stage.PullBackOff ? LastId(c) : "containerd://" + c.ContainerId,
            Ready = c.Ready,
            Started = c.Stage == Stage.Running,
            RestartCount = c.RestartCount,
            State = state,
            LastState = c.Last is { } last ? new V1ContainerState { Terminated = last.ToApi() } : new V1ContainerState(),
        };
    }

    private static string? LastId(ContainerRecord c) => c.Last?.ContainerId is { } id ? "containerd://" + id : null;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    public enum Stage
    {
        Waiting,
        Pulling,
        PullFailed,
        PullBackOff,
        Creating,
        Running,
        BackOff,
        Terminated,
    }

    public sealed record Termination(int ExitCode, string Reason, DateTime StartedAt, DateTime FinishedAt, string? ContainerId)
    {
        public V1ContainerStateTerminated ToApi() => new()
        {
            ExitCode = ExitCode,
            Reason = Reason,
            StartedAt = StartedAt,
            FinishedAt = FinishedAt,
            ContainerID = ContainerId is null ? null : "containerd://" + ContainerId,
        };

        public static Termination? From(V1ContainerStateTerminated? t) => t is null
            ? null
            : new Termination(t.ExitCode, t.Reason ?? (t.ExitCode == 0 ? "Completed" : "Error"), t.StartedAt ?? DateTime.MinValue, t.FinishedAt ?? DateTime.MinValue, t.ContainerID?.Replace("containerd://", "", StringComparison.Ordinal));
    }

    /// <summary>The kubelet's record of one container of the pod.</summary>
    public sealed class ContainerRecord(ContainerBehavior spec, bool isInit)
    {
        public ContainerBehavior Spec { get; } = spec;

        public string Name => Spec.Name;

        public bool IsInit { get; } = isInit;

        public Stage Stage { get; internal set; }

        public string? WaitingReason { get; internal set; }

        public string? WaitingMessage { get; internal set; }

        public string? ContainerId { get; internal set; }

        public string? ImageId { get; internal set; }

        public DateTime? StartedAt { get; internal set; }

        public bool Ready { get; internal set; }

        public bool Stopping { get; internal set; }

        public int RestartCount { get; internal set; }

        public Termination? Current { get; internal set; }

        public Termination? Last { get; internal set; }

        /// <summary>The next crash-loop back-off delay; zero: the next restart is immediate.</summary>
        public TimeSpan Backoff { get; internal set; }

        public TimeSpan PullBackoff { get; internal set; }

        /// <summary>Bumped on each start attempt so timers of an older attempt are ignored.</summary>
        public int Generation { get; internal set; }

        public bool Succeeded => Stage == Stage.Terminated && Current is { ExitCode: 0 };

        public string TimerKey(string kind) => $"{kind}/{Name}/{Generation}";
    }
}
