using System.Diagnostics;
using ActorKube.Client;
using ActorKube.Cluster.Hosting;
using ActorKube.Core.Objects;

namespace ActorKube.Cli.Demo;

/// <summary>
/// `actorkube demo`: the main job on the embedded default. Starts a 3-node in-process cluster on
/// SQLite, deploys 6 nginx replicas, rolls out a new image, powers off a node and watches its pods
/// evicted and replaced. Every step must reach its expected state in time, or the demo fails.
/// </summary>
public sealed class DemoRunner(TextWriter output)
{
    private const string Namespace = WellKnown.NamespaceDefault;
    private const string Deployment = "web";
    private const string NewImage = "nginx:1.28";
    private readonly List<(string Step, string Result, TimeSpan Took, bool Ok)> _steps = [];
    private bool _poweredOn;

    public async Task<int> RunAsync(ClusterOptions options, TimeSpan stepTimeout, CancellationToken ct)
    {
        var total = Stopwatch.StartNew();
        await using var cluster = await ActorKubeCluster.StartAsync(options with { Nodes = options.Nodes ?? 3 }, ct).ConfigureAwait(false);
        var api = cluster.Api;
        output.WriteLine($"ActorKube demo: {cluster.Config.GetInt("actorkube.cluster.nodes")} nodes, storage {cluster.Config.GetString("actorkube.etcd.storage")}, time-scale {cluster.Clock.Scale}, data dir {cluster.DataDir}");

        var ok = await Step("3 nodes Ready", stepTimeout, ct, async () =>
        {
            var nodes = await api.ListAsync<V1Node>().ConfigureAwait(false);
            var ready = nodes.Count(IsReady);
            return (ready >= 3, $"{ready}/{nodes.Count} Ready");
        }).ConfigureAwait(false);

        ok = ok && await Step("Deployment web (6 x nginx:1.27) Running", stepTimeout, ct, async () =>
        {
            if (await api.GetAsync<V1Deployment>(Namespace, Deployment).ConfigureAwait(false) is null)
            {
                using var stream = typeof(DemoRunner).Assembly.GetManifestResourceStream("nginx-deployment.yaml")!;
                using var reader = new StreamReader(stream);
                await api.ApplyAsync(await reader.ReadToEndAsync(ct).ConfigureAwait(false), Namespace).ConfigureAwait(false);
            }

            var running = await RunningPods(api, "nginx:1.27").ConfigureAwait(false);
            return (running.Count == 6, $"{running.Count}/6 pods Running on {running.Select(p => p.Spec.NodeName).Distinct().Count()} nodes");
        }).ConfigureAwait(false);

        var maxSeen = 0;
        ok = ok && await Step($"Rolling update to {NewImage}", stepTimeout, ct, async () =>
        {
            var d = await api.GetAsync<V1Deployment>(Namespace, Deployment).ConfigureAwait(false);
            if (d!.Spec.Template.Spec.Containers[0].Image != NewImage)
            {
                await api.PatchAsync<V1Deployment>(Namespace, Deployment, PatchType.StrategicMerge,
                    "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"nginx\",\"image\":\"" + NewImage + "\"}]}}}}").ConfigureAwait(false);
            }

            var pods = await api.ListAsync<V1Pod>(Namespace, "app=web").ConfigureAwait(false);
            var live = pods.Count(p => p.Metadata.DeletionTimestamp is null);
            maxSeen = Math.Max(maxSeen, live);
            var updated = pods.Count(p => p.Metadata.DeletionTimestamp is null && p.Status?.Phase == "Running" && p.Spec.Containers[0].Image == NewImage && IsPodReady(p));
            var old = pods.Count(p => p.Spec.Containers[0].Image != NewImage);
            d = await api.GetAsync<V1Deployment>(Namespace, Deployment).ConfigureAwait(false);
            var line = $"updated {d!.Status?.UpdatedReplicas ?? 0}, ready {d.Status?.ReadyReplicas ?? 0}, available {d.Status?.AvailableReplicas ?? 0}, old pods {old}";
            return (updated == 6 && old == 0, line);
        }, progress: true).ConfigureAwait(false);
        if (ok)
        {
            _steps[^1] = _steps[^1] with { Result = _steps[^1].Result + $" (at most {maxSeen} pods at once; surge 1)" };
        }

        string? victim = null;
        ok = ok && await Step("Power off the busiest node", stepTimeout, ct, async () =>
        {
            var pods = await RunningPods(api, NewImage).ConfigureAwait(false);
            victim = pods.GroupBy(p => p.Spec.NodeName).OrderByDescending(g => g.Count()).First().Key;
            var r = await cluster.StopNodeAsync(victim).ConfigureAwait(false);
            return (r.Succeeded, $"{victim}: {pods.Count(p => p.Spec.NodeName == victim)} pods on it; {r.Message}");
        }).ConfigureAwait(false);

        ok = ok && await Step("Node goes NotReady and gets the unreachable taint", stepTimeout, ct, async () =>
        {
            var node = await api.GetAsync<V1Node>(null, victim!).ConfigureAwait(false);
            var ready = node?.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready");
            var tainted = node?.Spec?.Taints?.Any(t => t.Key == WellKnown.TaintNodeUnreachable && t.Effect == "NoExecute") == true;
            return (ready?.Status == "Unknown" && tainted, $"Ready={ready?.Status} ({ready?.Reason}), unreachable taint {(tainted ? "added" : "not yet")}");
        }).ConfigureAwait(false);

        ok = ok && await Step("Pods evicted and replaced on the other nodes", stepTimeout, ct, async () =>
        {
            // As in Kubernetes, evicted pods of an unreachable node stay Terminating until its kubelet
            // comes back to finish the deletion; their replacements run elsewhere meanwhile.
            var pods = await RunningPods(api, NewImage).ConfigureAwait(false);
            var elsewhere = pods.Count(p => p.Spec.NodeName != victim);
            var all = await api.ListAsync<V1Pod>(Namespace, "app=web").ConfigureAwait(false);
            var onVictim = all.Where(p => p.Spec.NodeName == victim).ToList();
            var terminating = onVictim.Count(p => p.Metadata.DeletionTimestamp is not null);
            return (elsewhere == 6 && terminating == onVictim.Count, $"{elsewhere}/6 Running elsewhere, {terminating}/{onVictim.Count} pods on {victim} Terminating");
        }, progress: true).ConfigureAwait(false);

        ok = ok && await Step("Power the node back on: Ready again, its evicted pods cleaned up", stepTimeout, ct, async () =>
        {
            var node = await api.GetAsync<V1Node>(null, victim!).ConfigureAwait(false);
            if (node?.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready")?.Status != "True" && !_poweredOn)
            {
                await cluster.StartNodeAsync(victim!).ConfigureAwait(false);
                _poweredOn = true;
            }

            var all = await api.ListAsync<V1Pod>(Namespace, "app=web").ConfigureAwait(false);
            var left = all.Count(p => p.Spec.NodeName == victim && p.Metadata.DeletionTimestamp is not null);
            var running = (await RunningPods(api, NewImage).ConfigureAwait(false)).Count;
            var tainted = node?.Spec?.Taints?.Any(t => t.Effect == "NoExecute") == true;
            return (node is not null && IsReady(node) && !tainted && left == 0 && running == 6, $"{victim} {(node is not null && IsReady(node) ? "Ready" : "NotReady")}, taints {(tainted ? "present" : "removed")}, {left} terminating pods left, {running}/6 Running");
        }, progress: true).ConfigureAwait(false);

        var events = await api.ListAsync<Corev1Event>().ConfigureAwait(false);
        var reasons = events.GroupBy(e => e.Reason).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}");
        PrintSummary(total.Elapsed);
        output.WriteLine($"Events: {string.Join(", ", reasons)}");
        output.WriteLine($"Message-flow log: {cluster.LogFile ?? "(logging configured by the host)"}");
        output.WriteLine(ok ? "Demo succeeded." : "Demo FAILED: a step did not reach its expected state.");
        return ok ? 0 : 1;
    }

