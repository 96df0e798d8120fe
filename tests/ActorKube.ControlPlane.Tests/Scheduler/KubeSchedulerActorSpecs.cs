using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using ActorKube.Client;
using ActorKube.ControlPlane.Scheduler;
using ActorKube.Core.Objects;
using ActorKube.Core.Time;
using WatchEventType = ActorKube.Client.WatchEventType;

namespace ActorKube.ControlPlane.Tests.Scheduler;

public class KubeSchedulerActorSpecs : TestKit
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private readonly TestProbe _api;
    private readonly ClusterClock _clock = new(scale: 10);
    private object? _nodeWatchTag;
    private object? _podWatchTag;
    private IActorRef _scheduler = ActorRefs.Nobody;

    public KubeSchedulerActorSpecs()
    {
        _api = CreateTestProbe("apiserver");
    }

    [Fact]
    public void Pending_pod_is_bound_to_the_only_fitting_node()
    {
        Start([Node("small", cpu: "1"), Node("big", cpu: "8"), Node("tainted", cpu: "8", taint: true)], [Pod("web-1", cpu: "2")]);

        var bind = Next<BindPod>();
        Assert.Equal("big", bind.NodeName);
        Assert.Equal("web-1", bind.PodName);
        Assert.Equal("default", bind.Namespace);
        Assert.Equal("default/web-1", bind.Tag);
        Assert.Equal("kube-scheduler", bind.From);

        _scheduler.Tell(ApiResponse.Ok(bind.Tag, null), _api.Ref);
        var ev = Next<CreateObject>(c => c.Object is Corev1Event);
        var e = (Corev1Event)ev.Object;
        Assert.Equal("Scheduled", e.Reason);
        Assert.Equal("Normal", e.Type);
        Assert.Equal("Successfully assigned default/web-1 to big", e.Message);
        Assert.Equal("web-1", e.InvolvedObject.Name);
    }

    [Fact]
    public void Unschedulable_pod_gets_the_condition_and_an_event_then_fits_when_a_node_is_added()
    {
        Start([Node("n1", cpu: "1"), Node("n2", cpu: "1"), Node("n3", cpu: "2")], [Pod("web-1", cpu: "4")]);

        const string expected = "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.";
        var (update, ev) = UpdateAndEvent();
        Assert.Equal("status", update.Subresource);
        var pod = Assert.IsType<V1Pod>(update.Object);
        var condition = Assert.Single(pod.Status.Conditions, c => c.Type == "PodScheduled");
        Assert.Equal("False", condition.Status);
        Assert.Equal("Unschedulable", condition.Reason);
        Assert.Equal(expected, condition.Message);
        Assert.StartsWith("0/3 nodes are available: 3 Insufficient cpu.", condition.Message, StringComparison.Ordinal);

        Assert.Equal("FailedScheduling", ev.Reason);
        Assert.Equal("Warning", ev.Type);
        Assert.Equal(expected, ev.Message);
        Assert.Equal("web-1", ev.InvolvedObject.Name);

        AwaitAssert(() => Assert.Equal(1, Status().Unschedulable), Timeout);

        // a big enough node arrives: the pod moves out of the unschedulable pods and is bound to it
        _scheduler.Tell(new WatchEvents(_nodeWatchTag, [new WatchEvent(WatchEventType.Added, Node("n4", cpu: "8"), 20)]), _api.Ref);
        var bind = Next<BindPod>();
        Assert.Equal("n4", bind.NodeName);
        Assert.Equal("web-1", bind.PodName);
    }

    [Fact]
    public void Heartbeat_only_node_updates_leave_unschedulable_pods_parked()
    {
        Start([Node("n1", cpu: "1")], [Pod("web-1", cpu: "4")]);
        Next<UpdateObject>();
        AwaitAssert(() => Assert.Equal(1, Status().Unschedulable), Timeout);

        _scheduler.Tell(new WatchEvents(_nodeWatchTag, [new WatchEvent(WatchEventType.Modified, Node("n1", cpu: "1"), 21)]), _api.Ref);
        Assert.Equal(1, Status().Unschedulable);

        _scheduler.Tell(new WatchEvents(_nodeWatchTag, [new WatchEvent(WatchEventType.Modified, Node("n1", cpu: "16"), 22)]), _api.Ref);
        Assert.Equal("n1", Next<BindPod>().NodeName);
    }

    [Fact]
    public void Pods_of_other_schedulers_bound_or_terminating_pods_are_not_scheduled()
    {
        var other = Pod("other", cpu: "1");
        other.Spec.SchedulerName = "my-scheduler";
        var terminating = Pod("terminating", cpu: "1");
        terminating.Metadata.DeletionTimestamp = DateTime.UtcNow;
        Start([Node("n1", cpu: "4")], [other, terminating, Pod("bound", cpu: "3", nodeName: "n1"), Pod("mine", cpu: "1500m")]);

        // "bound" uses 3 of the 4 cpus: "mine" does not fit, and nothing else is even tried
        var update = Next<UpdateObject>();
        Assert.Equal("mine", update.Object.Metadata.Name);
        Assert.StartsWith("0/1 nodes are available: 1 Insufficient cpu.", ((V1Pod)update.Object).Status.Conditions[0].Message, StringComparison.Ordinal);
        var quietUntil = DateTime.UtcNow.AddMilliseconds(500);
        while (DateTime.UtcNow < quietUntil)
        {
            Assert.IsNotType<BindPod>(_api.ReceiveOne(quietUntil - DateTime.UtcNow));
        }

        // deleting the bound pod frees its cpu
        _scheduler.Tell(new WatchEvents(_podWatchTag, [new WatchEvent(WatchEventType.Deleted, Pod("bound", cpu: "3", nodeName: "n1"), 30)]), _api.Ref);
        var bind = Next<BindPod>();
        Assert.Equal("mine", bind.PodName);
    }

    [Fact]
    public void Failed_binding_is_forgotten_and_retried_after_backoff()
    {
        Start([Node("n1", cpu: "2")], [Pod("web-1", cpu: "2")]);
        var bind = Next<BindPod>();
        _scheduler.Tell(ApiResponse.Fail(bind.Tag, new V1Status { Code = 500, Message = "etcd timeout", Reason = "InternalError" }), _api.Ref);

        var ev = (Corev1Event)Next<CreateObject>(c => c.Object is Corev1Event).Object;
        Assert.Equal("FailedScheduling", ev.Reason);
        Assert.Equal("Binding rejected: etcd timeout", ev.Message);

        // the assumption was forgotten (else the 2-cpu node would be full) and the pod comes back after its backoff
        var again = Next<BindPod>();
        Assert.Equal("n1", again.NodeName);
        _scheduler.Tell(ApiResponse.Ok(again.Tag, null), _api.Ref);
        AwaitAssert(() => Assert.Equal(1, Status().Scheduled), Timeout);
    }

    [Fact]
    public void Assumed_pods_count_before_their_binding_is_seen()
    {
        Start([Node("n1", cpu: "2"), Node("n2", cpu: "2")], [Pod("a", cpu: "2"), Pod("b", cpu: "2"), Pod("c", cpu: "2")]);
        var first = Next<BindPod>();
        var second = Next<BindPod>();
        Assert.NotEqual(first.NodeName, second.NodeName);
        var update = Next<UpdateObject>();
        Assert.StartsWith("0/2 nodes are available: 2 Insufficient cpu.", ((V1Pod)update.Object).Status.Conditions[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ten_thousand_pods_on_a_thousand_nodes_are_all_bound()
    {
        var nodes = Enumerable.Range(0, 1000).Select(i => Node($"n{i}", cpu: "32")).ToArray();
        var pods = Enumerable.Range(0, 10_000).Select(i => Pod($"p{i}", cpu: "100m")).ToArray();
        var sw = System.Diagnostics.Stopwatch.StartNew();
        Start(nodes, pods);
        var perNode = new Dictionary<string, int>();
        for (var i = 0; i < pods.Length; i++)
        {
            var bind = Next<BindPod>();
            perNode[bind.NodeName] = perNode.GetValueOrDefault(bind.NodeName) + 1;
            _scheduler.Tell(ApiResponse.Ok(bind.Tag, null), _api.Ref);
        }

        sw.Stop();
        Assert.Equal(1000, perNode.Count);
        Assert.True(perNode.Values.Max() <= 20, $"max {perNode.Values.Max()} pods on one node");
        AwaitAssert(() => Assert.Equal(10_000, Status().Scheduled), Timeout);
        Console.WriteLine($"kube-scheduler bound 10000 pods on 1000 nodes in {sw.ElapsedMilliseconds} ms ({10_000 / sw.Elapsed.TotalSeconds:F0} pods/s)");
    }

    [Fact]
    public void Settings_are_read_from_hocon()
    {
        var config = Akka.Configuration.ConfigurationFactory.ParseString("""
            actorkube.scheduler {
              percentage-of-nodes-to-score = 30
              pod-initial-backoff = 2s
              pod-max-backoff = 20s
              batch-size = 7
            }
            """);
        var s = SchedulerSettings.FromConfig(config.GetConfig("actorkube.scheduler"));
        Assert.Equal(30, s.PercentageOfNodesToScore);
        Assert.Equal(TimeSpan.FromSeconds(2), s.InitialBackoff);
        Assert.Equal(TimeSpan.FromSeconds(20), s.MaxBackoff);
        Assert.Equal(7, s.BatchSize);
        Assert.Equal(TimeSpan.FromMinutes(5), s.MaxInUnschedulable);

        var d = SchedulerSettings.FromConfig(null);
        Assert.Equal(0, d.PercentageOfNodesToScore);
        Assert.Equal(TimeSpan.FromSeconds(1), d.InitialBackoff);
        Assert.Equal(TimeSpan.FromSeconds(10), d.MaxBackoff);
    }

    private void Start(V1Node[] nodes, V1Pod[] pods)
    {
        _scheduler = Sys.ActorOf(KubeSchedulerActor.Props(_api.Ref, _clock, new SchedulerSettings()), "kube-scheduler");
        for (var i = 0; i < 2; i++)
        {
            var list = _api.ExpectMsg<ListObjects>(Timeout);
            IReadOnlyList<IKubernetesObject<V1ObjectMeta>> items = list.Resource == Resources.Nodes ? nodes : pods;
            _scheduler.Tell(new ApiListResponse(list.Tag, list.Resource, items, 10, null), _api.Ref);
        }

        for (var i = 0; i < 2; i++)
        {
            var watch = Next<StartWatch>();
            if (watch.Resource == Resources.Nodes)
            {
                _nodeWatchTag = watch.Tag;
            }
            else
            {
                _podWatchTag = watch.Tag;
            }
        }
    }

    /// <summary>The PodScheduled status update and the FailedScheduling event, in whatever order they come.</summary>
    private (UpdateObject Update, Corev1Event Event) UpdateAndEvent()
    {
        UpdateObject? update = null;
        Corev1Event? ev = null;
        while (update is null || ev is null)
        {
            switch (Next<ApiRequest>(r => r is UpdateObject || r is CreateObject { Object: Corev1Event }))
            {
                case UpdateObject u:
                    update = u;
                    break;
                case CreateObject c:
                    ev = (Corev1Event)c.Object;
                    break;
            }
        }

        return (update, ev);
    }

    private SchedulerStatus Status()
    {
        var probe = CreateTestProbe();
        _scheduler.Tell(GetSchedulerStatus.Instance, probe.Ref);
        return probe.ExpectMsg<SchedulerStatus>(Timeout);
    }

    /// <summary>The next message of type T the apiserver receives, skipping the others (events, watches...).</summary>
    private T Next<T>(Func<T, bool>? match = null)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline)
        {
            var msg = _api.ReceiveOne(deadline - DateTime.UtcNow);
            if (msg is T t && (match is null || match(t)))
            {
                return t;
            }
        }

        throw new TimeoutException($"no {typeof(T).Name} within {Timeout}");
    }

    private static V1Node Node(string name, string cpu, bool taint = false) => new()
    {
        ApiVersion = "v1",
        Kind = "Node",
        Metadata = new V1ObjectMeta { Name = name, ResourceVersion = "5" },
        Spec = new V1NodeSpec { Taints = taint ? [new V1Taint { Key = "dedicated", Value = "gpu", Effect = "NoSchedule" }] : null },
        Status = new V1NodeStatus
        {
            Allocatable = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpu), ["memory"] = new("16Gi"), ["pods"] = new("110") },
            Conditions = [new V1NodeCondition { Type = "Ready", Status = "True", LastHeartbeatTime = DateTime.UtcNow }],
        },
    };

    private static V1Pod Pod(string name, string cpu, string? nodeName = null) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", Uid = "uid-" + name, ResourceVersion = "7" },
        Spec = new V1PodSpec
        {
            NodeName = nodeName,
            SchedulerName = "default-scheduler",
            Containers = [new V1Container { Name = "c", Image = "nginx", Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpu) } } }],
        },
        Status = new V1PodStatus { Phase = "Pending" },
    };
}
