using System.Diagnostics;
using ActorKube.Core.Scheduling;

namespace ActorKube.Core.Tests.Scheduling;

public class SchedulingAlgorithmTests
{
    [Theory]
    [InlineData(0, 5, 5)]
    [InlineData(0, 99, 99)]
    [InlineData(0, 100, 100)] // 50% of 100 is below the 100-node minimum
    [InlineData(0, 1000, 420)] // 50 - 1000/125 = 42%
    [InlineData(0, 5000, 500)] // 50 - 40 = 10%
    [InlineData(0, 6000, 300)] // 50 - 48 = 2%, raised to 5%
    [InlineData(0, 150, 100)]
    [InlineData(10, 5000, 500)]
    [InlineData(100, 5000, 5000)]
    [InlineData(1, 5000, 100)]
    public void Number_of_feasible_nodes_to_find(int percentage, int nodes, int expected) =>
        Assert.Equal(expected, SchedulingAlgorithm.NumFeasibleNodesToFind(percentage, nodes));

    [Fact]
    public void Picks_the_only_fitting_node()
    {
        var cache = new SchedulerCache();
        cache.AddNode(Build.Node("small", cpu: "1"));
        cache.AddNode(Build.Node("big", cpu: "16"));
        cache.AddNode(Build.Node("tainted", cpu: "16", taints: [Build.Taint("k", "v", "NoSchedule")]));
        var result = new SchedulingAlgorithm(cache).Schedule(new PodInfo(Build.Pod("p", cpu: "8")));
        Assert.Equal("big", result.NodeName);
        Assert.Equal(1, result.FeasibleNodes);
        Assert.Equal(3, result.EvaluatedNodes);
    }

    [Fact]
    public void Prefers_the_least_allocated_node()
    {
        var cache = new SchedulerCache();
        cache.AddNode(Build.Node("busy"));
        cache.AddNode(Build.Node("idle"));
        cache.AssumePod(new PodInfo(Build.Pod("x", cpu: "3", memory: "6Gi")), "busy");
        var result = new SchedulingAlgorithm(cache).Schedule(new PodInfo(Build.Pod("p", cpu: "100m", memory: "100Mi")));
        Assert.Equal("idle", result.NodeName);
    }

    [Fact]
    public void Preferred_affinity_outweighs_a_small_resource_difference()
    {
        var cache = new SchedulerCache();
        cache.AddNode(Build.Node("plain"));
        cache.AddNode(Build.Node("ssd", labels: Build.Labels("disk", "ssd")));
        cache.AssumePod(new PodInfo(Build.Pod("x", cpu: "1", memory: "1Gi")), "ssd");
        var pod = Build.Pod("p", cpu: "100m", affinity: new V1Affinity
        {
            NodeAffinity = new V1NodeAffinity
            {
                PreferredDuringSchedulingIgnoredDuringExecution = [new V1PreferredSchedulingTerm { Weight = 1, Preference = Build.Term(Build.Req("disk", "In", "ssd")) }],
            },
        });
        Assert.Equal("ssd", new SchedulingAlgorithm(cache).Schedule(new PodInfo(pod)).NodeName);
    }

    [Fact]
    public void Avoids_PreferNoSchedule_taints()
    {
        var cache = new SchedulerCache();
        cache.AddNode(Build.Node("tainted", taints: [Build.Taint("k", "v", "PreferNoSchedule")]));
        cache.AddNode(Build.Node("clean"));
        var algo = new SchedulingAlgorithm(cache);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal("clean", algo.Schedule(new PodInfo(Build.Pod($"p{i}"))).NodeName);
        }
    }

    [Fact]
    public void Start_index_rotates_over_the_nodes()
    {
        var cache = new SchedulerCache();
        for (var i = 0; i < 500; i++)
        {
            cache.AddNode(Build.Node($"n{i}"));
        }

        var algo = new SchedulingAlgorithm(cache);
        var first = algo.Schedule(new PodInfo(Build.Pod("a")));
        Assert.Equal(NumFeasible(500), first.EvaluatedNodes);
        Assert.Equal(NumFeasible(500), algo.NextStartNodeIndex);
        algo.Schedule(new PodInfo(Build.Pod("b")));
        Assert.Equal(2 * NumFeasible(500) % 500, algo.NextStartNodeIndex);

        static int NumFeasible(int n) => SchedulingAlgorithm.NumFeasibleNodesToFind(0, n);
    }

    [Fact]
    public void Ten_thousand_pods_on_a_thousand_nodes_spread_evenly()
    {
        var cache = new SchedulerCache();
        for (var i = 0; i < 1000; i++)
        {
            cache.AddNode(Build.Node($"n{i}", cpu: "32", memory: "64Gi"));
        }

        var pods = Enumerable.Range(0, 10_000).Select(i => new PodInfo(Build.Pod($"p{i}", cpu: "100m", memory: "128Mi"))).ToList();
        var algo = new SchedulingAlgorithm(cache);
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        foreach (var pod in pods)
        {
            var result = algo.Schedule(pod);
            Assert.NotNull(result.NodeName);
            cache.AssumePod(pod, result.NodeName!);
        }

        sw.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu0;
        var counts = cache.NodeList.Select(n => n.PodCount).ToList();
        Assert.Equal(10_000, counts.Sum());
        Assert.True(counts.Max() - counts.Min() <= 5, $"spread {counts.Min()}..{counts.Max()}");
        Console.WriteLine($"scheduled 10000 pods on 1000 nodes in {sw.ElapsedMilliseconds} ms ({10_000 / sw.Elapsed.TotalSeconds:F0} pods/s), cpu {cpu.TotalMilliseconds:F0} ms ({10_000 / cpu.TotalSeconds:F0} pods per cpu-second)");
    }

    [Fact]
    public void Filling_the_cluster_ends_with_a_fit_error()
    {
        var cache = new SchedulerCache();
        cache.AddNode(Build.Node("n1", cpu: "1", pods: "3"));
        cache.AddNode(Build.Node("n2", cpu: "1", pods: "3"));
        var algo = new SchedulingAlgorithm(cache);
        for (var i = 0; i < 4; i++)
        {
            var pod = new PodInfo(Build.Pod($"p{i}", cpu: "500m"));
            var r = algo.Schedule(pod);
            Assert.True(r.Success);
            cache.AssumePod(pod, r.NodeName!);
        }

        var last = algo.Schedule(new PodInfo(Build.Pod("last", cpu: "500m")));
        Assert.StartsWith("0/2 nodes are available: 2 Insufficient cpu.", last.Error!.Message, StringComparison.Ordinal);
    }
}
