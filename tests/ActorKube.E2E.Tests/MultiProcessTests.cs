using System.Diagnostics;
using System.Text.Json;
using ActorKube.E2E.Tests.Harness;
using ActorKube.Tests.Shared;

namespace ActorKube.E2E.Tests;

/// <summary>
/// `actorkube up --workers 2 --nodes 6`: a control-plane process and two worker processes on loopback,
/// driven with kubectl; a worker is killed like a machine that dies.
/// </summary>
[Collection(OwnProcessCollection.Name)]
public sealed class MultiProcessTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(150);

    /// <summary>Kind/name, uid and resourceVersion of the default namespace's objects that no component rewrites by itself.</summary>
    private static readonly string[] ObjectsQuery =
        ["get", "configmaps,deployments,replicasets,pods", "-o", "jsonpath={range .items[*]}{.kind}/{.metadata.name} {.metadata.uid} {.metadata.resourceVersion}{\"\\n\"}{end}"];

    [Fact]
    public async Task Killing_a_worker_makes_its_nodes_NotReady_and_its_pods_run_on_the_other_workers_nodes_until_it_is_restarted()
    {
        await using var up = ActorKubeProcess.Launch(dataDir => ["up", "--workers", "2", "--nodes", "6", "--time-scale", "20", "--data-dir", dataDir, "--api-port", "0"]);
        await up.WaitForKubeconfigAsync(Limit);
        await up.WaitForReadyNodesAsync(6, Limit);
        var kubectl = up.Kubectl;

        // The nodes are spread over both workers.
        var hosts = (await kubectl.RunOkAsync("get", "nodes", "-o", "jsonpath={range .items[*]}{.metadata.name}={.metadata.labels.actorkube\\.io/worker}{\"\\n\"}{end}"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=')).ToDictionary(p => p[0], p => p[1]);
        Assert.Equal(6, hosts.Count);
        Assert.Equal(["worker-1", "worker-2"], hosts.Values.Distinct().Order());

        await kubectl.RunOkAsync("create", "deployment", "web", "--image=nginx", "--replicas=12");
        await kubectl.RunOkAsync("wait", "--for=condition=Available", "deployment/web", "--timeout=120s");

        // kill -9 of worker-1's process, found through the launcher's state file.
        var state = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(up.DataDir, "state.json"))).RootElement;
        var worker1 = state.GetProperty("processes").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "worker-1").GetProperty("pid").GetInt32();
        await using (var chaos = ActorKubeProcess.Launch(["chaos", "kill-worker", "worker-1", "--data-dir", up.DataDir]))
        {
            Assert.True(await chaos.WaitForExitAsync(Limit) == 0, chaos.Describe());
            Assert.Contains($"worker-1 (pid {worker1}) killed", chaos.Stdout, StringComparison.Ordinal);
        }

        await using (var again = ActorKubeProcess.Launch(["chaos", "kill-worker", "worker-9", "--data-dir", up.DataDir]))
        {
            Assert.True(await again.WaitForExitAsync(Limit) == 2, again.Describe());
            Assert.Contains("no worker named worker-9; the workers are: worker-1, worker-2", again.Stderr(), StringComparison.Ordinal);
        }

        var lost = hosts.Where(h => h.Value == "worker-1").Select(h => h.Key).ToHashSet();
        await kubectl.UntilAsync(
            r => r.Succeeded && r.Lines.Count(l => lost.Contains(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]) && l.Contains(" NotReady ", StringComparison.Ordinal)) == lost.Count,
            ["get", "nodes", "--no-headers"],
            Limit);

        // After the unreachable taint's 300 s toleration (15 s at time-scale 20) the pods are evicted and
        // replaced; the evicted ones stay Terminating, as in Kubernetes, until their kubelet comes back.
        await kubectl.UntilAsync(
            r => r.Succeeded && r.Lines.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Count(c => c.Length > 6 && c[2] == "Running" && !lost.Contains(c[6])) == 12,
            ["get", "pods", "-o", "wide", "--no-headers"],
            Limit);

        // The control plane's log tells the story: the node lifecycle controller's decisions and the evictions.
        var log = await File.ReadAllTextAsync(Path.Combine(up.DataDir, "logs", "control-plane-1.jsonl"));
        Assert.Contains("kubelet stopped posting status", log, StringComparison.Ordinal);
        Assert.Contains("Taint eviction: deleting pod", log, StringComparison.Ordinal);

        // Restarted, the worker rejoins and its nodes boot again (on whichever live worker gets their shards).
        await using (var restart = ActorKubeProcess.Launch(["chaos", "restart-worker", "worker-1", "--data-dir", up.DataDir]))
        {
            Assert.True(await restart.WaitForExitAsync(Limit) == 0, restart.Describe());
        }

        await kubectl.UntilAsync(
            r => r.Succeeded && r.Lines.Count(l => l.Contains(" Ready ", StringComparison.Ordinal)) == 6,
            ["get", "nodes", "--no-headers"],
            Limit);
    }

    [Fact]
    public Task Killing_the_control_plane_with_the_singletons_moves_them_and_kubectl_works_on_the_other() =>
        ControlPlaneFailoverAsync([]);

    [PostgresFact]
    public async Task On_Postgres_killing_the_control_plane_with_the_singletons_recovers_etcd_from_the_shared_journal_on_the_other()
    {
        await using var schema = await PostgresTestSchema.CreateAsync();

        var dataDir = await ControlPlaneFailoverAsync(["--storage", "postgres", "--connection-string", schema.ConnectionString]);

        Assert.Contains("journal", await schema.TablesAsync());
        Assert.True(await schema.CountAsync("journal") > 0, "the journal is in PostgreSQL");
        Assert.False(File.Exists(Path.Combine(dataDir, "etcd.db")), "no process made a SQLite etcd beside PostgreSQL");
    }

    /// <summary>
    /// `up --control-planes 2` on the given storage; kill -9 of control-plane-1 (the oldest, holding the singletons);
    /// through control-plane-2's API every object written before is there with its uid and resourceVersion, new
    /// resourceVersions continue after the old ones, and the scheduler and controllers work. Returns the data dir.
    /// </summary>
    private static async Task<string> ControlPlaneFailoverAsync(string[] storage)
    {
        await using var up = ActorKubeProcess.Launch(dataDir => ["up", "--control-planes", "2", "--workers", "1", "--nodes", "2", "--time-scale", "10", "--data-dir", dataDir, "--api-port", "0", .. storage]);
        await up.WaitForKubeconfigAsync(Limit);
        await up.WaitForReadyNodesAsync(2, Limit);
        await up.Kubectl.RunOkAsync("create", "configmap", "keep", "--from-literal=color=blue");
        await up.Kubectl.RunOkAsync("create", "deployment", "web", "--image=nginx", "--replicas=2");
        await up.Kubectl.RunOkAsync("wait", "--for=condition=Available", "deployment/web", "--timeout=120s");
        var before = Objects(await up.Kubectl.RunOkAsync(ObjectsQuery));
        Assert.True(before.ContainsKey("ConfigMap/keep") && before.Keys.Count(k => k.StartsWith("Pod/", StringComparison.Ordinal)) == 2, string.Join('\n', before.Keys));

        var state = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(up.DataDir, "state.json"))).RootElement;
        var first = state.GetProperty("processes").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "control-plane-1");
        using (var victim = Process.GetProcessById(first.GetProperty("pid").GetInt32()))
        {
            victim.Kill();
        }

        // The second control plane's API: etcd recovered from the shared journal, the scheduler and the
        // controllers run there now (a scale gets new pods Running), the nodes stay Ready (their kubelets
        // moved to its apiserver).
        var second = new Kubectl(Path.Combine(up.DataDir, "kubeconfig-control-plane-2"), Path.Combine(up.Root, "kube-cache-2"));
        await second.UntilAsync(r => r.Succeeded && r.Stdout.Contains("deployment.apps/web scaled", StringComparison.Ordinal), ["scale", "deployment/web", "--replicas=4"], Limit);
        var after = Objects(await second.RunOkAsync(ObjectsQuery));
        foreach (var (key, (uid, rv)) in before)
        {
            Assert.True(after.TryGetValue(key, out var found), $"{key} is missing after the failover:\n{string.Join('\n', after.Keys)}");
            Assert.Equal(uid, found.Uid);
            if (key.StartsWith("ConfigMap/", StringComparison.Ordinal) || key.StartsWith("Pod/", StringComparison.Ordinal))
            {
                Assert.True(rv == found.Rv, $"{key}: resourceVersion {rv} before the failover, {found.Rv} after");
            }
        }

        Assert.True(after["Deployment/web"].Rv > before.Values.Max(v => v.Rv), "the scale's resourceVersion continues after the old ones");
        await second.UntilAsync(
            r => r.Succeeded && r.Lines.Count(l => l.Contains(" Running ", StringComparison.Ordinal)) == 4,
            ["get", "pods", "--no-headers"],
            Limit);
        var nodes = await second.RunOkAsync("get", "nodes", "--no-headers");
        Assert.Equal(2, nodes.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.Contains(" Ready ", StringComparison.Ordinal)));
        return up.DataDir;
    }

    /// <summary>"Kind/name" → (uid, resourceVersion) from <see cref="ObjectsQuery"/>.</summary>
    private static Dictionary<string, (string Uid, long Rv)> Objects(string jsonpath) =>
        jsonpath.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' '))
            .ToDictionary(c => c[0], c => (c[1], long.Parse(c[2], System.Globalization.CultureInfo.InvariantCulture)), StringComparer.Ordinal);

    private static async Task ChaosAsync(params string[] args)
    {
        await using var chaos = ActorKubeProcess.Launch(["chaos", .. args]);
        Assert.True(await chaos.WaitForExitAsync(Limit) == 0, chaos.Describe());
    }

    /// <summary>Pods as (name, ready, status, restarts, node) from kubectl get pods -o wide.</summary>
    private static List<(string Name, string Ready, string Status, int Restarts, string Node)> Pods(KubectlResult r) =>
        r.Lines.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(c => c.Length > 6)
            .Select(c => (c[0], c[1], c[2], int.Parse(c[3], System.Globalization.CultureInfo.InvariantCulture), c[6])).ToList();

    [Fact]
    public async Task Node_stop_then_node_start_makes_the_node_NotReady_then_Ready_with_its_pods_restarted_or_replaced()
    {
        await using var up = ActorKubeProcess.Launch(dataDir => ["up", "--workers", "2", "--nodes", "4", "--time-scale", "20", "--data-dir", dataDir, "--api-port", "0"]);
        await up.WaitForKubeconfigAsync(Limit);
        await up.WaitForReadyNodesAsync(4, Limit);
        var kubectl = up.Kubectl;
        await kubectl.RunOkAsync("create", "deployment", "web", "--image=nginx", "--replicas=4");
        await kubectl.RunOkAsync("wait", "--for=condition=Available", "deployment/web", "--timeout=120s");
        var before = Pods(await kubectl.RunAsync("get", "pods", "-o", "wide", "--no-headers")).Where(p => p.Node == "node-1").Select(p => p.Name).ToHashSet();

        await ChaosAsync("node-stop", "node-1", "--kubeconfig", up.Kubeconfig);
        await kubectl.UntilAsync(r => r.Succeeded && r.Stdout.Contains("NotReady", StringComparison.Ordinal), ["get", "node", "node-1", "--no-headers"], Limit);
        await ChaosAsync("node-start", "node-1", "--kubeconfig", up.Kubeconfig);
        await kubectl.UntilAsync(r => r.Succeeded && r.Stdout.Contains(" Ready ", StringComparison.Ordinal), ["get", "node", "node-1", "--no-headers"], Limit);

        // As after a reboot: a pod still bound to the node runs again with a grown restartCount, or was replaced.
        var after = await kubectl.UntilAsync(
            r => r.Succeeded && Pods(r).Count(p => p.Status == "Running" && p.Ready == "1/1") == 4,
            ["get", "pods", "-o", "wide", "--no-headers"],
            Limit);
        foreach (var name in before)
        {
            var pod = Pods(after).FirstOrDefault(p => p.Name == name);
            Assert.True(pod.Name is null || pod.Restarts >= 1 || pod.Status != "Running", $"{name} was on the stopped node but neither restarted nor replaced:\n{after}");
        }
    }

    [Fact]
    public async Task A_partition_longer_than_the_toleration_replaces_the_pods_and_healing_leaves_the_right_replica_count()
    {
        await using var up = ActorKubeProcess.Launch(dataDir => ["up", "--workers", "2", "--nodes", "4", "--time-scale", "20", "--data-dir", dataDir, "--api-port", "0"]);
        await up.WaitForKubeconfigAsync(Limit);
        await up.WaitForReadyNodesAsync(4, Limit);
        var kubectl = up.Kubectl;
        await kubectl.RunOkAsync("create", "deployment", "web", "--image=nginx", "--replicas=4");
        await kubectl.RunOkAsync("wait", "--for=condition=Available", "deployment/web", "--timeout=120s");

        await ChaosAsync("partition", "node-1", "--kubeconfig", up.Kubeconfig);

        // The control plane sees node-1 go silent, evicts its pods after the toleration and replaces them elsewhere.
        await kubectl.UntilAsync(
            r => r.Succeeded && Pods(r).Count(p => p.Status == "Running" && p.Node != "node-1") == 4,
            ["get", "pods", "-o", "wide", "--no-headers"],
            Limit);

        await ChaosAsync("heal", "node-1", "--kubeconfig", up.Kubeconfig);
        await kubectl.UntilAsync(r => r.Succeeded && r.Stdout.Contains(" Ready ", StringComparison.Ordinal), ["get", "node", "node-1", "--no-headers"], Limit);

        // The node's stale pods go away: exactly the 4 replicas are left, all Running, none extra.
        await kubectl.UntilAsync(
            r => r.Succeeded && Pods(r).Count == 4 && Pods(r).All(p => p.Status == "Running"),
            ["get", "pods", "-o", "wide", "--no-headers"],
            Limit);
    }

    [Fact]
    public async Task A_network_delay_from_the_control_plane_to_a_worker_slows_what_crosses_it_until_the_fault_is_deleted()
    {
        await using var up = ActorKubeProcess.Launch(dataDir => ["up", "--workers", "1", "--nodes", "1", "--time-scale", "20", "--data-dir", dataDir, "--api-port", "0"]);
        await up.WaitForKubeconfigAsync(Limit);
        await up.WaitForReadyNodesAsync(1, Limit);
        var kubectl = up.Kubectl;
        await kubectl.RunOkAsync("run", "web", "--image=nginx");
        await kubectl.RunOkAsync("wait", "--for=condition=Ready", "pod/web", "--timeout=120s");
        await kubectl.RunOkAsync("logs", "web");

        // A name that is no process of the cluster: the fault fails and says which processes there are.
        var unknown = await ActorKubeCommand.RunAsync(["chaos", "delay", "--from", "control-plane-1", "--to", "worker-7", "--ms", "100", "--kubeconfig", up.Kubeconfig]);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("failed: no process named worker-7 in the cluster (its processes: control-plane-1, worker-1)", unknown.Stderr, StringComparison.Ordinal);

        // kubectl logs goes from the control plane's apiserver to the node's kubelet on worker-1 and back:
        // the request is held back 3 s on its way out.
        var delay = await ActorKubeCommand.RunAsync(["chaos", "delay", "--from", "control-plane-1", "--to", "worker-1", "--ms", "3000", "--kubeconfig", up.Kubeconfig]);
        Assert.True(delay.Succeeded, delay.ToString());
        Assert.Equal("traffic from control-plane-1 to worker-1 delayed by 3000ms", delay.Lines[1]);
        var fault = delay.Lines[0]["fault.chaos.actorkube.io/".Length..^" created".Length];
        Assert.Equal("Active", await kubectl.RunOkAsync("get", "fault", fault, "-o", "jsonpath={.status.phase}"));
        Assert.NotEmpty(await kubectl.RunOkAsync("get", "fault", fault, "-o", "jsonpath={.status.startedAt}"));

        var slow = await TimedLogsAsync(kubectl);
        Assert.True(slow >= TimeSpan.FromSeconds(3), $"kubectl logs took {slow.TotalMilliseconds:F0} ms under a 3000 ms delay");

        // The sender's transport applies the fault: the control plane's log says when it took it on and off.
        var log = Path.Combine(up.DataDir, "logs", "control-plane-1.jsonl");
        await WaitForLogLineAsync(log, l => l.Contains("Network faults from this process", StringComparison.Ordinal) && l.Contains("delay 3000ms", StringComparison.Ordinal));

        // kubectl delete waits for the finalizer: the controller lifts the delay before it removes it.
        await kubectl.RunOkAsync("delete", "fault", fault);
        await WaitForLogLineAsync(log, l => l.Contains("Network faults from this process", StringComparison.Ordinal) && l.Contains("\"none\"", StringComparison.Ordinal));

        // What the transport already held back when the delay was lifted still goes out in order, up to 3 s later
        // (Akka's heartbeats, for one), and a new message waits behind it: let that drain before timing again.
        await Task.Delay(TimeSpan.FromSeconds(3.5));
        var fast = await TimedLogsAsync(kubectl);
        Assert.True(fast < TimeSpan.FromSeconds(3), $"kubectl logs took {fast.TotalMilliseconds:F0} ms after the delay was lifted");
    }

    private static async Task WaitForLogLineAsync(string path, Func<string, bool> match)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (true)
        {
            if (File.Exists(path))
            {
                // The process still writes the file: read it shared.
                await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var reader = new StreamReader(stream);
                var text = await reader.ReadToEndAsync();
                if (text.Split('\n').Any(match))
                {
                    return;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, $"no matching line in {path} within {Limit.TotalSeconds:F0} s");
            await Task.Delay(250);
        }
    }

    private static async Task<TimeSpan> TimedLogsAsync(Kubectl kubectl)
    {
        var clock = Stopwatch.StartNew();
        await kubectl.RunOkAsync("logs", "web");
        return clock.Elapsed;
    }
}
