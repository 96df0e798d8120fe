using ActorKube.Core.Scheduling;

namespace ActorKube.Core.Tests.Scheduling;

public class FitErrorTests
{
    private static SchedulingAlgorithm Algorithm(params V1Node[] nodes)
    {
        var cache = new SchedulerCache();
        foreach (var n in nodes)
        {
            cache.AddNode(n);
        }

        return new SchedulingAlgorithm(cache);
    }

    [Fact]
    public void Insufficient_cpu_everywhere()
    {
        var algo = Algorithm(Build.Node("n1"), Build.Node("n2"), Build.Node("n3"), Build.Node("n4"), Build.Node("n5"));
        var result = algo.Schedule(new PodInfo(Build.Pod("p", cpu: "64")));
        Assert.False(result.Success);
        Assert.Equal(
            "0/5 nodes are available: 5 Insufficient cpu. preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.",
            result.Error!.Message);
    }

    [Fact]
    public void Mixed_reasons_are_counted_and_sorted_as_strings()
    {
        var cache = new SchedulerCache();
        for (var i = 1; i <= 3; i++)
        {
            cache.AddNode(Build.Node($"busy{i}", cpu: "2"));
            cache.AssumePod(new PodInfo(Build.Pod($"p{i}", cpu: "1500m")), $"busy{i}");
        }

        cache.AddNode(Build.Node("tainted1", taints: [Build.Taint("key", "value", "NoSchedule")]));
        cache.AddNode(Build.Node("tainted2", taints: [Build.Taint("key", "value", "NoSchedule")]));
        var result = new SchedulingAlgorithm(cache).Schedule(new PodInfo(Build.Pod("p", cpu: "1")));
        Assert.Equal(
            "0/5 nodes are available: 2 node(s) had untolerated taint {key: value}, 3 Insufficient cpu. " +
            "preemption: 0/5 nodes are available: 2 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.",
            result.Error!.Message);
    }

    [Fact]
    public void Every_filter_reason_wording()
    {
        var algo = Algorithm(
            Build.Node("cordoned", unschedulable: true, labels: Build.Labels("zone", "b")),
            Build.Node("full", pods: "0", labels: Build.Labels("zone", "b")),
            Build.Node("small", memory: "1Gi", labels: Build.Labels("zone", "b")),
            Build.Node("other-zone", labels: Build.Labels("zone", "a")));
        var pod = Build.Pod("p", memory: "2Gi", nodeSelector: Build.Labels("zone", "b"));
        var result = algo.Schedule(new PodInfo(pod));

        // a node reports only its first failing filter: the cordoned node is not also checked for memory
        Assert.Equal(
            "0/4 nodes are available: 1 Insufficient memory, 1 Too many pods, 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) were unschedulable. " +
            "preemption: 0/4 nodes are available: 1 No preemption victims found for incoming pod, 3 Preemption is not helpful for scheduling.",
            result.Error!.Message);
    }

    [Theory]
    [InlineData(new[] { "b", "a", "a" }, "0/3 nodes are available: 1 b, 2 a.")]
    [InlineData(new[] { "x", "x", "x", "x", "x", "x", "x", "x", "x", "x", "y", "y" }, "0/12 nodes are available: 10 x, 2 y.")]
    [InlineData(new string[0], "0/0 nodes are available:")]
    public void Format_sorts_the_histogram_like_go_sort_strings(string[] reasons, string expected) =>
        Assert.Equal(expected, FitError.Format(reasons.Length, reasons, null));

    [Fact]
    public void Preemption_policy_never()
    {
        var pod = Build.Pod("p", cpu: "64");
        pod.Spec.PreemptionPolicy = "Never";
        var result = Algorithm(Build.Node("n1")).Schedule(new PodInfo(pod));
        Assert.Equal("0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.", result.Error!.Message);
    }

    [Fact]
    public void No_nodes()
    {
        var result = Algorithm().Schedule(new PodInfo(Build.Pod("p")));
        Assert.Equal("no nodes available to schedule pods", result.Error!.Message);
    }
}
