using ActorKube.Core.Scheduling;

namespace ActorKube.Core.Tests.Scheduling;

public class SchedulerCacheTests
{
    [Fact]
    public void Assumed_pod_counts_until_forgotten()
    {
        var cache = new SchedulerCache();
        cache.AddNode(Build.Node("n1"));
        var pod = new PodInfo(Build.Pod("p", cpu: "1", memory: "1Gi"));
        cache.AssumePod(pod, "n1");
        Assert.True(cache.IsAssumed("default/p"));
        Assert.Equal(1000, cache.GetNode("n1")!.Requested.MilliCpu);
        Assert.Equal(1, cache.GetNode("n1")!.PodCount);

        cache.ForgetPod("default/p");
        Assert.False(cache.IsAssumed("default/p"));
        Assert.Equal(0, cache.GetNode("n1")!.Requested.MilliCpu);
        Assert.Equal(0, cache.GetNode("n1")!.PodCount);
    }

    [Fact]
    public void Seeing_the_binding_confirms_the_assumption_once()
    {
        var cache = new SchedulerCache();
        cache.AddNode(Build.Node("n1"));
        cache.AssumePod(new PodInfo(Build.Pod("p", cpu: "1")), "n1");
        cache.AddOrUpdatePod(Build.Pod("p", cpu: "1", nodeName: "n1"));
        Assert.False(cache.IsAssumed("default/p"));
        Assert.Equal(1000, cache.GetNode("n1")!.Requested.MilliCpu);

        // forgetting a confirmed pod does nothing
        cache.ForgetPod("default/p");
        Assert.Equal(1000, cache.GetNode("n1")!.Requested.MilliCpu);
    }

    [Fact]
    public void Pod_bound_elsewhere_than_assumed_moves()
    {
        var cache = new SchedulerCache();
        cache.AddNode(Build.Node("n1"));
        cache.AddNode(Build.Node("n2"));
        cache.AssumePod(new PodInfo(Build.Pod("p", cpu: "1")), "n1");
        cache.AddOrUpdatePod(Build.Pod("p", cpu: "1", nodeName: "n2"));
        Assert.Equal(0, cache.GetNode("n1")!.PodCount);
        Assert.Equal(1, cache.GetNode("n2")!.PodCount);
    }

    [Fact]
    public void Terminal_and_deleted_pods_free_their_node()
    {
        var cache = new SchedulerCache();
        cache.AddNode(Build.Node("n1"));
        cache.AddOrUpdatePod(Build.Pod("a", cpu: "1", nodeName: "n1"));
        cache.AddOrUpdatePod(Build.Pod("b", cpu: "1", nodeName: "n1"));
        var done = Build.Pod("a", cpu: "1", nodeName: "n1");
        done.Status = new V1PodStatus { Phase = "Succeeded" };
        cache.AddOrUpdatePod(done);
        Assert.Equal(1000, cache.GetNode("n1")!.Requested.MilliCpu);
        cache.RemovePod("default/b");
        Assert.Equal(0, cache.GetNode("n1")!.PodCount);
    }

    [Fact]
    public void Pods_of_unknown_nodes_are_kept_until_the_node_arrives()
    {
        var cache = new SchedulerCache();
        cache.AddOrUpdatePod(Build.Pod("a", cpu: "1", nodeName: "later"));
        Assert.Equal(0, cache.NodeCount);
        Assert.Null(cache.GetNode("later"));
        cache.AddNode(Build.Node("later"));
        Assert.Equal(1, cache.NodeCount);
        Assert.Equal(1000, cache.GetNode("later")!.Requested.MilliCpu);

        cache.RemoveNode("later");
        Assert.Equal(0, cache.NodeCount);
        Assert.Equal("later", cache.NodeOf("default/a"));
    }

    [Fact]
    public void Node_update_refreshes_allocatable_and_taints()
    {
        var cache = new SchedulerCache();
        cache.AddNode(Build.Node("n1", cpu: "2"));
        cache.UpdateNode(Build.Node("n1", cpu: "8", taints: [Build.Taint("k", "v", "NoSchedule")]));
        var info = cache.GetNode("n1")!;
        Assert.Equal(8000, info.Allocatable.MilliCpu);
        Assert.Single(info.HardTaints);
        Assert.Equal(1, cache.NodeCount);
    }
}
