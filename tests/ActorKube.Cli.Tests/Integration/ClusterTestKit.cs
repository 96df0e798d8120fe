using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Actor;
using ActorKube.Client;
using WatchEventType = ActorKube.Client.WatchEventType;
using ActorKube.Cluster.Hosting;
using ActorKube.Core.Objects;

namespace ActorKube.Cli.Tests.Integration;

/// <summary>All in-process cluster specs run one after the other: two clusters at once on a 2-core
/// machine make their timings (leases, node-monitor-grace-period) flaky.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterCollection
{
    public const string Name = "in-process cluster";
}

/// <summary>Starts and stops in-process clusters for specs, and polls them.</summary>
internal static class ClusterTestKit
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static string NewTempDir() => Path.Combine(Path.GetTempPath(), "actorkube-it-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>A 3-node cluster; logging stays off (Serilog and FlowLog are process-global). <paramref name="hocon"/> is layered on top.</summary>
    public static Task<ActorKubeCluster> StartAsync(double timeScale = 25, string storage = "memory", string? dataDir = null, int nodes = 3, string? hocon = null, string? connectionString = null) =>
        ActorKubeCluster.StartAsync(new ClusterOptions
        {
            Storage = storage,
            ConnectionString = connectionString,
            TimeScale = timeScale,
            Nodes = nodes,
            DataDir = dataDir ?? NewTempDir(),
            ConfigureLogging = false,
            ConsoleLogging = false,
            ExtraHocon = "actorkube.logging.flow = false\n" + hocon,
        });

    public static async Task StopAsync(ActorKubeCluster cluster, bool deleteDataDir = true)
    {
        await cluster.DisposeAsync();
        if (deleteDataDir)
        {
            TryDelete(cluster.DataDir);
        }
    }

    public static void TryDelete(string dir)
    {
        try
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Polls <paramref name="probe"/> until <paramref name="done"/> holds; fails with the last observation.</summary>
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null, Func<T, string>? describe = null)
    {
        var limit = timeout ?? Timeout;
        var sw = Stopwatch.StartNew();
        while (true)
        {
            var last = await probe();
            if (done(last))
            {
                return last;
            }

            if (sw.Elapsed > limit)
            {
                Assert.Fail($"timed out after {limit.TotalSeconds:F0}s waiting for {what}; last seen: {(describe ?? (x => x?.ToString() ?? "null"))(last)}");
            }

            await Task.Delay(100);
        }
    }

    public static async Task<V1Namespace> CreateNamespaceAsync(ApiClient api, string name) =>
        await api.CreateAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });

    public static bool IsReady(V1Pod p) =>
        p.Metadata.DeletionTimestamp is null && p.Status?.Phase == "Running" && p.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    public static bool IsReady(V1Node n) => n.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    public static string Image(V1Pod p) => p.Spec.Containers[0].Image;

    public static string Describe(IEnumerable<V1Pod> pods) =>
        string.Join("; ", pods.Select(p => $"{p.Metadata.Name} {Image(p)} on {p.Spec.NodeName ?? "-"} {p.Status?.Phase}{(IsReady(p) ? " ready" : "")}{(p.Metadata.DeletionTimestamp is null ? "" : " terminating")}"));

    public static V1Deployment Deployment(string ns, string name, int replicas, string image, int maxSurge = 1, int maxUnavailable = 1, long? tolerationSeconds = null)
    {
        var labels = new Dictionary<string, string> { ["app"] = name };
        return new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Labels = labels },
            Spec = new V1DeploymentSpec
            {
                Replicas = replicas,
                Selector = new V1LabelSelector { MatchLabels = labels },
                Strategy = new V1DeploymentStrategy
                {
                    Type = "RollingUpdate",
                    RollingUpdate = new V1RollingUpdateDeployment { MaxSurge = maxSurge, MaxUnavailable = maxUnavailable },
                },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = labels },
                    Spec = PodSpec(image, tolerationSeconds),
                },
            },
        };
    }

    public static V1PodSpec PodSpec(string image, long? tolerationSeconds = null, string cpu = "100m") => new()
    {
        Containers =
        [
            new V1Container
            {
                Name = "app",
                Image = image,
                Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpu), ["memory"] = new("64Mi") } },
            },
        ],
        TerminationGracePeriodSeconds = 5,
        Tolerations = tolerationSeconds is { } s
            ?
            [
                new V1Toleration { Key = WellKnown.TaintNodeUnreachable, OperatorProperty = "Exists", Effect = "NoExecute", TolerationSeconds = s },
                new V1Toleration { Key = WellKnown.TaintNodeNotReady, OperatorProperty = "Exists", Effect = "NoExecute", TolerationSeconds = s },
            ]
            : null,
    };

    /// <summary>Starts a <see cref="WatchRecorder"/> and waits until its watches are registered at the apiserver.</summary>
    public static async Task<ConcurrentQueue<WatchBatch>> RecordAsync(ActorKubeCluster cluster, string ns, params ResourceInfo[] resources)
    {
        var sink = new ConcurrentQueue<WatchBatch>();
        var recorder = cluster.System.ActorOf(Props.Create(() => new WatchRecorder(cluster.ApiServer, ns, resources, sink)));
        await recorder.Ask<WatchRecorder.Started>(WatchRecorder.Started.Instance, TimeSpan.FromSeconds(30));
        return sink;
    }
}

/// <summary>One watch delivery (one etcd batch) of one resource.</summary>
internal sealed record WatchBatch(string Resource, IReadOnlyList<WatchEvent> Events, V1Status? Ended = null);

/// <summary>
/// Watches resources of a namespace from "now" and records every delivery, like a test informer
/// without a cache. It sends its StartWatch requests in its constructor, so once it answered
/// <see cref="Started"/> every later request to the apiserver is seen by the watches.
/// </summary>
internal sealed class WatchRecorder : ReceiveActor
{
    public WatchRecorder(IActorRef apiServer, string ns, IReadOnlyList<ResourceInfo> resources, ConcurrentQueue<WatchBatch> sink)
    {
        foreach (var r in resources)
        {
            apiServer.Tell(new StartWatch(r, ns) { Tag = r.Plural, From = "integration-test" }, Self);
        }

        Receive<WatchEvents>(m => sink.Enqueue(new WatchBatch((string)m.Tag!, m.Events.Where(e => e.Type != WatchEventType.Bookmark).ToList())));
        Receive<WatchEnded>(m => sink.Enqueue(new WatchBatch((string)m.Tag!, [], m.Error ?? new V1Status { Message = "watch ended" })));
        Receive<Started>(_ => Sender.Tell(Started.Instance));
    }

    public sealed record Started
    {
        public static readonly Started Instance = new();
    }
}
