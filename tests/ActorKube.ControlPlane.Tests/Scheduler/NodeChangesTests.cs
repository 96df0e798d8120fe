using ActorKube.ControlPlane.Scheduler;

namespace ActorKube.ControlPlane.Tests.Scheduler;

public class NodeChangesTests
{
    private static V1Node Node(Action<V1Node>? change = null)
    {
        var node = new V1Node
        {
            Metadata = new V1ObjectMeta { Name = "n1", Labels = new Dictionary<string, string> { ["zone"] = "a" } },
            Spec = new V1NodeSpec(),
            Status = new V1NodeStatus
            {
                Allocatable = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("4"), ["memory"] = new("8Gi"), ["pods"] = new("110") },
                Conditions = [new V1NodeCondition { Type = "Ready", Status = "True", LastHeartbeatTime = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc) }],
            },
        };
        change?.Invoke(node);
        return node;
    }

    public static TheoryData<string, Action<V1Node>, bool> Cases => new()
    {
        { "heartbeat only", n => n.Status.Conditions[0].LastHeartbeatTime = new DateTime(2026, 1, 1, 0, 0, 10, DateTimeKind.Utc), false },
        { "same allocatable, other object", n => n.Status.Allocatable = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("4000m"), ["memory"] = new("8Gi"), ["pods"] = new("110") }, false },
        { "cordoned", n => n.Spec.Unschedulable = true, true },
        { "more cpu", n => n.Status.Allocatable["cpu"] = new("8"), true },
        { "more pods", n => n.Status.Allocatable["pods"] = new("200"), true },
        { "label changed", n => n.Metadata.Labels["zone"] = "b", true },
        { "label added", n => n.Metadata.Labels["disk"] = "ssd", true },
        { "taint added", n => n.Spec.Taints = [new V1Taint { Key = "k", Effect = "NoSchedule" }], true },
        { "became not ready", n => n.Status.Conditions[0].Status = "False", true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Only_scheduling_properties_move_unschedulable_pods(string name, Action<V1Node> change, bool moves)
    {
        _ = name;
        Assert.Equal(moves, NodeChanges.SchedulingPropertiesChanged(Node(), Node(change)));
    }

    [Fact]
    public void Pod_status_changes_are_not_spec_changes()
    {
        V1Pod Pod(string? phase, string cpu) => new()
        {
            Metadata = new V1ObjectMeta { Name = "p", Labels = new Dictionary<string, string> { ["app"] = "web" } },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpu) } } }] },
            Status = new V1PodStatus { Phase = phase },
        };

        Assert.False(NodeChanges.PodSpecChanged(Pod("Pending", "1"), Pod(null, "1")));
        Assert.True(NodeChanges.PodSpecChanged(Pod("Pending", "1"), Pod("Pending", "2")));
        var relabeled = Pod("Pending", "1");
        relabeled.Metadata.Labels["app"] = "api";
        Assert.True(NodeChanges.PodSpecChanged(Pod("Pending", "1"), relabeled));
    }
}
