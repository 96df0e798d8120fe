using ActorKube.Core.Api;
using ActorKube.Core.Objects;
using ActorKube.Core.Scheduling;
using ActorKube.Core.Storage;
using BenchmarkDotNet.Attributes;

namespace ActorKube.Benchmarks;

/// <summary>The pure code on the hot path API write → etcd → watch fan-out → scheduling.</summary>
[MemoryDiagnoser]
public class HotPathBenchmarks
{
    private readonly V1Pod _pod = Fixtures.RunningPod("bench-1", "node-1");
    private readonly byte[] _value = new byte[1800];
    private MvccStore _store = null!;
    private WatchCache _cache = null!;
    private SchedulingAlgorithm _scheduler = null!;
    private PodInfo _pending = null!;
    private long _i;

    [GlobalSetup]
    public void Setup()
    {
        _store = new MvccStore(historyRevisions: 100_000);
        _cache = new WatchCache();
        for (var n = 0; n < 1000; n++)
        {
            var node = $"node-{n}";
            _cache.AddWatcher(new CacheWatcher(n, Resources.Pods, null, _ => true, node, node, null, false), null);
        }

        var cache = new SchedulerCache();
        for (var n = 0; n < 1000; n++)
        {
            cache.AddNode(Fixtures.Node($"node-{n}"));
        }

        _scheduler = new SchedulingAlgorithm(cache);
        _pending = new PodInfo(Fixtures.RunningPod("pending", null));
    }

    [Benchmark(Description = "etcd MVCC put (CAS any)")]
    public WriteResult MvccPut() => _store.Put($"/registry/pods/default/p{_i++ % 50_000}", _value);

    [Benchmark(Description = "watch cache apply + fan-out to 1 of 1000 kubelets")]
    public int WatchCacheApply()
    {
        var deliveries = new List<Delivery>(2);
        _cache.Apply(Resources.Pods, "/registry/pods/default/bench-1", _pod, ++_i, deliveries);
        return deliveries.Count;
    }

    [Benchmark(Description = "deep copy of a running pod (compiled cloner)")]
    public V1Pod DeepCopy() => DeepCloner.Clone(_pod);

    [Benchmark(Description = "serialize a running pod to JSON bytes")]
    public byte[] Serialize() => KubeSerializer.ToBytes(_pod);

    [Benchmark(Description = "schedule one pod over 1000 nodes")]
    public string? Schedule() => _scheduler.Schedule(_pending).NodeName;
}

internal static class Fixtures
{
    public static V1Node Node(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["kubernetes.io/hostname"] = name } },
        Status = new V1NodeStatus
        {
            Allocatable = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("8"), ["memory"] = new("32Gi"), ["pods"] = new("110") },
            Capacity = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("8"), ["memory"] = new("32Gi"), ["pods"] = new("110") },
            Conditions = [new V1NodeCondition { Type = "Ready", Status = "True" }],
        },
    };

    public static V1Pod RunningPod(string name, string? node) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", Uid = Guid.NewGuid().ToString(), Labels = new Dictionary<string, string> { ["app"] = "bench" }, ResourceVersion = "1" },
        Spec = new V1PodSpec
        {
            NodeName = node,
            SchedulerName = "default-scheduler",
            Containers = [new V1Container { Name = "app", Image = "nginx:1.27", Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("10m"), ["memory"] = new("16Mi") } } }],
        },
        Status = new V1PodStatus { Phase = node is null ? "Pending" : "Running", PodIP = "10.244.1.5" },
    };
}
