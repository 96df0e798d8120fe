using Akka.Actor;
using Akka.TestKit;
using ActorKube.Client;
using ActorKube.Core.Objects;
using WatchEventType = ActorKube.Client.WatchEventType;
using ActorKube.Core.Time;
using ActorKube.Node.Kubelet;
using Akka.TestKit.Xunit2;

namespace ActorKube.Node.Tests;

public class KubeletSpecs : TestKit
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(20);

    private readonly TestProbe _api;
    private readonly FakeApiServer _fake = new();
    private readonly ClusterClock _clock = new(scale: 100);

    public KubeletSpecs()
    {
        EventRecorder.Enabled = true;
        _api = CreateTestProbe();
        _api.SetAutoPilot(_fake);
    }

    private IActorRef StartKubelet(params V1Pod[] pods)
    {
        foreach (var p in pods)
        {
            _fake.Put(p);
        }

        return Sys.ActorOf(KubeletActor.Props("worker-3", NodeConfig.Default, _api.Ref, _clock, KubeletSettings.Default), "node-worker-3");
    }

    private static V1Pod Pod(string name, string image, string restartPolicy = "Always", IList<string>? command = null, IDictionary<string, string>? annotations = null) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", Uid = $"uid-{name}", Annotations = annotations },
        Spec = new V1PodSpec
        {
            NodeName = "worker-3",
            RestartPolicy = restartPolicy,
            Containers = [new V1Container { Name = name == "web" ? "nginx" : "main", Image = image, Command = command }],
        },
    };

    private V1Pod StatusUpdate(Func<V1Pod, bool> predicate) =>
        (V1Pod)_api.FishForMessage<UpdateObject>(u => u.Subresource == "status" && u.Object is V1Pod p && predicate(p), Long).Object;

    private Corev1Event Event(string reason, string? message = null) =>
        (Corev1Event)_api.FishForMessage<CreateObject>(c => c.Object is Corev1Event e && e.Reason == reason && (message is null || e.Message == message), Long).Object;

    private List<object> ReceiveUntil(Func<object, bool> last)
    {
        var seen = new List<object>();
        _api.FishForMessage(m =>
        {
            seen.Add(m);
            return last(m);
        }, Long);
        return seen;
    }

    [Fact]
    public void Kubelet_registers_its_node_and_creates_and_renews_its_lease()
    {
        StartKubelet();

        var node = (V1Node)_api.FishForMessage<CreateObject>(c => c.Object is V1Node, Long).Object;
        Assert.Equal("worker-3", node.Metadata.Name);
        Assert.Equal("worker-3", node.Metadata.Labels[WellKnown.LabelHostname]);
        Assert.Equal("linux", node.Metadata.Labels[WellKnown.LabelOs]);
        Assert.Equal("10.244.3.0/24", node.Spec.PodCIDR);
        Assert.Equal("110", node.Status.Capacity["pods"].ToString());
        Assert.Equal("8", node.Status.Allocatable["cpu"].ToString());
        var ready = node.Status.Conditions.Single(c => c.Type == "Ready");
        Assert.Equal(("True", "KubeletReady", "kubelet is posting ready status"), (ready.Status, ready.Reason, ready.Message));
        Assert.Equal("False", node.Status.Conditions.Single(c => c.Type == "MemoryPressure").Status);
        Assert.Contains(node.Status.Addresses, a => a.Type == "InternalIP" && a.Address == "172.18.0.5");
        Assert.Equal("v1.32.0", node.Status.NodeInfo.KubeletVersion);

        var lease = (V1Lease)_api.FishForMessage<CreateObject>(c => c.Object is V1Lease, Long).Object;
        Assert.Equal(WellKnown.NamespaceNodeLease, lease.Metadata.NamespaceProperty);
        Assert.Equal("worker-3", lease.Spec.HolderIdentity);
        Assert.Equal(node.Metadata.Uid, lease.Metadata.OwnerReferences.Single().Uid);

        var renewed = (V1Lease)_api.FishForMessage<UpdateObject>(u => u.Object is V1Lease, Long).Object;
        Assert.True(renewed.Spec.RenewTime > lease.Spec.RenewTime);
    }

    [Fact]
    public void Bound_nginx_pod_goes_ContainerCreating_then_Running_and_Ready()
    {
        StartKubelet(Pod("web", "nginx"));

        // Events and status writes travel different paths (pod actor vs status manager): collect, then assert.
        var seen = ReceiveUntil(m => m is UpdateObject { Subresource: "status", Object: V1Pod { Status.Phase: "Running" } });
        var creating = seen.OfType<UpdateObject>().Select(u => u.Object).OfType<V1Pod>().First(p => p.Status.Phase == "Pending");
        Assert.Equal("ContainerCreating", creating.Status.ContainerStatuses.Single().State.Waiting.Reason);
        Assert.Equal("172.18.0.5", creating.Status.HostIP);
        Assert.StartsWith("10.244.3.", creating.Status.PodIP);
        Assert.Equal("BestEffort", creating.Status.QosClass);

        var events = seen.OfType<CreateObject>().Select(c => c.Object).OfType<Corev1Event>().ToList();
        Assert.Equal(["Pulling", "Pulled", "Created", "Started"], events.Select(e => e.Reason));
        Assert.Equal("Pulling image \"nginx\"", events[0].Message);
        Assert.StartsWith("Successfully pulled image \"nginx\" in ", events[1].Message);
        Assert.Equal("Created container nginx", events[2].Message);
        Assert.Equal("Started container nginx", events[3].Message);
        Assert.Equal(("kubelet", "worker-3"), (events[0].Source.Component, events[0].Source.Host));

        var running = (V1Pod)((UpdateObject)seen[^1]).Object;
        var cs = running.Status.ContainerStatuses.Single();
        Assert.NotNull(cs.State.Running?.StartedAt);
        Assert.True(cs.Ready);
        Assert.StartsWith("containerd://", cs.ContainerID);
        Assert.Equal("docker.io/library/nginx:latest", cs.Image);
        Assert.Equal("True", running.Status.Conditions.Single(c => c.Type == "Ready").Status);
        Assert.Equal("True", running.Status.Conditions.Single(c => c.Type == "ContainersReady").Status);
        Assert.Equal(creating.Status.PodIP, running.Status.PodIP);
    }

    [Fact]
    public void Job_like_pod_succeeds_and_its_log_has_the_echo()
    {
        var kubelet = StartKubelet(Pod("job", "busybox", "Never", ["sh", "-c", "echo hello; exit 0"]));

        var done = StatusUpdate(p => p.Status.Phase == "Succeeded");
        var terminated = done.Status.ContainerStatuses.Single().State.Terminated;
        Assert.Equal(0, terminated.ExitCode);
        Assert.Equal("Completed", terminated.Reason);
        Assert.Equal("PodCompleted", done.Status.Conditions.Single(c => c.Type == "Ready").Reason);

        kubelet.Tell(new GetPodLogs("default", "job"));
        var logs = ExpectMsg<LogsResult>(Long);
        Assert.Equal("hello\n", logs.Text);

        kubelet.Tell(new GetPodLogs("default", "nope"));
        Assert.Equal(404, ExpectMsg<LogsResult>(Long).Error!.Code);
    }

    [Fact]
    public void Crash_looping_container_backs_off_10s_then_20s()
    {
        StartKubelet(Pod("crash", "busybox", "Always", ["sh", "-c", "exit 1"]));

        // The pod actor records the event before it hands the status to the status manager.
        Event("BackOff", "Back-off restarting failed container main in pod crash_default(uid-crash)");
        var first = StatusUpdate(p => p.Status.ContainerStatuses?.Single().State.Waiting?.Reason == "CrashLoopBackOff");
        var cs = first.Status.ContainerStatuses.Single();
        Assert.Equal(1, cs.RestartCount);
        Assert.StartsWith("back-off 10s restarting failed container=main pod=crash_default(uid-crash)", cs.State.Waiting.Message);
        Assert.Equal(1, cs.LastState.Terminated.ExitCode);
        Assert.Equal("Error", cs.LastState.Terminated.Reason);
        Assert.Equal("Running", first.Status.Phase);

        var second = StatusUpdate(p => p.Status.ContainerStatuses?.Single().State.Waiting?.Message?.StartsWith("back-off 20s", StringComparison.Ordinal) == true);
        Assert.Equal(2, second.Status.ContainerStatuses.Single().RestartCount);
    }

    [Fact]
    public void OnFailure_restarts_a_failed_container_and_Never_does_not()
    {
        _fake.Put(Pod("never", "busybox", "Never", ["sh", "-c", "exit 3"]));
        StartKubelet(Pod("onfailure", "busybox", "OnFailure", ["sh", "-c", "exit 3"]));

        static bool Restarted(V1Pod p) => p.Metadata.Name == "onfailure" && p.Status.ContainerStatuses?.Single().RestartCount >= 1;
        static bool Failed(V1Pod p) => p.Metadata.Name == "never" && p.Status.Phase == "Failed";
        var pods = new List<V1Pod>();
        ReceiveUntil(m =>
        {
            if (m is UpdateObject { Subresource: "status", Object: V1Pod p })
            {
                pods.Add(p);
            }

            return pods.Any(Restarted) && pods.Any(Failed);
        });

        Assert.Equal(3, pods.First(Restarted).Status.ContainerStatuses.Single().LastState.Terminated.ExitCode);
        var failed = pods.First(Failed);
        var cs = failed.Status.ContainerStatuses.Single();
        Assert.Equal(0, cs.RestartCount);
        Assert.Equal(3, cs.State.Terminated.ExitCode);
        Assert.Equal("Error", cs.State.Terminated.Reason);
    }

    [Fact]
    public void Graceful_deletion_kills_the_container_then_deletes_the_pod_with_grace_period_zero()
    {
        StartKubelet(Pod("web", "nginx"));
        var running = StatusUpdate(p => p.Status.Phase == "Running");

        var deleting = _fake.Pod("web")! with { };
        deleting.Metadata = deleting.Metadata with { DeletionTimestamp = _clock.UtcNow, DeletionGracePeriodSeconds = 30 };
        _fake.Push(WatchEventType.Modified, deleting);

        Event("Killing", "Stopping container nginx");
        var delete = _api.FishForMessage<DeleteObject>(d => d.Name == "web", Long);
        Assert.Equal(0, delete.Options!.GracePeriodSeconds);
        Assert.Equal("uid-web", delete.Options.Preconditions.Uid);
        Assert.Equal(running.Status.PodIP, running.Status.PodIPs.Single().Ip);
    }

    [Fact]
    public void Image_pull_error_shows_ErrImagePull_then_ImagePullBackOff()
    {
        StartKubelet(Pod("bad", "nginx:nope", annotations: new Dictionary<string, string> { ["actorkube.io/image-pull-error"] = "true" }));

        Event("Failed", "Error: ErrImagePull");
        StatusUpdate(p => p.Status.ContainerStatuses?.Single().State.Waiting?.Reason == "ErrImagePull");
        var backoff = StatusUpdate(p => p.Status.ContainerStatuses?.Single().State.Waiting?.Reason == "ImagePullBackOff");
        Assert.Equal("Pending", backoff.Status.Phase);
    }

    [Fact]
    public void Power_off_silences_the_kubelet_and_power_on_restarts_its_pods()
    {
        var kubelet = StartKubelet(Pod("web", "nginx"));
        StatusUpdate(p => p.Status.Phase == "Running" && p.Status.ContainerStatuses.Single().Ready == true);

        kubelet.Tell(PowerOff.Instance);
        _api.FishForMessage<CancelWatch>(_ => true, Long);
        _api.ReceiveWhile<object>(TimeSpan.FromMilliseconds(300), m => m);
        _api.ExpectNoMsg(TimeSpan.FromMilliseconds(500));
        kubelet.Tell(new GetPodLogs("default", "web"));
        Assert.Equal(500, ExpectMsg<LogsResult>(Long).Error!.Code);

        kubelet.Tell(PowerOn.Instance);
        _api.FishForMessage<CreateObject>(c => c.Object is V1Node, Long);
        var restarted = StatusUpdate(p => p.Status.Phase == "Running" && p.Status.ContainerStatuses.Single().RestartCount == 1 && p.Status.ContainerStatuses.Single().State.Running is not null);
        Assert.Equal("Unknown", restarted.Status.ContainerStatuses.Single().LastState.Terminated.Reason);
    }

    [Fact]
    public async Task A_partitioned_node_goes_silent_keeps_its_pods_and_on_heal_catches_up_with_the_control_plane()
    {
        var kubelet = StartKubelet(Pod("web", "nginx"), Pod("db", "redis"), Pod("cache", "memcached"));
        var running = new HashSet<string>();
        ReceiveUntil(m =>
        {
            if (m is UpdateObject { Subresource: "status", Object: V1Pod { Status.Phase: "Running" } p })
            {
                running.Add(p.Metadata.Name);
            }

            return running.Count == 3;
        });
        var web = await Sys.ActorSelection(kubelet.Path / ActorNames.Pod("default", "web")).ResolveOne(Long);
        Watch(web);

        kubelet.Tell(Partition.Instance);
        _api.FishForMessage<CancelWatch>(_ => true, Long);
        _api.ReceiveWhile<object>(TimeSpan.FromMilliseconds(300), m => m);
        // Leases every 0.1 s of wall time at scale 100: none gets through.
        _api.ExpectNoMsg(TimeSpan.FromMilliseconds(500));
        kubelet.Tell(new GetPodLogs("default", "web"));
        Assert.Contains("i/o timeout", ExpectMsg<LogsResult>(Long).Error!.Message, StringComparison.Ordinal);

        // Meanwhile the control plane deletes web and evicts db (graceful deletion); the node hears nothing.
        _fake.Push(WatchEventType.Deleted, _fake.Pod("web")!);
        var db = _fake.Pod("db")! with { };
        db.Metadata = db.Metadata with { DeletionTimestamp = _clock.UtcNow.AddSeconds(30), DeletionGracePeriodSeconds = 30 };
        _fake.Push(WatchEventType.Modified, db);
        _api.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        // Heal: a re-list, the node status at once, web's actor stopped, db terminated gracefully and deleted.
        kubelet.Tell(Heal.Instance);
        var seen = ReceiveUntil(m => m is DeleteObject { Name: "db" });
        Assert.Contains(seen, m => m is ListObjects { Resource.Plural: "pods" });
        Assert.Contains(seen, m => m is UpdateObject { Subresource: "status", Object: V1Node });
        Assert.Contains(seen, m => m is CreateObject { Object: Corev1Event { Reason: "Killing", InvolvedObject.Name: "db" } });
        ExpectTerminated(web, Long);

        // cache ran on through the partition: the same container, never restarted.
        kubelet.Tell(new GetPodLogs("default", "cache"));
        Assert.True(ExpectMsg<LogsResult>(Long).IsSuccess);
        Assert.Equal(0, _fake.Pod("cache")!.Status.ContainerStatuses.Single().RestartCount);
    }

    [Fact]
    public void Node_status_is_written_again_when_the_images_on_the_node_change()
    {
        StartKubelet(Pod("web", "nginx:1.27"));

        var status = (V1Node)_api.FishForMessage<UpdateObject>(u => u.Object is V1Node && u.Subresource == "status", Long).Object;
        Assert.Contains(status.Status.Images, i => i.Names.Contains("docker.io/library/nginx:1.27"));
        Assert.Equal("True", status.Status.Conditions.Single(c => c.Type == "Ready").Status);
    }

    [Fact]
    public void Logs_need_a_container_name_when_the_pod_has_several()
    {
        var pod = Pod("two", "nginx");
        pod.Spec.Containers.Add(new V1Container { Name = "side", Image = "redis" });
        var kubelet = StartKubelet(pod);
        StatusUpdate(p => p.Status.Phase == "Running");

        kubelet.Tell(new GetPodLogs("default", "two"));
        Assert.Equal("a container name must be specified for pod two, choose one of: [main side]", ExpectMsg<LogsResult>(Long).Error!.Message);
        kubelet.Tell(new GetPodLogs("default", "two", "side"));
        Assert.Contains("Ready to accept connections", ExpectMsg<LogsResult>(Long).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_terminal_pod_is_adopted_without_restarting_it_and_a_host_network_pod_gets_the_node_ip()
    {
        var done = Pod("done", "busybox", "Never", ["sh", "-c", "exit 0"]);
        done.Status = new V1PodStatus { Phase = "Succeeded" };
        var host = Pod("host", "nginx");
        host.Spec.HostNetwork = true;
        _fake.Put(done);
        StartKubelet(host);

        var seen = ReceiveUntil(m => m is UpdateObject { Subresource: "status", Object: V1Pod { Metadata.Name: "host", Status.Phase: "Running" } });
        Assert.Equal("172.18.0.5", ((V1Pod)((UpdateObject)seen[^1]).Object).Status.PodIP);
        seen.AddRange(_api.ReceiveWhile<object>(TimeSpan.FromMilliseconds(300), m => m));
        Assert.DoesNotContain(seen, m => m is UpdateObject { Object: V1Pod { Metadata.Name: "done" } });
        Assert.Equal("Succeeded", _fake.Pod("done")!.Status.Phase);

        // Its actor is alive (created with no pod IP): deleting the pod deletes it at once.
        var deleting = _fake.Pod("done")! with { };
        deleting.Metadata = deleting.Metadata with { DeletionTimestamp = _clock.UtcNow, DeletionGracePeriodSeconds = 30 };
        _fake.Push(WatchEventType.Modified, deleting);
        Assert.Equal(0, _api.FishForMessage<DeleteObject>(d => d.Name == "done", Long).Options!.GracePeriodSeconds);
    }

    [Fact]
    public void Settings_and_node_config_read_hocon()
    {
        var config = Akka.Configuration.ConfigurationFactory.ParseString("""
            kubelet { node-lease-renew-interval = 20s, node-status-report-frequency = 1m, max-log-lines = 50, image-pull-duration = 500ms }
            node { cpu = "4", memory = "8Gi", pods = 30, labels { zone = "a" } }
            """);
        var s = KubeletSettings.FromConfig(config.GetConfig("kubelet"));
        Assert.Equal(TimeSpan.FromSeconds(20), s.NodeLeaseRenewInterval);
        Assert.Equal(TimeSpan.FromMinutes(1), s.NodeStatusReportFrequency);
        Assert.Equal(TimeSpan.FromSeconds(10), s.NodeStatusUpdateFrequency);
        Assert.Equal(50, s.MaxLogLines);
        Assert.Equal(TimeSpan.FromMilliseconds(500), s.Emulation.ImagePullDuration);
        var n = NodeConfig.FromConfig(config.GetConfig("node"));
        Assert.Equal(("4", "8Gi", 30, "a"), (n.Cpu, n.Memory, n.Pods, n.Labels["zone"]));
        Assert.Equal(KubeletSettings.Default, KubeletSettings.FromConfig(null));
    }
}
