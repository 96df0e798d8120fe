using ActorKube.Core.Scheduling;
using ActorKube.Core.Scheduling.Plugins;

namespace ActorKube.Core.Tests.Scheduling;

public class NodeResourcesFitTests
{
    private static readonly NodeResourcesFit Plugin = new();

    // node: 4 cpu, 8Gi; one pod on it requests 3 cpu and 4Gi
    [Theory]
    [InlineData(null, null, null)]
    [InlineData("1", "4Gi", null)]
    [InlineData("1001m", null, "Insufficient cpu")]
    [InlineData(null, "5Gi", "Insufficient memory")]
    [InlineData("2", "5Gi", "Insufficient cpu, Insufficient memory")]
    [InlineData("0", "0", null)]
    public void Requests_must_fit_in_what_is_left(string? cpu, string? memory, string? expected)
    {
        var node = Build.NodeInfo(Build.Node("n"), Build.Pod("existing", cpu: "3", memory: "4Gi", nodeName: "n"));
        var status = Plugin.Filter(new PodInfo(Build.Pod("p", cpu, memory)), node);
        Assert.Equal(expected, status?.Message);
    }

    [Fact]
    public void Pod_count_is_limited_even_for_pods_without_requests()
    {
        var node = Build.NodeInfo(Build.Node("n", pods: "2"), Build.Pod("a", nodeName: "n"), Build.Pod("b", nodeName: "n"));
        var status = Plugin.Filter(new PodInfo(Build.Pod("p")), node);
        Assert.Equal(NodeResourcesFit.TooManyPods, status?.Message);
        Assert.Equal(StatusCode.Unschedulable, status?.Code);
    }

    [Fact]
    public void Too_many_pods_and_insufficient_cpu_are_both_reported()
    {
        var node = Build.NodeInfo(Build.Node("n", cpu: "1", pods: "1"), Build.Pod("a", cpu: "1", nodeName: "n"));
        var status = Plugin.Filter(new PodInfo(Build.Pod("p", cpu: "1")), node);
        Assert.Equal(["Too many pods", "Insufficient cpu"], status!.Reasons);
    }

    [Theory]
    [InlineData("5", StatusCode.UnschedulableAndUnresolvable)] // more than the node has at all
    [InlineData("2", StatusCode.Unschedulable)] // would fit if pods were evicted
    public void Request_beyond_allocatable_is_unresolvable(string cpu, StatusCode expected)
    {
        var node = Build.NodeInfo(Build.Node("n"), Build.Pod("a", cpu: "3", nodeName: "n"));
        Assert.Equal(expected, Plugin.Filter(new PodInfo(Build.Pod("p", cpu: cpu)), node)!.Code);
    }

    [Fact]
    public void Removing_a_pod_frees_its_requests()
    {
        var node = Build.NodeInfo(Build.Node("n"), Build.Pod("a", cpu: "3", nodeName: "n"));
        var pod = new PodInfo(Build.Pod("p", cpu: "2"));
        Assert.NotNull(Plugin.Filter(pod, node));
        node.RemovePod("default/a");
        Assert.Null(Plugin.Filter(pod, node));
    }
}

public class NodeNameTests
{
    [Theory]
    [InlineData(null, "n1", true)]
    [InlineData("n1", "n1", true)]
    [InlineData("n2", "n1", false)]
    public void Only_the_requested_node_fits(string? nodeName, string node, bool fits)
    {
        var status = new NodeName().Filter(new PodInfo(Build.Pod("p", nodeName: nodeName)), new NodeInfo(Build.Node(node)));
        Assert.Equal(fits, status is null);
        if (!fits)
        {
            Assert.Equal("node(s) didn't match the requested node name", status!.Message);
        }
    }
}

