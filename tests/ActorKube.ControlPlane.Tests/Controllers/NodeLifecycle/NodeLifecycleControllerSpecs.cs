using Akka.TestKit.Xunit2;
using ActorKube.Client;
using ActorKube.ControlPlane.Controllers.NodeLifecycle;
using ActorKube.Core.Objects;
using WatchEventType = ActorKube.Client.WatchEventType;
using ActorKube.Core.Time;

namespace ActorKube.ControlPlane.Tests.Controllers.NodeLifecycle;

public class NodeLifecycleControllerSpecs : TestKit
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(20);

    private static V1Node ReadyNode(string name, DateTime heartbeat, string ready = "True", IList<V1Taint>? taints = null) => new()
    {
        ApiVersion = "v1",
        Kind = "Node",
        Metadata = new V1ObjectMeta { Name = name, Uid = $"uid-{name}", CreationTimestamp = heartbeat.AddMinutes(-10) },
        Spec = new V1NodeSpec { Taints = taints },
        Status = new V1NodeStatus
        {
            Conditions =
            [
                new V1NodeCondition { Type = "Ready", Status = ready, Reason = "KubeletReady", LastHeartbeatTime = heartbeat, LastTransitionTime = heartbeat.AddMinutes(-10) },
                new V1NodeCondition { Type = "MemoryPressure", Status = "False", LastHeartbeatTime = heartbeat, LastTransitionTime = heartbeat.AddMinutes(-10) },
                new V1NodeCondition { Type = "DiskPressure", Status = "False", LastHeartbeatTime = heartbeat, LastTransitionTime = heartbeat.AddMinutes(-10) },
                new V1NodeCondition { Type = "PIDPressure", Status = "False", LastHeartbeatTime = heartbeat, LastTransitionTime = heartbeat.AddMinutes(-10) },
            ],
        },
    };

    private static V1Lease Lease(string node, DateTime renew) => new()
    {
        ApiVersion = "coordination.k8s.io/v1",
        Kind = "Lease",
        Metadata = new V1ObjectMeta { Name = node, NamespaceProperty = WellKnown.NamespaceNodeLease },
        Spec = new V1LeaseSpec { HolderIdentity = node, LeaseDurationSeconds = 40, RenewTime = renew },
    };

    /// <summary>The tolerations the apiserver's DefaultTolerationSeconds admission adds.</summary>
    private static V1Toleration[] DefaultTolerations() =>
    [
        new() { Key = WellKnown.TaintNodeNotReady, OperatorProperty = "Exists", Effect = "NoExecute", TolerationSeconds = 300 },
        new() { Key = WellKnown.TaintNodeUnreachable, OperatorProperty = "Exists", Effect = "NoExecute", TolerationSeconds = 300 },
    ];

    private static V1Pod Pod(string name, string node, params V1Toleration[] tolerations) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", Uid = $"uid-{name}" },
        Spec = new V1PodSpec { NodeName = node, Tolerations = tolerations.Length == 0 ? null : tolerations, Containers = [new V1Container { Name = "c", Image = "nginx" }] },
        Status = new V1PodStatus { Phase = "Running", Conditions = [new V1PodCondition { Type = "Ready", Status = "True" }] },
    };

    private static V1Node Copy(V1Node node) => KubeSerializer.DeepCopy(node);

    [Fact]
    public void Node_whose_lease_stops_goes_unknown_is_tainted_and_its_pods_are_evicted_by_their_tolerations()
    {
        var clock = new ClusterClock(100);
        var api = new ApiServerProbe(CreateTestProbe());
        var start = clock.UtcNow;
        var node = ReadyNode("node-1", start);
        var web1 = Pod("web-1", "node-1", DefaultTolerations());
        var web2 = Pod("web-2", "node-1");
        var ds1 = Pod("ds-1", "node-1", new V1Toleration { OperatorProperty = "Exists" });
        Sys.ActorOf(NodeLifecycleControllerActor.Props(api.Ref, clock, NodeLifecycleSettings.Default), ActorNames.NodeLifecycleController);
        api.Serve(new Dictionary<ResourceInfo, IKubernetesObject<V1ObjectMeta>[]>
        {
            [Resources.Nodes] = [node],
            [Resources.Leases] = [Lease("node-1", start)],
            [Resources.Pods] = [web1, web2, ds1],
        }, informers: 3);

        // The lease is never renewed: after node-monitor-grace-period every condition goes Unknown.
        var status = api.Next<UpdateObject>(u => u.Object is V1Node && u.Subresource == "status", Long);
        Assert.True(clock.UtcNow - start >= TimeSpan.FromSeconds(50), $"went Unknown after {clock.UtcNow - start}");
        var statusNode = (V1Node)status.Object;
        Assert.Equal(node.Metadata.ResourceVersion, statusNode.Metadata.ResourceVersion);
        foreach (var type in new[] { "Ready", "MemoryPressure", "DiskPressure", "PIDPressure" })
        {
            var c = statusNode.Status.Conditions.Single(x => x.Type == type);
            Assert.Equal(("Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status."), (c.Status, c.Reason, c.Message));
        }

        api.Next<CreateObject>(c => ApiServerProbe.IsEvent(c, "NodeNotReady", "Node node-1 status is now: NodeNotReady"), Long);
        var notReady = api.Next<UpdateObject>(u => u.Object is V1Pod { Metadata.Name: "web-1" } && u.Subresource == "status", Long);
        Assert.Equal("False", ((V1Pod)notReady.Object).Status.Conditions.Single(c => c.Type == "Ready").Status);
        Assert.Equal("True", web1.Status.Conditions.Single().Status); // the cached pod is not changed

        // The apiserver stores the status; the controller then adds the unreachable NoExecute taint.
        api.Push(WatchEventType.Modified, Copy(statusNode));
        var taintUpdate = api.Next<UpdateObject>(u => u.Object is V1Node && u.Subresource is null, Long);
        var taint = Assert.Single(((V1Node)taintUpdate.Object).Spec.Taints);
        Assert.Equal((WellKnown.TaintNodeUnreachable, "NoExecute"), (taint.Key, taint.Effect));
        var timeAdded = taint.TimeAdded!.Value;
        Assert.InRange(timeAdded, start.AddSeconds(50), clock.UtcNow);
        api.Push(WatchEventType.Modified, Copy((V1Node)taintUpdate.Object));

        // No toleration: deleted at once.
        var del2 = api.Next<DeleteObject>(d => d.Name == "web-2", Long);
        Assert.Equal(("default", "pods"), (del2.Namespace, del2.Resource.Plural));
        var disruption = api.Next<PatchObject>(p => p.Name == "web-2", Long);
        Assert.Equal(("status", PatchType.StrategicMerge), (disruption.Subresource, disruption.Type));
        Assert.Contains("DeletionByTaintManager", disruption.Patch, StringComparison.Ordinal);
        Assert.StartsWith("{\"status\":{\"conditions\":[{", disruption.Patch, StringComparison.Ordinal);
        Assert.True(api.All.IndexOf(disruption) < api.All.IndexOf(del2));
        api.Next<CreateObject>(c => ApiServerProbe.IsEvent(c, "TaintManagerEviction", "Marking for deletion Pod default/web-2"), Long);
        Assert.True(clock.UtcNow - timeAdded < TimeSpan.FromSeconds(250), "not tolerated: deleted well before the 300 s of web-1");

        // tolerationSeconds 300: deleted 300 s (emulated) after timeAdded.
        api.Next<DeleteObject>(d => d.Name == "web-1", Long);
        Assert.True(clock.UtcNow - timeAdded >= TimeSpan.FromSeconds(300), $"evicted {clock.UtcNow - timeAdded} after the taint");
        api.Next<CreateObject>(c => ApiServerProbe.IsEvent(c, "TaintManagerEviction", "Marking for deletion Pod default/web-1"), Long);

        // Tolerated forever: stays.
        api.CollectFor(TimeSpan.FromMilliseconds(300));
        Assert.DoesNotContain(api.All, m => m is DeleteObject { Name: "ds-1" });
        Assert.Single(api.All, m => m is DeleteObject { Name: "web-1" });
    }

    [Fact]
    public void Node_ready_again_loses_its_taint_and_pending_evictions_are_cancelled()
    {
        var clock = new ClusterClock(100);
        var api = new ApiServerProbe(CreateTestProbe());
        var now = clock.UtcNow;

        // Tainted unreachable just before the controller starts: web-1 is due 300 s (3 s wall) from now.
        var taintedAt = now;
        var node = ReadyNode("node-1", taintedAt.AddSeconds(-50), "Unknown", [new V1Taint { Key = WellKnown.TaintNodeUnreachable, Effect = "NoExecute", TimeAdded = taintedAt }]);
        var settings = NodeLifecycleSettings.Default with { NodeMonitorGracePeriod = TimeSpan.FromHours(1) };
        Sys.ActorOf(NodeLifecycleControllerActor.Props(api.Ref, clock, settings));
        api.Serve(new Dictionary<ResourceInfo, IKubernetesObject<V1ObjectMeta>[]>
        {
            [Resources.Nodes] = [node],
            [Resources.Leases] = [Lease("node-1", taintedAt.AddSeconds(-50))],
            [Resources.Pods] = [Pod("web-1", "node-1", DefaultTolerations())],
        }, informers: 3);
        api.Next<CreateObject>(c => ApiServerProbe.IsEvent(c, "RegisteredNode"), Long);

        // The kubelet comes back: Ready with a fresh heartbeat and lease.
        var back = ReadyNode("node-1", clock.UtcNow, "True", node.Spec.Taints);
        api.Push(WatchEventType.Modified, Lease("node-1", clock.UtcNow));
        api.Push(WatchEventType.Modified, back);
        var update = api.Next<UpdateObject>(u => u.Object is V1Node && u.Subresource is null, Long);
        Assert.Null(((V1Node)update.Object).Spec.Taints);
        api.Push(WatchEventType.Modified, Copy((V1Node)update.Object));

        api.Next<CreateObject>(c => ApiServerProbe.IsEvent(c, "TaintManagerEviction", "Cancelling deletion of Pod default/web-1"), Long);

        // Past the time web-1 would have been deleted: nothing.
        var wouldFire = taintedAt.AddSeconds(300);
        api.CollectFor(clock.ToWall(wouldFire - clock.UtcNow) + TimeSpan.FromMilliseconds(500));
        Assert.DoesNotContain(api.All, m => m is DeleteObject);
        Assert.DoesNotContain(api.All, m => m is UpdateObject { Subresource: "status" });
    }

    [Fact]
    public void Not_ready_node_gets_the_not_ready_taint()
    {
        var clock = new ClusterClock(100);
        var api = new ApiServerProbe(CreateTestProbe());
        Sys.ActorOf(NodeLifecycleControllerActor.Props(api.Ref, clock, NodeLifecycleSettings.Default));
        api.Serve(new Dictionary<ResourceInfo, IKubernetesObject<V1ObjectMeta>[]>
        {
            [Resources.Nodes] = [ReadyNode("node-1", clock.UtcNow, "False")],
            [Resources.Leases] = [Lease("node-1", clock.UtcNow)],
        }, informers: 3);
        var update = api.Next<UpdateObject>(u => u.Object is V1Node && u.Subresource is null, Long);
        var taint = Assert.Single(((V1Node)update.Object).Spec.Taints);
        Assert.Equal((WellKnown.TaintNodeNotReady, "NoExecute"), (taint.Key, taint.Effect));
    }

    [Fact]
    public void Settings_read_from_hocon()
    {
        var config = Akka.Configuration.ConfigurationFactory.ParseString("actorkube.node-lifecycle { node-monitor-period = 2s, node-monitor-grace-period = 40s }");
        var s = NodeLifecycleSettings.FromConfig(config.GetConfig("actorkube.node-lifecycle"));
        Assert.Equal((TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(60)), (s.NodeMonitorPeriod, s.NodeMonitorGracePeriod, s.NodeStartupGracePeriod));
        Assert.Equal(TimeSpan.FromSeconds(50), NodeLifecycleSettings.FromConfig(null).NodeMonitorGracePeriod);
    }
}
