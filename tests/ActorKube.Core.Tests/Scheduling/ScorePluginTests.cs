using ActorKube.Core.Scheduling;
using ActorKube.Core.Scheduling.Plugins;

namespace ActorKube.Core.Tests.Scheduling;

public class ResourceScoringTests
{
    // node: 4 cpu, 8Gi
    [Theory]
    [InlineData("1", "2Gi", 75, 100)] // 3/4 free of both; fractions equal
    [InlineData("2", "1Gi", 68, 81)] // (50 + 87) / 2; |0.5 - 0.125| / 2 = 0.1875
    [InlineData("4", "8Gi", 0, 100)]
    [InlineData("8", "1Gi", 43, 56)] // cpu above capacity scores 0 (memory 87); the fraction is capped at 1
    public void Empty_node(string cpu, string memory, long least, long balanced)
    {
        var node = new NodeInfo(Build.Node("n"));
        var pod = new PodInfo(Build.Pod("p", cpu, memory));
        Assert.Equal(least, new NodeResourcesLeastAllocated().Score(pod, node));
        Assert.Equal(balanced, new NodeResourcesBalancedAllocation().Score(pod, node));
    }

    [Fact]
    public void Least_allocated_counts_pods_without_requests_as_100m_and_200Mi()
    {
        var node = Build.NodeInfo(Build.Node("n", cpu: "1", memory: "1000Mi"), Build.Pod("best-effort", nodeName: "n"));
        var pod = new PodInfo(Build.Pod("p"));

        // cpu: 200m of 1000m used -> 80; memory: 400Mi of 1000Mi -> 60
        Assert.Equal(70, new NodeResourcesLeastAllocated().Score(pod, node));

        // balanced uses the real requests: nothing requested, perfectly balanced
        Assert.Equal(100, new NodeResourcesBalancedAllocation().Score(pod, node));
    }

    [Fact]
    public void Least_allocated_prefers_the_emptier_node()
    {
        var busy = Build.NodeInfo(Build.Node("busy"), Build.Pod("a", cpu: "3", memory: "6Gi", nodeName: "busy"));
        var idle = new NodeInfo(Build.Node("idle"));
        var pod = new PodInfo(Build.Pod("p", cpu: "500m", memory: "512Mi"));
        var plugin = new NodeResourcesLeastAllocated();
        Assert.True(plugin.Score(pod, idle) > plugin.Score(pod, busy));
    }

    [Fact]
    public void Scores_follow_pods_added_to_the_node_and_the_pod_request()
    {
        var node = new NodeInfo(Build.Node("n"));
        var least = new NodeResourcesLeastAllocated();
        var balanced = new NodeResourcesBalancedAllocation();
        var pod = new PodInfo(Build.Pod("p", "1", "2Gi"));
        Assert.Equal(75, least.Score(pod, node));
        Assert.Equal(100, balanced.Score(pod, node));

        node.AddPod(new PodInfo(Build.Pod("x", "2", "0", nodeName: "n")));
        Assert.Equal(50, least.Score(pod, node)); // cpu (4 - 3) / 4 = 25, memory 75
        Assert.Equal(75, balanced.Score(pod, node)); // |0.75 - 0.25| / 2 = 0.25

        var bigger = new PodInfo(Build.Pod("q", "2", "2Gi"));
        Assert.Equal(37, least.Score(bigger, node)); // cpu 0, memory 75
        node.RemovePod("default/x");
        Assert.Equal(75, least.Score(pod, node));
    }

    [Theory]
    [InlineData(new long[] { 0, 5, 10 }, false, new long[] { 0, 50, 100 })]
    [InlineData(new long[] { 0, 5, 10 }, true, new long[] { 100, 50, 0 })]
    [InlineData(new long[] { 0, 0 }, false, new long[] { 0, 0 })]
    [InlineData(new long[] { 0, 0 }, true, new long[] { 100, 100 })]
    [InlineData(new long[] { 1, 3 }, false, new long[] { 33, 100 })]
    public void Default_normalize(long[] scores, bool reverse, long[] expected)
    {
        ScoreMath.DefaultNormalize(scores, reverse);
        Assert.Equal(expected, scores);
    }
}