    private static async Task<List<V1Pod>> RunningPods(ApiClient api, string image)
    {
        var pods = await api.ListAsync<V1Pod>(Namespace, "app=web").ConfigureAwait(false);
        return pods.Where(p => p.Metadata.DeletionTimestamp is null && p.Status?.Phase == "Running" && IsPodReady(p) && p.Spec.Containers[0].Image == image).ToList();
    }

    private static bool IsReady(V1Node n) => n.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    private static bool IsPodReady(V1Pod p) => p.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    private async Task<bool> Step(string name, TimeSpan timeout, CancellationToken ct, Func<Task<(bool Done, string Detail)>> check, bool progress = false)
    {
        var sw = Stopwatch.StartNew();
        output.WriteLine($"==> {name}");
        string last = "";
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var (done, detail) = await check().ConfigureAwait(false);
            if (progress && detail != last)
            {
                output.WriteLine($"    {detail}");
            }

            last = detail;
            if (done)
            {
                output.WriteLine($"    ok after {sw.Elapsed.TotalSeconds:F1}s: {detail}");
                _steps.Add((name, detail, sw.Elapsed, true));
                return true;
            }

            if (sw.Elapsed > timeout)
            {
                output.WriteLine($"    TIMEOUT after {timeout.TotalSeconds:F0}s: {detail}");
                _steps.Add((name, detail, sw.Elapsed, false));
                return false;
            }

            await Task.Delay(200, ct).ConfigureAwait(false);
        }
    }

    private void PrintSummary(TimeSpan total)
    {
        var w = Math.Max(4, _steps.Max(s => s.Step.Length));
        output.WriteLine();
        output.WriteLine($"{"STEP".PadRight(w)}  {"OK",-3} {"TIME",7}  RESULT");
        foreach (var s in _steps)
        {
            output.WriteLine($"{s.Step.PadRight(w)}  {(s.Ok ? "yes" : "NO"),-3} {s.Took.TotalSeconds,6:F1}s  {s.Result}");
        }

        output.WriteLine($"{"total".PadRight(w)}      {total.TotalSeconds,6:F1}s");
    }
}
