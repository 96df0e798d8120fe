using ActorKube.Core.Controllers.NodeLifecycle;
using ActorKube.Core.Objects;

namespace ActorKube.Core.Tests.Controllers.NodeLifecycle;

public class NodeHealthMonitorTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(50);
    private static readonly TimeSpan StartupGrace = TimeSpan.FromSeconds(60);

    internal static V1Node Node(string name, string ready, DateTime heartbeat, IList<V1Taint>? taints = null) => new()
    {
        ApiVersion = "v1",
        Kind = "Node",
        Metadata = new V1ObjectMeta { Name = name, Uid = $"uid-{name}", ResourceVersion = "10", CreationTimestamp = T0 },
        Spec = new V1NodeSpec { Taints = taints },
        Status = new V1NodeStatus
        {
            Conditions =
            [
                new V1NodeCondition { Type = "MemoryPressure", Status = "False", LastHeartbeatTime = heartbeat, LastTransitionTime = T0 },
                new V1NodeCondition { Type = "DiskPressure", Status = "False", LastHeartbeatTime = heartbeat, LastTransitionTime = T0 },
                new V1NodeCondition { Type = "PIDPressure", Status = "False", LastHeartbeatTime = heartbeat, LastTransitionTime = T0 },
                new V1NodeCondition { Type = "Ready", Status = ready, Reason = "KubeletReady", LastHeartbeatTime = heartbeat, LastTransitionTime = T0 },
            ],
        },
    };

    private static V1Lease Lease(string node, DateTime renew) => new()
    {
        Metadata = new V1ObjectMeta { Name = node, NamespaceProperty = WellKnown.NamespaceNodeLease },
        Spec = new V1LeaseSpec { HolderIdentity = node, RenewTime = renew, LeaseDurationSeconds = 40 },
    };

    private static V1Pod ReadyPod(string name, string node) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", Uid = $"uid-{name}" },
        Spec = new V1PodSpec { NodeName = node },
        Status = new V1PodStatus { Phase = "Running", Conditions = [new V1PodCondition { Type = "Ready", Status = "True" }] },
    };

    private static NodeHealthMonitor Monitor() => new(Grace, StartupGrace);

    [Fact]
    public void Healthy_node_with_renewed_lease_gets_no_update()
    {
        var m = Monitor();
        var node = Node("node-1", "True", T0);
        m.Monitor(node, Lease("node-1", T0), [], T0);
        for (var s = 10; s <= 200; s += 10)
        {
            var actions = m.Monitor(node, Lease("node-1", T0.AddSeconds(s)), [], T0.AddSeconds(s));
            Assert.Empty(actions);
        }
    }

    [Fact]
    public void First_pass_records_RegisteredNode()
    {
        var actions = Monitor().Monitor(Node("node-1", "True", T0), Lease("node-1", T0), [], T0);
        var ev = Assert.IsType<RecordEventAction>(Assert.Single(actions));
        Assert.Equal("RegisteredNode", ev.Reason);
        Assert.Equal("Node node-1 event: Registered Node node-1 in Controller", ev.Message);
    }

    [Fact]
    public void Lease_not_renewed_for_grace_period_sets_all_conditions_unknown_and_marks_pods_not_ready()
    {
        var m = Monitor();
        var node = Node("node-1", "True", T0);
        var lease = Lease("node-1", T0);
        m.Monitor(node, lease, [], T0);

        Assert.Empty(m.Monitor(node, lease, [], T0 + Grace));

        var now = T0 + Grace + TimeSpan.FromSeconds(5);
        var pods = new[] { ReadyPod("web-1", "node-1"), ReadyPod("other", "node-2") };
        var actions = m.Monitor(node, lease, pods, now);

        var status = Assert.Single(actions.OfType<UpdateNodeStatusAction>()).Node;
        foreach (var type in NodeHealthMonitor.MonitoredConditions)
        {
            var c = status.Status.Conditions.Single(x => x.Type == type);
            Assert.Equal("Unknown", c.Status);
            Assert.Equal("NodeStatusUnknown", c.Reason);
            Assert.Equal("Kubelet stopped posting node status.", c.Message);
            Assert.Equal(now, c.LastTransitionTime);
        }

        Assert.Equal("True", node.Status.Conditions.Single(c => c.Type == "Ready").Status); // cache untouched
        var ev = Assert.Single(actions.OfType<RecordEventAction>(), e => e.Reason == "NodeNotReady" && e.Involved is V1Node);
        Assert.Equal("Node node-1 status is now: NodeNotReady", ev.Message);
        var pod = Assert.Single(actions.OfType<UpdatePodStatusAction>()).Pod;
        Assert.Equal("web-1", pod.Metadata.Name);
        Assert.Equal("False", pod.Status.Conditions.Single(c => c.Type == "Ready").Status);
        Assert.Contains(actions.OfType<RecordEventAction>(), e => e.Reason == "NodeNotReady" && e.Involved is V1Pod && e.Type == "Warning");
        Assert.Empty(actions.OfType<UpdateNodeTaintsAction>()); // the taint follows from the Unknown status, next pass
    }

    [Fact]
    public void Ready_heartbeat_alone_keeps_the_node_healthy()
    {
        var m = Monitor();
        m.Monitor(Node("node-1", "True", T0), null, [], T0);
        for (var s = 40; s <= 400; s += 40)
        {
            Assert.Empty(m.Monitor(Node("node-1", "True", T0.AddSeconds(s)), null, [], T0.AddSeconds(s)));
        }
    }

    [Fact]
    public void Unknown_node_gets_the_unreachable_NoExecute_taint_with_timeAdded()
    {
        var m = Monitor();
        var now = T0.AddSeconds(100);
        var actions = m.Monitor(Node("node-1", "Unknown", T0), null, [], now);
        var taint = Assert.Single(Assert.Single(actions.OfType<UpdateNodeTaintsAction>()).Node.Spec.Taints);
        Assert.Equal(WellKnown.TaintNodeUnreachable, taint.Key);
        Assert.Equal("NoExecute", taint.Effect);
        Assert.Equal(now, taint.TimeAdded);
    }

    [Fact]
    public void Already_tainted_node_is_not_updated_again()
    {
        var m = Monitor();
        var taints = new List<V1Taint> { new() { Key = WellKnown.TaintNodeUnreachable, Effect = "NoExecute", TimeAdded = T0 } };
        var actions = m.Monitor(Node("node-1", "Unknown", T0, taints), null, [], T0.AddSeconds(100));
        Assert.Empty(actions.OfType<UpdateNodeTaintsAction>());
    }

    [Fact]
    public void NotReady_node_swaps_unreachable_for_not_ready_and_keeps_other_taints()
    {
        var m = Monitor();
        var now = T0.AddSeconds(30);
        var taints = new List<V1Taint>
        {
            new() { Key = "dedicated", Value = "gpu", Effect = "NoSchedule" },
            new() { Key = WellKnown.TaintNodeUnreachable, Effect = "NoExecute", TimeAdded = T0 },
        };
        var actions = m.Monitor(Node("node-1", "False", now, taints), null, [], now);
        var result = Assert.Single(actions.OfType<UpdateNodeTaintsAction>()).Node.Spec.Taints;
        Assert.Equal(2, result.Count);
        Assert.Contains(result, t => t.Key == "dedicated");
        var nr = Assert.Single(result, t => t.Key == WellKnown.TaintNodeNotReady);
        Assert.Equal(now, nr.TimeAdded);
        Assert.Equal(2, taints.Count); // input not changed
    }

    [Fact]
    public void Ready_node_loses_the_controller_taints()
    {
        var m = Monitor();
        var taints = new List<V1Taint>
        {
            new() { Key = "dedicated", Value = "gpu", Effect = "NoSchedule" },
            new() { Key = WellKnown.TaintNodeUnreachable, Effect = "NoExecute", TimeAdded = T0 },
        };
        var actions = m.Monitor(Node("node-1", "True", T0, taints), null, [], T0);
        var result = Assert.Single(actions.OfType<UpdateNodeTaintsAction>()).Node.Spec.Taints;
        Assert.Equal("dedicated", Assert.Single(result).Key);
    }

    [Fact]
    public void Node_that_never_posted_status_gets_the_startup_grace_period()
    {
        var m = Monitor();
        var node = new V1Node { Metadata = new V1ObjectMeta { Name = "n", CreationTimestamp = T0 }, Status = new V1NodeStatus() };
        Assert.DoesNotContain(m.Monitor(node, null, [], T0.AddSeconds(59)), a => a is UpdateNodeStatusAction);
        var actions = m.Monitor(node, null, [], T0.AddSeconds(61));
        var status = Assert.Single(actions.OfType<UpdateNodeStatusAction>()).Node.Status;
        Assert.All(status.Conditions, c => Assert.Equal("NodeStatusNeverUpdated", c.Reason));
        Assert.Equal(4, status.Conditions.Count);
    }

    [Fact]
    public void Lease_renewal_after_restart_of_the_controller_counts_from_first_observation()
    {
        // The probe timestamp is the controller's clock when it saw a change, as in Kubernetes.
        var m = Monitor();
        var node = Node("node-1", "True", T0);
        var start = T0.AddMinutes(10);
        m.Monitor(node, Lease("node-1", T0), [], start);
        Assert.DoesNotContain(m.Monitor(node, Lease("node-1", T0), [], start + Grace), a => a is UpdateNodeStatusAction);
        Assert.Contains(m.Monitor(node, Lease("node-1", T0), [], start + Grace + TimeSpan.FromSeconds(1)), a => a is UpdateNodeStatusAction);
    }

    [Fact]
    public void Stale_cache_after_an_update_does_not_repeat_it()
    {
        var m = Monitor();
        var node = Node("node-1", "True", T0);
        m.Monitor(node, null, [], T0);
        var now = T0.AddSeconds(51);
        var first = m.Monitor(node, null, [ReadyPod("web-1", "node-1")], now);
        Assert.Contains(first, a => a is UpdateNodeStatusAction);

        Assert.Empty(m.Monitor(node, null, [ReadyPod("web-1", "node-1")], now.AddSeconds(5)));

        var updated = ((UpdateNodeStatusAction)first.First(a => a is UpdateNodeStatusAction)).Node;
        updated = updated with { Metadata = new V1ObjectMeta { Name = "node-1", ResourceVersion = "11", CreationTimestamp = T0 } };
        var next = m.Monitor(updated, null, [], now.AddSeconds(10));
        Assert.Single(next.OfType<UpdateNodeTaintsAction>());
        Assert.DoesNotContain(next, a => a is RecordEventAction { Reason: "NodeNotReady" });
    }
}