public class NodeUnschedulableTests
{
    public static TheoryData<bool, V1Toleration?, bool> Cases => new()
    {
        { false, null, true },
        { true, null, false },
        { true, Build.Toleration("node.kubernetes.io/unschedulable", "Exists", null, "NoSchedule"), true },
        { true, Build.Toleration("node.kubernetes.io/unschedulable", "Exists", null, null), true },
        { true, Build.Toleration(null, "Exists", null, null), true },
        { true, Build.Toleration("node.kubernetes.io/unschedulable", "Exists", null, "NoExecute"), false },
        { true, Build.Toleration("other", "Exists", null, "NoSchedule"), false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Cordoned_nodes_take_only_pods_tolerating_unschedulable(bool cordoned, V1Toleration? toleration, bool fits)
    {
        var pod = Build.Pod("p", tolerations: toleration is null ? null : [toleration]);
        var status = new NodeUnschedulable().Filter(new PodInfo(pod), new NodeInfo(Build.Node("n", unschedulable: cordoned)));
        Assert.Equal(fits, status is null);
        if (!fits)
        {
            Assert.Equal("node(s) were unschedulable", status!.Message);
            Assert.Equal(StatusCode.UnschedulableAndUnresolvable, status.Code);
        }
    }
}

public class TaintTolerationTests
{
    public static TheoryData<V1Taint, V1Toleration?, bool> FilterCases => new()
    {
        { Build.Taint("dedicated", "gpu", "NoSchedule"), null, false },
        { Build.Taint("dedicated", "gpu", "NoExecute"), null, false },
        { Build.Taint("dedicated", "gpu", "PreferNoSchedule"), null, true },
        { Build.Taint("dedicated", "gpu", "NoSchedule"), Build.Toleration("dedicated", "Equal", "gpu", "NoSchedule"), true },
        { Build.Taint("dedicated", "gpu", "NoSchedule"), Build.Toleration("dedicated", null, "gpu", "NoSchedule"), true },
        { Build.Taint("dedicated", "gpu", "NoSchedule"), Build.Toleration("dedicated", "Equal", "cpu", "NoSchedule"), false },
        { Build.Taint("dedicated", "gpu", "NoSchedule"), Build.Toleration("dedicated", "Exists", null, "NoSchedule"), true },
        { Build.Taint("dedicated", "gpu", "NoSchedule"), Build.Toleration("dedicated", "Exists", null, null), true },
        { Build.Taint("dedicated", "gpu", "NoSchedule"), Build.Toleration("dedicated", "Exists", null, "NoExecute"), false },
        { Build.Taint("dedicated", "gpu", "NoSchedule"), Build.Toleration(null, "Exists", null, null), true },
        { Build.Taint("dedicated", "gpu", "NoExecute"), Build.Toleration("", "Exists", null, "NoExecute"), true },
        { Build.Taint("dedicated", "gpu", "NoSchedule"), Build.Toleration("other", "Exists", null, null), false },
        { Build.Taint("dedicated", null, "NoSchedule"), Build.Toleration("dedicated", "Equal", null, null), true },
        { Build.Taint("dedicated", "gpu", "NoSchedule"), Build.Toleration("dedicated", "Bogus", "gpu", null), false },
    };

    [Theory]
    [MemberData(nameof(FilterCases))]
    public void Filter_rejects_untolerated_NoSchedule_and_NoExecute_taints(V1Taint taint, V1Toleration? toleration, bool fits)
    {
        var pod = Build.Pod("p", tolerations: toleration is null ? null : [toleration]);
        var status = new TaintToleration().Filter(new PodInfo(pod), new NodeInfo(Build.Node("n", taints: [taint])));
        Assert.Equal(fits, status is null);
        if (!fits)
        {
            Assert.Equal($"node(s) had untolerated taint {{{taint.Key}: {taint.Value}}}", status!.Message);
            Assert.Equal(StatusCode.UnschedulableAndUnresolvable, status.Code);
        }
    }

    [Fact]
    public void Filter_reports_the_first_untolerated_taint()
    {
        var node = new NodeInfo(Build.Node("n", taints: [Build.Taint("a", "1", "NoSchedule"), Build.Taint("b", "2", "NoExecute")]));
        var pod = Build.Pod("p", tolerations: [Build.Toleration("a", "Exists", null, null)]);
        Assert.Equal("node(s) had untolerated taint {b: 2}", new TaintToleration().Filter(new PodInfo(pod), node)!.Message);
    }

    [Fact]
    public void Score_counts_untolerated_PreferNoSchedule_taints_reversed()
    {
        var plugin = new TaintToleration();
        var pod = new PodInfo(Build.Pod("p", tolerations: [Build.Toleration("tolerated", "Exists", null, "PreferNoSchedule")]));
        var nodes = new[]
        {
            new NodeInfo(Build.Node("clean")),
            new NodeInfo(Build.Node("one", taints: [Build.Taint("x", "1", "PreferNoSchedule")])),
            new NodeInfo(Build.Node("two", taints: [Build.Taint("x", "1", "PreferNoSchedule"), Build.Taint("y", "1", "PreferNoSchedule")])),
            new NodeInfo(Build.Node("tolerated", taints: [Build.Taint("tolerated", "1", "PreferNoSchedule")])),
        };
        var scores = nodes.Select(n => plugin.Score(pod, n)).ToArray();
        Assert.Equal([0L, 1, 2, 0], scores);
        plugin.Normalize(scores);
        Assert.Equal([100L, 50, 0, 100], scores);
    }

    [Fact]
    public void Score_of_nodes_without_taints_is_100()
    {
        var scores = new long[] { 0, 0 };
        new TaintToleration().Normalize(scores);
        Assert.Equal([100L, 100], scores);
    }
}
