using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Akka.Actor;
using ActorKube.Cluster.Hosting;
using ActorKube.Cluster.Provisioner;
using ActorKube.ControlPlane.Etcd;

namespace ActorKube.Cli.Bench;

/// <summary>
/// `actorkube bench`: N nodes, one Deployment of P replicas, measured from the Deployment's creation
/// until all P pods are Running, end to end through apiserver, etcd, controllers, scheduler and kubelets.
/// </summary>
public sealed class BenchRunner(TextWriter output, TextWriter progress)
{
    public async Task<int> RunAsync(int nodes, int pods, ClusterOptions options, TimeSpan timeout, CancellationToken ct, int warmupPods = 0)
    {
        if (nodes < 1 || pods < 1)
        {
            progress.WriteLine("error: --nodes and --pods must be at least 1");
            return 2;
        }

        if (warmupPods < 0)
        {
            progress.WriteLine("error: --warmup-pods must be 0 or more");
            return 2;
        }

        var maxPods = options.BuildConfig().GetInt("actorkube.node.pods", 110);
        if (pods + (long)warmupPods > (long)nodes * maxPods)
        {
            progress.WriteLine($"error: {pods + (long)warmupPods} pods do not fit on {nodes} nodes of {maxPods} pods each; add nodes");
            return 2;
        }

        using var peak = new PeakMemorySampler();
        await using var cluster = await ActorKubeCluster.StartAsync(options with { Nodes = 0 }, ct).ConfigureAwait(false);
        var storage = cluster.Config.GetString("actorkube.etcd.storage");
        var sw = Stopwatch.StartNew();
        await cluster.Provisioner.Ask<NodesRunning>(new StartNodes(nodes), TimeSpan.FromMinutes(10), ct).ConfigureAwait(false);
        await WaitForNodes(cluster, nodes, timeout, ct).ConfigureAwait(false);
        progress.WriteLine($"{nodes} nodes Ready in {sw.Elapsed.TotalSeconds:F1}s");
        if (warmupPods > 0)
        {
            sw.Restart();
            var warm = new TaskCompletionSource<IReadOnlyList<double>>(TaskCreationOptions.RunContinuationsAsynchronously);
            cluster.System.ActorOf(PodStartupRecorder.Props(cluster.ApiServer, "app=bench-warmup", warmupPods, warm), "bench-warmup-recorder");
            await cluster.Api.CreateAsync(BenchDeployment("bench-warmup", warmupPods, WarmupImage)).ConfigureAwait(false);
            if (await Task.WhenAny(warm.Task, Task.Delay(timeout, ct)).ConfigureAwait(false) != warm.Task)
            {
                progress.WriteLine($"error: not all {warmupPods} warm-up pods were Running after {timeout.TotalSeconds:F0}s");
                return 1;
            }

            progress.WriteLine($"warm-up: {warmupPods} pods of {WarmupImage} Running in {sw.Elapsed.TotalSeconds:F1}s (not measured)");
        }

        progress.WriteLine($"creating a Deployment of {pods} replicas");
        var before = await cluster.Etcd.Ask<EtcdStatus>(new EtcdGetStatus(null), TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
        var done = new TaskCompletionSource<IReadOnlyList<double>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var recorder = cluster.System.ActorOf(PodStartupRecorder.Props(cluster.ApiServer, "app=bench", pods, done), "bench-recorder");
        var deployment = BenchDeployment("bench", pods, Image);
        var cpuBefore = ProcessCpu();
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        sw.Restart();
        await cluster.Api.CreateAsync(deployment).ConfigureAwait(false);
        var deadline = Task.Delay(timeout, ct);
        while (!done.Task.IsCompleted && !deadline.IsCompleted)
        {
            await Task.WhenAny(done.Task, deadline, Task.Delay(TimeSpan.FromSeconds(1), ct)).ConfigureAwait(false);
            var p = await recorder.Ask<PodStartupRecorder.Progress>(new PodStartupRecorder.GetProgress(), TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
            progress.WriteLine($"{sw.Elapsed.TotalSeconds,6:F1}s  pods created {p.Created}, bound {p.Bound}, running {p.Running}");
        }

        if (!done.Task.IsCompleted)
        {
            progress.WriteLine($"error: not all {pods} pods were Running after {timeout.TotalSeconds:F0}s");
            return 1;
        }

        var seconds = sw.Elapsed.TotalSeconds;
        var cpuSeconds = (ProcessCpu() - cpuBefore).TotalSeconds;
        var allocatedMb = (GC.GetTotalAllocatedBytes() - allocatedBefore) / (1024 * 1024);
        var latencies = (await done.Task.ConfigureAwait(false)).Order().ToArray();
        var after = await cluster.Etcd.Ask<EtcdStatus>(new EtcdGetStatus(null), TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
        var gen0 = GC.CollectionCount(0);
        var gen2 = GC.CollectionCount(2);

        // What the cluster keeps (after the window, so not in its figures): the heap after a full, compacting collection.
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var liveMb = GC.GetGCMemoryInfo(GCKind.FullBlocking).HeapSizeBytes / (1024 * 1024);
        var result = new
        {
            nodes,
            pods,
            storage,
            time_scale = cluster.Clock.Scale,
            seconds = Math.Round(seconds, 2),
            pods_per_second = Math.Round(pods / seconds, 1),
            cpu_seconds = Math.Round(cpuSeconds, 2),
            allocated_mb = allocatedMb,
            etcd_writes = after.Writes - before.Writes,
            etcd_batches = after.Batches - before.Batches,
            peak_working_set_mb = peak.PeakMb,
            p50_startup_ms = Math.Round(Percentile(latencies, 0.50), 1),
            p99_startup_ms = Math.Round(Percentile(latencies, 0.99), 1),
            warmup_pods = warmupPods,
            live_heap_mb = liveMb,
            gc_gen0 = gen0,
            gc_gen2 = gen2,
        };
        output.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }

    private const string Image = "nginx:1.27";

    // Another image than the measured pods', so their first pulls are still in the measured window.
    private const string WarmupImage = "registry.k8s.io/pause:3.10";

    private static V1Deployment BenchDeployment(string name, int replicas, string image) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                Spec = new V1PodSpec
                {
                    Containers =
                    [
                        new V1Container
                        {
                            Name = "app",
                            Image = image,
                            Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("10m"), ["memory"] = new("16Mi") } },
                        },
                    ],
                },
            },
        },
    };

    private static async Task WaitForNodes(ActorKubeCluster cluster, int nodes, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var list = await cluster.Api.ListAsync<V1Node>().ConfigureAwait(false);
            if (list.Count(n => n.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true) >= nodes)
            {
                return;
            }

            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"only {list.Count} of {nodes} nodes registered after {timeout.TotalSeconds:F0}s");
            }

            await Task.Delay(250, ct).ConfigureAwait(false);
        }
    }

    // The process's CPU time (all threads: actors, GC, JIT): on a shared machine this varies less than the wall time.
    private static TimeSpan ProcessCpu()
    {
        using var p = Process.GetCurrentProcess();
        return p.TotalProcessorTime;
    }

    internal static double Percentile(double[] sorted, double p)
    {
        if (sorted.Length == 0)
        {
            return 0;
        }

        var rank = p * (sorted.Length - 1);
        var lo = (int)Math.Floor(rank);
        var hi = (int)Math.Ceiling(rank);
        return sorted[lo] + ((sorted[hi] - sorted[lo]) * (rank - lo));
    }

    /// <summary>Samples the process working set (Linux VmHWM via PeakWorkingSet64, and a sampler for safety).</summary>
    private sealed class PeakMemorySampler : IDisposable
    {
        private readonly Timer _timer;
        private long _peak;

        public PeakMemorySampler() => _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(250));

        public long PeakMb
        {
            get
            {
                Sample();
                return Interlocked.Read(ref _peak) / (1024 * 1024);
            }
        }

        private void Sample()
        {
            using var p = Process.GetCurrentProcess();
            var v = Math.Max(p.WorkingSet64, p.PeakWorkingSet64);
            long seen;
            do
            {
                seen = Interlocked.Read(ref _peak);
            }
            while (v > seen && Interlocked.CompareExchange(ref _peak, v, seen) != seen);
        }

        public void Dispose() => _timer.Dispose();
    }

}
