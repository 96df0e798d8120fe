using Akka.Actor;
using ActorKube.Client;
using ActorKube.Core.Api;
using ActorKube.Core.Node;
using ActorKube.Core.Time;
using ActorKube.Node.Kubelet;
using Serilog.Events;

namespace ActorKube.Node.ContainerRuntime;

/// <summary>
/// The node's container runtime (containerd behind the CRI): an image cache, containers that follow
/// their <see cref="ContainerPlan"/> against the cluster clock, and their logs kept in memory (the
/// current and the previous instance of each container, capped). Log lines are not produced by
/// timers: they are computed from the plan when someone reads them. Only exits and pulls are timers.
/// </summary>
public sealed class ContainerRuntimeActor : ReceiveActor, IWithTimers
{
    private readonly ClusterClock _clock;
    private readonly EmulationDefaults _defaults;
    private readonly int _maxLogLines;
    private readonly Dictionary<string, ImageRef> _images = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PullInProgress> _pulls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RuntimeContainer> _containers = new(StringComparer.Ordinal);
    private readonly Dictionary<(string PodUid, string Name), (string Current, string? Previous)> _byName = [];
    private readonly string _flowName;

    public ContainerRuntimeActor(string nodeName, ClusterClock clock, EmulationDefaults defaults, int maxLogLines)
    {
        _clock = clock;
        _defaults = defaults;
        _maxLogLines = maxLogLines;
        _flowName = $"{ActorNames.ContainerRuntime}/{nodeName}";

        Receive<PullImage>(OnPull);
        Receive<PullDone>(OnPullDone);
        Receive<StartContainer>(OnStart);
        Receive<StartDone>(OnStartDone);
        Receive<ExitDue>(OnExitDue);
        Receive<StopContainer>(OnStop);
        Receive<RemovePodSandbox>(OnRemovePod);
        Receive<GetContainerLogs>(OnGetLogs);
        Receive<AppendContainerLog>(m =>
        {
            if (_byName.TryGetValue((m.PodUid, m.Container), out var ids) && _containers.TryGetValue(ids.Current, out var c))
            {
                c.Extra.Add(m.Line);
                if (c.Extra.Count > _maxLogLines)
                {
                    c.Extra.RemoveRange(0, c.Extra.Count - _maxLogLines);
                }
            }
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string nodeName, ClusterClock clock, EmulationDefaults? defaults = null, int maxLogLines = 1000) =>
        Akka.Actor.Props.Create<ContainerRuntimeActor>(nodeName, clock, defaults ?? EmulationDefaults.Kubernetes, maxLogLines);

    private void OnPull(PullImage m)
    {
        var image = m.Behavior.Image;
        var cached = _images.ContainsKey(image.FullName);
        if (m.Behavior.PullError is null && cached && m.PullPolicy != "Always")
        {
            Sender.Tell(new ImagePulled(m.Container, image.Original, TimeSpan.Zero, AlreadyPresent: true));
            return;
        }

        if (m.PullPolicy == "Never" && !cached)
        {
            Sender.Tell(new ImagePullFailed(m.Container, image.Original, $"Container image \"{image.Original}\" is not present with pull policy of Never"));
            return;
        }

        Sender.Tell(new ImagePulling(m.Container, image.Original));
        var duration = m.Behavior.PullDuration ?? (cached ? _defaults.CachedPullDuration : _defaults.ImagePullDuration);
        // Failures are per request (annotation); successful pulls of the same image share one download.
        var key = m.Behavior.PullError is null ? image.FullName : $"{image.FullName}#{Guid.NewGuid():N}";
        if (!_pulls.TryGetValue(key, out var pull))
        {
            pull = new PullInProgress(image, _clock.UtcNow, m.Behavior.PullError is null ? null : m.Behavior.PullErrorMessage);
            _pulls[key] = pull;
            Timers.StartSingleTimer("pull/" + key, new PullDone(key), _clock.ToWall(duration));
        }

        pull.Waiters.Add((Sender, m.Container, image.Original));
    }

    private void OnPullDone(PullDone m)
    {
        if (!_pulls.Remove(m.Key, out var pull))
        {
            return;
        }

        var took = _clock.UtcNow - pull.Started;
        if (pull.Error is null && _images.TryAdd(pull.Image.FullName, pull.Image))
        {
            Context.Parent.Tell(new NodeImagesChanged(_images.Values.Select(i => new V1ContainerImage { Names = [i.ImageId, i.FullName], SizeBytes = i.SizeBytes }).ToList()));
        }

        foreach (var (waiter, container, image) in pull.Waiters)
        {
            waiter.Tell(pull.Error is null ? new ImagePulled(container, image, Round(took), false) : new ImagePullFailed(container, image, pull.Error));
        }
    }

    private static TimeSpan Round(TimeSpan t) => TimeSpan.FromMilliseconds(Math.Round(t.TotalMilliseconds));

    private void OnStart(StartContainer m)
    {
        if (FlowLog.IsEnabled(LogEventLevel.Debug))
        {
            FlowLog.Message(Sender.Path.Name, _flowName, "StartContainer", $"Container/{m.PodName}/{m.Behavior.Name}", null, null, LogEventLevel.Debug);
        }

        var c = new RuntimeContainer(m.ContainerId, m.PodUid, m.PodName, m.Behavior, Sender);
        _containers[m.ContainerId] = c;
        var key = (m.PodUid, m.Behavior.Name);
        if (_byName.TryGetValue(key, out var ids))
        {
            if (ids.Previous is not null)
            {
                _containers.Remove(ids.Previous);
            }

            _byName[key] = (m.ContainerId, ids.Current);
        }
        else
        {
            _byName[key] = (m.ContainerId, null);
        }

        Timers.StartSingleTimer("start/" + m.ContainerId, new StartDone(m.ContainerId), _clock.ToWall(m.Behavior.StartDuration));
    }

    private void OnStartDone(StartDone m)
    {
        if (!_containers.TryGetValue(m.ContainerId, out var c) || c.StartedAt is not null || c.FinishedAt is not null)
        {
            return;
        }

        var now = _clock.UtcNow;
        c.StartedAt = now;
        c.Plan = c.Behavior.Plan(new DateTimeOffset(now, TimeSpan.Zero));
        c.Owner.Tell(new ContainerStarted(c.Behavior.Name, c.Id, now));
        if (c.Plan.Exit is { } exit)
        {
            Timers.StartSingleTimer("exit/" + c.Id, new ExitDue(c.Id, exit.ExitCode, now + exit.At), _clock.ToWall(exit.At));
        }
    }

    private void OnExitDue(ExitDue m)
    {
        if (!_containers.TryGetValue(m.ContainerId, out var c) || c.FinishedAt is not null)
        {
            return;
        }

        c.FinishedAt = m.At;
        c.ExitCode = m.ExitCode;
        c.Owner.Tell(new ContainerExited(c.Behavior.Name, c.Id, m.ExitCode, m.At));
    }

    private void OnStop(StopContainer m)
    {
        if (!_containers.TryGetValue(m.ContainerId, out var c) || c.FinishedAt is not null)
        {
            return;
        }

        if (c.StartedAt is null)
        {
            // Not started yet: it never runs.
            Timers.Cancel("start/" + c.Id);
            c.FinishedAt = _clock.UtcNow;
            return;
        }

        var at = _clock.UtcNow + m.After;
        Timers.StartSingleTimer("exit/" + c.Id, new ExitDue(c.Id, m.ExitCode, at), _clock.ToWall(m.After));
    }

    private void OnRemovePod(RemovePodSandbox m)
    {
        foreach (var c in _containers.Values.Where(c => c.PodUid == m.PodUid).ToList())
        {
            Timers.Cancel("start/" + c.Id);
            Timers.Cancel("exit/" + c.Id);
            _containers.Remove(c.Id);
            _byName.Remove((c.PodUid, c.Behavior.Name));
        }
    }

    private void OnGetLogs(GetContainerLogs m)
    {
        if (!_byName.TryGetValue((m.PodUid, m.Container), out var ids))
        {
            Sender.Tell(new LogsResult(null, StatusErrors.BadRequest($"container \"{m.Container}\" in pod \"{m.PodName}\" is waiting to start: ContainerCreating")));
            return;
        }

        var id = m.Previous ? ids.Previous : ids.Current;
        if (id is null || !_containers.TryGetValue(id, out var c))
        {
            Sender.Tell(new LogsResult(null, StatusErrors.BadRequest($"previous terminated container \"{m.Container}\" in pod \"{m.PodName}\" not found")));
            return;
        }

        if (c.Plan is null || c.StartedAt is null)
        {
            Sender.Tell(new LogsResult(null, StatusErrors.BadRequest($"container \"{m.Container}\" in pod \"{m.PodName}\" is waiting to start: ContainerCreating")));
            return;
        }

        var end = c.FinishedAt ?? _clock.UtcNow;
        var lines = new List<string>(c.Plan.LinesUntil(end - c.StartedAt.Value, _maxLogLines));
        lines.AddRange(c.Extra);
        var tail = m.TailLines is { } t && t >= 0 && t < lines.Count ? lines.Skip(lines.Count - (int)t) : lines;
        var text = string.Concat(tail.Select(l => l + "\n"));
        Sender.Tell(new LogsResult(text, null));
    }

    private sealed record PullDone(string Key) : INoSerializationVerificationNeeded;

    private sealed record StartDone(string ContainerId) : INoSerializationVerificationNeeded;

    private sealed record ExitDue(string ContainerId, int ExitCode, DateTime At) : INoSerializationVerificationNeeded;

    private sealed class PullInProgress(ImageRef image, DateTime started, string? error)
    {
        public ImageRef Image { get; } = image;

        public DateTime Started { get; } = started;

        public string? Error { get; } = error;

        public List<(IActorRef Waiter, string Container, string Image)> Waiters { get; } = [];
    }

    private sealed class RuntimeContainer(string id, string podUid, string podName, ContainerBehavior behavior, IActorRef owner)
    {
        public string Id { get; } = id;

        public string PodUid { get; } = podUid;

        public string PodName { get; } = podName;

        public ContainerBehavior Behavior { get; } = behavior;

        public IActorRef Owner { get; } = owner;

        public ContainerPlan? Plan { get; set; }

        public DateTime? StartedAt { get; set; }

        public DateTime? FinishedAt { get; set; }

        public int ExitCode { get; set; }

        public List<string> Extra { get; } = [];
    }
}
