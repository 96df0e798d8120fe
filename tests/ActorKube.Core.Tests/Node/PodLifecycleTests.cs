using System.Globalization;
using ActorKube.Core.Node;

namespace ActorKube.Core.Tests.Node;

/// <summary>
/// Golden timelines: a pod runs against an emulated runtime in emulated time (pulls 2s, starts 100ms,
/// stops 100ms) and every status the kubelet would write is summarized on one line.
/// </summary>
public class PodLifecycleTests
{
    private static readonly DateTime T0 = new(2026, 11, 6, 1, 0, 0, DateTimeKind.Utc);

    private static V1Pod Pod(string restartPolicy, IDictionary<string, string>? annotations, params V1Container[] containers) => new()
    {
        Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = "default", Uid = "u1", Annotations = annotations },
        Spec = new V1PodSpec { RestartPolicy = restartPolicy, Containers = containers, NodeName = "n1" },
    };

    private static V1Container C(string name, string image, params string[] command) =>
        new() { Name = name, Image = image, Command = command.Length == 0 ? null : command };

    [Fact]
    public void Nginx_pulls_starts_and_becomes_ready()
    {
        var h = new Harness(Pod("Always", null, C("web", "nginx")));
        h.RunUntil(TimeSpan.FromMinutes(1));
        Assert.Equal(
            [
                "0s Pending web=waiting:ContainerCreating",
                "2.1s Running web=running ready",
            ],
            h.Timeline);
        Assert.Equal(["Pulling", "Pulled", "Created", "Started"], h.Events.Select(e => e.Reason));
        var status = h.Lifecycle.BuildStatus();
        Assert.Equal(["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"], status.Conditions.Select(c => c.Type));
        Assert.Equal(T0.AddSeconds(2.1), status.Conditions.Single(c => c.Type == "Ready").LastTransitionTime);
        Assert.Equal(T0, status.Conditions.Single(c => c.Type == "Initialized").LastTransitionTime);
        Assert.Equal("10.244.0.2", status.PodIP);
        Assert.Equal(T0, status.StartTime);
    }

    [Fact]
    public void Job_container_completes_and_the_pod_succeeds()
    {
        var h = new Harness(Pod("Never", null, C("job", "busybox", "sh", "-c", "sleep 5; echo done")));
        h.RunUntil(TimeSpan.FromMinutes(1));
        Assert.Equal("7.1s Succeeded job=terminated:Completed(0)", h.Timeline[^1]);
        Assert.Equal([false], h.Finished);
        var ready = h.Lifecycle.BuildStatus().Conditions.Single(c => c.Type == "Ready");
        Assert.Equal(("False", "PodCompleted"), (ready.Status, ready.Reason));
    }

    [Fact]
    public void Crash_loop_restarts_at_once_then_backs_off_10s_20s_40s()
    {
        var h = new Harness(Pod("Always", null, C("app", "busybox:1.36", "sh", "-c", "exit 1")));
        h.RunUntil(TimeSpan.FromSeconds(80));
        Assert.Equal(
            [
                "0s Pending app=waiting:ContainerCreating",
                "2.1s Running app=running ready",
                "2.1s Running app=waiting:ContainerCreating r1",
                "2.2s Running app=running r1 ready",
                "2.2s Running app=waiting:CrashLoopBackOff r1",
                "12.2s Running app=waiting:ContainerCreating r2",
                "12.3s Running app=running r2 ready",
                "12.3s Running app=waiting:CrashLoopBackOff r2",
                "32.3s Running app=waiting:ContainerCreating r3",
                "32.4s Running app=running r3 ready",
                "32.4s Running app=waiting:CrashLoopBackOff r3",
                "72.4s Running app=waiting:ContainerCreating r4",
                "72.5s Running app=running r4 ready",
                "72.5s Running app=waiting:CrashLoopBackOff r4",
            ],
            h.Timeline);
        var cs = h.Lifecycle.BuildStatus().ContainerStatuses.Single();
        Assert.Equal("back-off 1m20s restarting failed container=app pod=p_default(u1)", cs.State.Waiting.Message);
        Assert.Equal(("Error", 1), (cs.LastState.Terminated.Reason, cs.LastState.Terminated.ExitCode));
        Assert.Equal(4, h.Events.Count(e => e.Reason == "BackOff"));
    }

    [Fact]
    public void Back_off_is_capped_at_5_minutes_and_resets_after_10_minutes_of_running()
    {
        var crashing = new Harness(Pod("Always", null, C("app", "busybox", "sh", "-c", "exit 1")));
        crashing.RunUntil(TimeSpan.FromMinutes(30));
        var messages = crashing.Timeline.Where(l => l.Contains("CrashLoopBackOff", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            ["back-off 10s", "back-off 20s", "back-off 40s", "back-off 1m20s", "back-off 2m40s", "back-off 5m0s", "back-off 5m0s"],
            crashing.BackoffMessages.Take(7).Select(m => m[..m.IndexOf(" restarting", StringComparison.Ordinal)]));

        // Crashes after 11 minutes of running: every restart is immediate.
        var slow = new Harness(Pod("Always", new Dictionary<string, string> { ["actorkube.io/crash-after"] = "11m" }, C("app", "nginx")));
        slow.RunUntil(TimeSpan.FromMinutes(40));
        Assert.Empty(slow.BackoffMessages);
        Assert.Equal(3, slow.Lifecycle.Container("app")!.RestartCount);
    }

    [Theory]
    [InlineData("Always", 3, "Running")]
    [InlineData("OnFailure", 3, "Running")]
    [InlineData("Never", 3, "Failed")]
    [InlineData("OnFailure", 0, "Succeeded")]
    [InlineData("Always", 0, "Running")]
    public void Restart_policy_decides_what_happens_after_an_exit(string policy, int exitCode, string phase)
    {
        var h = new Harness(Pod(policy, null, C("c", "busybox", "sh", "-c", $"exit {exitCode}")));
        h.RunUntil(TimeSpan.FromSeconds(5));
        Assert.Equal(phase, h.Lifecycle.Phase);
        var restarts = h.Lifecycle.Container("c")!.RestartCount;
        Assert.Equal(policy == "Always" || (policy == "OnFailure" && exitCode != 0), restarts > 0);
    }

    [Fact]
    public void Init_containers_run_in_order_before_the_main_containers()
    {
        var pod = Pod("Always", null, C("web", "nginx"));
        pod.Spec.InitContainers = [C("init-a", "busybox", "sh", "-c", "sleep 1"), C("init-b", "busybox", "sh", "-c", "echo ok")];
        var h = new Harness(pod);
        h.RunUntil(TimeSpan.FromMinutes(1));
        Assert.Equal(
            [
                "0s Pending init-a=waiting:ContainerCreating init-b=waiting:PodInitializing web=waiting:PodInitializing",
                "2.1s Pending init-a=running init-b=waiting:PodInitializing web=waiting:PodInitializing",
                "3.1s Pending init-a=terminated:Completed(0) init-b=waiting:ContainerCreating web=waiting:PodInitializing",
                "3.4s Pending init-a=terminated:Completed(0) init-b=running web=waiting:PodInitializing",
                "3.4s Pending init-a=terminated:Completed(0) init-b=terminated:Completed(0) web=waiting:ContainerCreating",
                "5.5s Running init-a=terminated:Completed(0) init-b=terminated:Completed(0) web=running ready",
            ],
            h.Timeline);
    }

    [Fact]
    public void Failing_init_container_with_restartPolicy_Never_fails_the_pod()
    {
        var pod = Pod("Never", null, C("web", "nginx"));
        pod.Spec.InitContainers = [C("init", "busybox", "sh", "-c", "exit 2")];
        var h = new Harness(pod);
        h.RunUntil(TimeSpan.FromMinutes(1));
        Assert.Equal("Failed", h.Lifecycle.Phase);
        Assert.Equal("web=waiting:PodInitializing", h.Timeline[^1].Split(' ')[^1]);
    }

    [Fact]
    public void Image_pull_error_alternates_ErrImagePull_and_ImagePullBackOff_with_growing_delays()
    {
        var h = new Harness(Pod("Always", new Dictionary<string, string> { ["actorkube.io/image-pull-error"] = "true" }, C("web", "nginx")));
        h.RunUntil(TimeSpan.FromSeconds(40));
        Assert.Equal(
            [
                "0s Pending web=waiting:ContainerCreating",
                "2s Pending web=waiting:ErrImagePull",
                "3s Pending web=waiting:ImagePullBackOff",
                "12s Pending web=waiting:ContainerCreating",
                "14s Pending web=waiting:ErrImagePull",
                "15s Pending web=waiting:ImagePullBackOff",
                "34s Pending web=waiting:ContainerCreating",
                "36s Pending web=waiting:ErrImagePull",
                "37s Pending web=waiting:ImagePullBackOff",
            ],
            h.Timeline);
        Assert.Contains(h.Events, e => e.Reason == "Failed" && e.Message == "Error: ImagePullBackOff");
    }

    [Fact]
    public void Ready_after_and_never_ready_delay_readiness()
    {
        var h = new Harness(Pod("Always", new Dictionary<string, string> { ["actorkube.io/ready-after"] = "10s", ["actorkube.io/never-ready.side"] = "true" }, C("web", "nginx"), C("side", "redis")));
        h.RunUntil(TimeSpan.FromMinutes(1));
        Assert.Equal("12.1s Running web=running ready side=running", h.Timeline[^1]);
        var ready = h.Lifecycle.BuildStatus().Conditions.Single(c => c.Type == "Ready");
        Assert.Equal(("False", "ContainersNotReady", "containers with unready status: [side]"), (ready.Status, ready.Reason, ready.Message));
    }

    [Fact]
    public void Deletion_stops_running_containers_then_asks_to_delete_the_pod()
    {
        var h = new Harness(Pod("Always", null, C("web", "nginx")));
        h.RunUntil(TimeSpan.FromSeconds(10));
        h.Delete(TimeSpan.FromSeconds(30));
        h.RunUntil(TimeSpan.FromSeconds(20));
        Assert.Equal("10.1s Succeeded web=terminated:Completed(0)", h.Timeline[^1]);
        Assert.Equal([true], h.Finished);
        Assert.Equal("Stopping container web", h.Events.Single(e => e.Reason == "Killing").Message);
    }

    [Fact]
    public void Deletion_of_a_container_ignoring_sigterm_waits_for_the_grace_period()
    {
        var h = new Harness(Pod("Always", new Dictionary<string, string> { ["actorkube.io/ignore-sigterm"] = "true" }, C("c", "busybox", "sleep", "3600")));
        h.RunUntil(TimeSpan.FromSeconds(10));
        h.Delete(TimeSpan.FromSeconds(5));
        h.RunUntil(TimeSpan.FromSeconds(20));
        Assert.Equal("15s Failed c=terminated:Error(137)", h.Timeline[^1]);
    }

    [Fact]
    public void Deleting_a_terminal_pod_deletes_it_at_once()
    {
        var h = new Harness(Pod("Never", null, C("job", "busybox", "sh", "-c", "exit 0")));
        h.RunUntil(TimeSpan.FromSeconds(10));
        h.Delete(TimeSpan.FromSeconds(30));
        Assert.Equal([false, true], h.Finished);
    }

    [Fact]
    public void Adopted_running_pod_after_a_reboot_restarts_its_containers()
    {
        var h = new Harness(Pod("Always", null, C("web", "nginx")));
        h.RunUntil(TimeSpan.FromSeconds(10));
        var before = h.Lifecycle.Pod with { Status = h.Lifecycle.BuildStatus() };

        var rebooted = new Harness(before);
        rebooted.RunUntil(TimeSpan.FromSeconds(10));
        var cs = rebooted.Lifecycle.BuildStatus().ContainerStatuses.Single();
        Assert.Equal(1, cs.RestartCount);
        Assert.NotNull(cs.State.Running);
        Assert.Equal(("Unknown", 255), (cs.LastState.Terminated.Reason, cs.LastState.Terminated.ExitCode));
        Assert.Equal(before.Status.StartTime, rebooted.Lifecycle.BuildStatus().StartTime);
    }

    [Fact]
    public void Adopted_terminal_pod_does_nothing()
    {
        var h = new Harness(Pod("Never", null, C("job", "busybox", "sh", "-c", "exit 0")));
        h.RunUntil(TimeSpan.FromSeconds(10));
        var done = h.Lifecycle.Pod with { Status = h.Lifecycle.BuildStatus() };

        var again = new Harness(done);
        again.RunUntil(TimeSpan.FromSeconds(10));
        Assert.Empty(again.Timeline);
        Assert.Equal("Succeeded", again.Lifecycle.Phase);
    }

    [Theory]
    [InlineData(null, null, "BestEffort")]
    [InlineData("100m", null, "Burstable")]
    [InlineData("100m", "100m", "Burstable")]
    [InlineData("both", "both", "Guaranteed")]
    public void Qos_class_follows_requests_and_limits(string? request, string? limit, string qos)
    {
        static Dictionary<string, ResourceQuantity>? R(string? v) => v switch
        {
            null => null,
            "both" => new() { ["cpu"] = new("1"), ["memory"] = new("1Gi") },
            _ => new() { ["cpu"] = new(v) },
        };
        var spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Resources = new V1ResourceRequirements { Requests = R(request), Limits = R(limit) } }] };
        Assert.Equal(qos, QosClass.Of(spec));
    }

    /// <summary>Runs a lifecycle against an emulated runtime in emulated time.</summary>
    private sealed class Harness
    {
        private readonly PriorityQueue<Action, (TimeSpan, long)> _queue = new();
        private readonly HashSet<string> _images = new(StringComparer.Ordinal);
        private readonly Dictionary<string, long> _exitTokens = new(StringComparer.Ordinal);
        private long _seq;
        private int _seen;

        public Harness(V1Pod pod)
        {
            Lifecycle = new PodLifecycle(pod, "172.18.0.2", "10.244.0.2", T0);
            Apply(Lifecycle.Start(T0));
        }

        public PodLifecycle Lifecycle { get; }

        public TimeSpan Now { get; private set; }

        public List<string> Timeline { get; } = [];

        public List<RecordEventAction> Events { get; } = [];

        public List<bool> Finished { get; } = [];

        public List<string> BackoffMessages { get; } = [];

        private DateTime At => T0 + Now;

        public void RunUntil(TimeSpan until)
        {
            var end = Now + until;
            while (_queue.TryPeek(out _, out var p) && p.Item1 <= end)
            {
                _queue.Dequeue()();
            }

            Now = end;
        }

        public void Delete(TimeSpan grace) => Apply(Lifecycle.OnDeletion(grace, At));

        private void After(TimeSpan delay, Action action)
        {
            var at = Now + delay;
            _queue.Enqueue(() =>
            {
                Now = at;
                action();
            }, (at, _seq++));
        }

        private void Apply(IReadOnlyList<PodAction> actions)
        {
            foreach (var action in actions)
            {
                switch (action)
                {
                    case PullImageAction a:
                        var image = a.Container.Image.FullName;
                        // As the container runtime: a cached image with policy Always is checked with the registry (200ms).
                        var present = _images.Contains(image);
                        var cached = present && a.PullPolicy != "Always";
                        var took = cached ? TimeSpan.Zero : a.Container.PullDuration ?? (present ? TimeSpan.FromMilliseconds(200) : TimeSpan.FromSeconds(2));
                        if (!cached)
                        {
                            Apply(Lifecycle.OnImagePulling(a.Container.Name, At));
                        }

                        After(took, () =>
                        {
                            if (a.Container.PullError is not null)
                            {
                                Apply(Lifecycle.OnImagePullFailed(a.Container.Name, a.Container.PullErrorMessage, At));
                                return;
                            }

                            _images.Add(image);
                            Apply(Lifecycle.OnImagePulled(a.Container.Name, took, cached, At));
                        });
                        break;
                    case StartContainerAction a:
                        After(a.Container.StartDuration, () =>
                        {
                            var startedAt = At;
                            Apply(Lifecycle.OnContainerStarted(a.Container.Name, a.ContainerId, startedAt));
                            if (a.Container.Plan(new DateTimeOffset(startedAt)).Exit is { } exit)
                            {
                                var token = _exitTokens[a.ContainerId] = _seq;
                                After(exit.At, () =>
                                {
                                    if (_exitTokens.GetValueOrDefault(a.ContainerId) == token)
                                    {
                                        Apply(Lifecycle.OnContainerExited(a.Container.Name, a.ContainerId, exit.ExitCode, At));
                                    }
                                });
                            }
                        });
                        break;
                    case StopContainerAction a:
                        var stopToken = _exitTokens[a.ContainerId] = -_seq;
                        After(a.After, () =>
                        {
                            if (_exitTokens.GetValueOrDefault(a.ContainerId) == stopToken)
                            {
                                Apply(Lifecycle.OnContainerExited(a.Container, a.ContainerId, a.ExitCode, At));
                            }
                        });
                        break;
                    case ScheduleAction a:
                        After(a.After, () => Apply(Lifecycle.OnTimer(a.Key, At)));
                        break;
                    case RecordEventAction a:
                        Events.Add(a);
                        break;
                    case PodFinishedAction a:
                        Finished.Add(a.Delete);
                        break;
                }
            }

            if (Lifecycle.Version != _seen)
            {
                _seen = Lifecycle.Version;
                Snapshot();
            }
        }

        private void Snapshot()
        {
            var s = Lifecycle.BuildStatus();
            var parts = new List<string> { $"{Now.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)}s", s.Phase };
            foreach (var c in (s.InitContainerStatuses ?? []).Concat(s.ContainerStatuses))
            {
                var state = c.State.Running is not null ? "running"
                    : c.State.Terminated is { } t ? $"terminated:{t.Reason}({t.ExitCode})"
                    : $"waiting:{c.State.Waiting?.Reason}";
                if (c.State.Waiting?.Reason == "CrashLoopBackOff")
                {
                    BackoffMessages.Add(c.State.Waiting.Message);
                }

                parts.Add($"{c.Name}={state}{(c.RestartCount > 0 ? $" r{c.RestartCount}" : "")}{(c.Ready ? " ready" : "")}");
            }

            Timeline.Add(string.Join(" ", parts));
        }
    }
}
