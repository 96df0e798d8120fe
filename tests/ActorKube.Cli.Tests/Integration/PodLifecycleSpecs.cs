using Akka.Actor;
using ActorKube.Client;
using ActorKube.Node.Kubelet;
using static ActorKube.Cli.Tests.Integration.ClusterTestKit;

namespace ActorKube.Cli.Tests.Integration;

/// <summary>Single pods through scheduler and kubelet: completion with logs, CrashLoopBackOff, unschedulable.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PodLifecycleSpecs(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private const string Ns = "default";
    private readonly ApiClient _api = fixture.Cluster.Api;

    [Fact]
    public async Task Pod_that_exits_0_with_restartPolicy_Never_Succeeds_and_its_log_is_served_by_the_kubelet()
    {
        await _api.CreateAsync(Busybox("hello", "echo hello; exit 0", "Never"));
        var pod = await Until(() => _api.GetAsync<V1Pod>(Ns, "hello"), p => p?.Status?.Phase is "Succeeded" or "Failed", "pod hello to finish", describe: p => $"{p?.Status?.Phase}");
        Assert.Equal("Succeeded", pod!.Status.Phase);
        var state = Assert.Single(pod.Status.ContainerStatuses).State.Terminated;
        Assert.NotNull(state);
        Assert.Equal(0, state.ExitCode);
        Assert.Equal("Completed", state.Reason);
        Assert.NotNull(pod.Spec.NodeName);

        var kubelet = fixture.Cluster.System.ActorSelection($"/user/{ActorNames.NodeProvisioner}/{ActorNames.Node(pod.Spec.NodeName)}");
        var logs = await kubelet.Ask<LogsResult>(new GetPodLogs(Ns, "hello"), TimeSpan.FromSeconds(30));
        Assert.True(logs.IsSuccess, logs.Error?.Message);
        Assert.Equal("hello", logs.Text!.Trim());

        var missing = await kubelet.Ask<LogsResult>(new GetPodLogs(Ns, "no-such-pod"), TimeSpan.FromSeconds(30));
        Assert.Equal(404, missing.Error?.Code);
    }

    [Fact]
    public async Task Crashing_container_with_restartPolicy_Always_goes_to_CrashLoopBackOff_with_a_growing_restartCount()
    {
        await _api.CreateAsync(Busybox("crash", "echo boom; exit 1", "Always"));
        var pod = await Until(
            () => _api.GetAsync<V1Pod>(Ns, "crash"),
            p => p?.Status?.ContainerStatuses?.SingleOrDefault() is { RestartCount: >= 2 } cs && cs.State?.Waiting?.Reason == "CrashLoopBackOff",
            "CrashLoopBackOff after at least 2 restarts",
            describe: Status);
        var first = pod!.Status.ContainerStatuses.Single();
        Assert.Equal("Running", pod.Status.Phase);
        Assert.Equal(1, first.LastState.Terminated.ExitCode);
        Assert.Contains("back-off", first.State.Waiting.Message, StringComparison.Ordinal);

        await Until(
            () => _api.GetAsync<V1Pod>(Ns, "crash"),
            p => p!.Status.ContainerStatuses.Single().RestartCount > first.RestartCount,
            $"restartCount to grow past {first.RestartCount}",
            describe: Status);
        var events = await _api.ListAsync<Corev1Event>(Ns, fieldSelector: "involvedObject.name=crash");
        Assert.Contains(events, e => e.Reason == "BackOff");
    }

    [Fact]
    public async Task Pod_that_fits_no_node_stays_Pending_with_PodScheduled_False_Insufficient_cpu()
    {
        await _api.CreateAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "huge", NamespaceProperty = Ns },
            Spec = PodSpec("nginx:1.27", cpu: "100"),
        });
        var pod = await Until(
            () => _api.GetAsync<V1Pod>(Ns, "huge"),
            p => p?.Status?.Conditions?.Any(c => c.Type == "PodScheduled" && c.Status == "False") == true,
            "PodScheduled=False",
            describe: p => string.Join(",", p?.Status?.Conditions?.Select(c => $"{c.Type}={c.Status} {c.Message}") ?? []));
        var cond = pod!.Status.Conditions.Single(c => c.Type == "PodScheduled");
        Assert.Equal("Unschedulable", cond.Reason);
        Assert.StartsWith("0/3 nodes are available: 3 Insufficient cpu.", cond.Message, StringComparison.Ordinal);
        Assert.Equal("Pending", pod.Status.Phase);
        Assert.Null(pod.Spec.NodeName);
        var events = await _api.ListAsync<Corev1Event>(Ns, fieldSelector: "involvedObject.name=huge");
        Assert.Contains(events, e => e.Reason == "FailedScheduling" && e.Message.StartsWith("0/3 nodes are available: 3 Insufficient cpu.", StringComparison.Ordinal));
    }

    private static V1Pod Busybox(string name, string script, string restartPolicy) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Ns },
        Spec = new V1PodSpec
        {
            RestartPolicy = restartPolicy,
            Containers = [new V1Container { Name = "main", Image = "busybox:1.36", Command = ["sh", "-c", script] }],
        },
    };

    private static string Status(V1Pod? p) =>
        p?.Status?.ContainerStatuses?.SingleOrDefault() is { } cs
            ? $"{p.Status.Phase} restarts={cs.RestartCount} waiting={cs.State?.Waiting?.Reason} running={cs.State?.Running is not null} terminated={cs.State?.Terminated?.Reason}"
            : $"{p?.Status?.Phase} (no container status)";
}
