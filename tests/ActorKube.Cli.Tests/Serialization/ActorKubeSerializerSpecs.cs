using System.Text;
using ActorKube.Client;
using ActorKube.Cluster.Provisioner;
using ActorKube.Cluster.Serialization;
using ActorKube.ControlPlane.Controllers.Deployment;
using ActorKube.ControlPlane.Controllers.ReplicaSet;
using ActorKube.ControlPlane.Etcd;
using ActorKube.Core.Api;
using ActorKube.Core.Controllers.Deployment;
using ActorKube.Core.Objects;
using ActorKube.Core.Storage;
using ActorKube.Node.Kubelet;
using WatchEventType = ActorKube.Client.WatchEventType;

namespace ActorKube.Cli.Tests.Serialization;

/// <summary>Every message that crosses a process boundary, through Akka's serialization as a remote send would do it.</summary>
public sealed class ActorKubeSerializerSpecs() : Akka.TestKit.Xunit2.TestKit(ActorKubeSerializer.Config)
{
    private static readonly ResourceInfo[] Served = [.. Resources.All];

    public static TheoryData<string> Kinds => [.. Served.Select(r => r.Kind)];

    public static TheoryData<object?> Tags =>
    [
        null,
        "default/web-1",
        42L,
        7,
        true,
        Guid.NewGuid(),
        FieldValidation.Strict,
        new InformerTag("pods-informer", 3, IsWatch: true),
        EventTag.Instance,
        new CreatePodTag("default/web", 2),
        new DeploymentActionTag("default/web", nameof(CreateReplicaSet), new DeploymentEvent("Normal", "ScalingReplicaSet", "Scaled up")),
        new ActorKube.Cluster.Faults.FaultWriteTag("stop-node-2"),
    ];

    [Fact]
    public void Every_message_type_has_its_own_manifest_and_is_bound_to_this_serializer()
    {
        var serializer = Sys.Serialization.FindSerializerForType(typeof(ApiResponse));
        Assert.IsType<ActorKubeSerializer>(serializer);
        Assert.True(serializer.Identifier > 100);
        foreach (var type in ActorKubeSerializer.MessageTypes)
        {
            Assert.Same(serializer, Sys.Serialization.FindSerializerForType(type));
        }

        // a new request type needs its layout too
        var requests = typeof(ApiRequest).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(ApiRequest)) && !t.IsAbstract);
        Assert.All(requests, t => Assert.Contains(t, ActorKubeSerializer.MessageTypes));
    }

    [Theory]
    [MemberData(nameof(Tags))]
    public void Tags_travel_by_value(object? tag)
    {
        var back = RoundTrip(new ApiResponse(tag, null, null));
        Assert.Equal(tag, back.Tag);
        Assert.Equal(tag?.GetType(), back.Tag?.GetType());
    }

    [Fact]
    public void A_tag_compared_by_identity_cannot_travel()
    {
        var serializer = Sys.Serialization.FindSerializerFor(new ApiResponse(null, null, null));
        var e = Assert.Throws<ArgumentException>(() => serializer.ToBinary(new ApiResponse(new object(), null, null)));
        Assert.Contains(nameof(IWireTag), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Requests_keep_every_field()
    {
        var options = new V1DeleteOptions { GracePeriodSeconds = 0, PropagationPolicy = "Foreground", Preconditions = new V1Preconditions { Uid = "u-1" } };
        var informer = new InformerTag("pods-node-1", 1, IsWatch: false);
        ApiRequest[] requests =
        [
            new GetObject(Resources.Pods, "default", "web-1") { Tag = informer, TraceId = "t-1", From = "kubectl" },
            new GetObject(Resources.ReplicaSets, "default", "web", "scale"),
            new GetObject(Resources.Nodes, null, "node-1") { DryRun = true, FieldManager = "kubectl-edit", FieldValidation = FieldValidation.Warn },
            new ListObjects(Resources.Pods, "default", "app=web", "spec.nodeName=node-1", 500, "token") { Tag = 9L },
            new ListObjects(Resources.Namespaces),
            new PatchObject(Resources.Deployments, "default", "web", PatchType.StrategicMerge, """{"spec":{"replicas":3}}""", "scale") { FieldValidation = FieldValidation.Strict },
            new BindPod("default", "web-1", "node-2", "uid-1") { Tag = "default/web-1", From = "kube-scheduler" },
            new BindPod("default", "web-2", "node-2"),
            new StartWatch(Resources.Pods, null, null, "spec.nodeName=node-1", "1234", AllowBookmarks: false) { Tag = informer },
            new StartWatch(Resources.Leases, WellKnown.NamespaceNodeLease),
        ];
        foreach (var request in requests)
        {
            Assert.Equal(request, RoundTrip(request));
        }

        var delete = new DeleteObject(Resources.Pods, "default", "web-1", options) { Tag = new DeletePodTag("default/web", "default/web-1", "web-1"), TraceId = "t" };
        var deleted = RoundTrip(delete);
        Assert.Equal(delete, deleted with { Options = delete.Options });
        Assert.Equal(Json(options), Json(deleted.Options!));
        Assert.Null(RoundTrip(delete with { Options = null }).Options);

        var evict = new EvictPod("default", "web-1", options) { From = "node-lifecycle-controller" };
        var evicted = RoundTrip(evict);
        Assert.Equal(evict, evicted with { Options = evict.Options });
        Assert.Equal(Json(options), Json(evicted.Options!));

        var cancel = new CancelWatch(informer);
        Assert.Equal(cancel, RoundTrip(cancel));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Objects_of_every_served_kind_travel_as_their_type(string kind)
    {
        var resource = Served.Single(r => r.Kind == kind);
        var obj = (IKubernetesObject<V1ObjectMeta>)Activator.CreateInstance(resource.ClrType)!;
        obj.Metadata = new V1ObjectMeta
        {
            Name = "x-1",
            NamespaceProperty = resource.Namespaced ? "default" : null,
            Uid = "3f1c",
            ResourceVersion = "17",
            Labels = new Dictionary<string, string> { ["app"] = "x" },
            CreationTimestamp = new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc),
        };
        var create = new CreateObject(obj) { Tag = EventTag.Instance, TraceId = "trace", From = "test", FieldValidation = FieldValidation.Strict, DryRun = true };

        var back = RoundTrip(create);
        Assert.IsType(resource.ClrType, back.Object);
        Assert.Equal(Json(obj), Json(back.Object));
        Assert.Equal(create, back with { Object = create.Object });

        var update = new UpdateObject(obj, "status") { Tag = 5L };
        var updated = RoundTrip(update);
        Assert.Equal(Json(obj), Json(updated.Object));
        Assert.Equal(update, updated with { Object = update.Object });
    }

    [Fact]
    public void A_deployment_and_a_secret_with_byte_data_keep_their_content()
    {
        var deployment = Integration.ClusterTestKit.Deployment("default", "web", 3, "nginx:1.27", maxSurge: 2, maxUnavailable: 0, tolerationSeconds: 30);
        deployment.Metadata.Annotations = new Dictionary<string, string> { [WellKnown.TraceIdAnnotation] = "abc" };
        Assert.Equal(Json(deployment), Json(RoundTrip(ApiResponse.Ok("d", deployment)).Object!));

        var secret = new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Metadata = new V1ObjectMeta { Name = "tls", NamespaceProperty = "default" },
            Type = "Opaque",
            Data = new Dictionary<string, byte[]> { ["key"] = [0, 1, 2, 255, 254], ["text"] = Encoding.UTF8.GetBytes("hello") },
            StringData = new Dictionary<string, string> { ["plain"] = "value" },
        };
        var back = Assert.IsType<V1Secret>(RoundTrip(ApiResponse.Ok(null, secret)).Object);
        Assert.Equal(secret.Data["key"], back.Data["key"]);
        Assert.Equal("hello", Encoding.UTF8.GetString(back.Data["text"]));
        Assert.Equal("value", back.StringData["plain"]);
        Assert.Equal(("v1", "Secret"), (back.ApiVersion, back.Kind));
    }

    [Fact]
    public void A_scale_update_keeps_its_type_and_resource()
    {
        var scale = new V1Scale { Metadata = new V1ObjectMeta { Name = "rs", NamespaceProperty = "default" }, Spec = new V1ScaleSpec { Replicas = 5 } };
        var update = new UpdateObject(scale, "scale", Resources.ReplicaSets) { Tag = 1 };
        var back = RoundTrip(update);
        Assert.Equal(5, Assert.IsType<V1Scale>(back.Object).Spec.Replicas);
        Assert.Same(Resources.ReplicaSets, back.Resource);
        Assert.Equal(update, back with { Object = scale });
    }

    [Fact]
    public void A_failure_keeps_its_status_with_causes_and_the_warnings()
    {
        var status = StatusErrors.Invalid(Resources.Deployments, "web", [FieldError.Required("spec.selector"), FieldError.Required("spec.template.spec.containers")]);
        var failure = ApiResponse.Fail(new ReplicaSetStatusTag("default/web"), status) with { Warnings = ["unknown field \"spec.foo\""] };
        var back = RoundTrip(failure);
        Assert.Equal(failure.Tag, back.Tag);
        Assert.Null(back.Object);
        Assert.Equal(422, back.Code);
        AssertStatus(status, back.Error);
        Assert.Equal(failure.Warnings, back.Warnings);

        Assert.Null(RoundTrip(ApiResponse.Ok(null, null)).Warnings);
        Assert.True(RoundTrip(ApiResponse.Ok(null, null) with { Created = true }).Created);
        Assert.False(RoundTrip(ApiResponse.Ok(null, null)).Created);
        Assert.Equal(["", ""], RoundTrip(ApiResponse.Ok(null, null) with { Warnings = ["", ""] }).Warnings);
        AssertStatus(StatusErrors.Success(), RoundTrip(ApiResponse.Fail(null, StatusErrors.Success())).Error);
    }

    [Fact]
    public void A_list_response_keeps_its_items_in_order()
    {
        var pods = Enumerable.Range(1, 3).Select(i => Pod($"web-{i}", $"node-{i}")).ToList();
        var list = new ApiListResponse(new InformerTag("pods-informer", 1, IsWatch: false), Resources.Pods, pods, 120, "next");
        var back = RoundTrip(list);
        Assert.Equal((list.Tag, list.Resource, list.ResourceVersion, list.Continue), (back.Tag, back.Resource, back.ResourceVersion, back.Continue));
        Assert.Equal(pods.Select(Json), back.Items.Select(Json));
        Assert.All(back.Items, i => Assert.IsType<V1Pod>(i));
        Assert.Null(back.Error);

        var failed = RoundTrip(new ApiListResponse("l", Resources.Nodes, [], 7, null, StatusErrors.Gone("too old")));
        Assert.Empty(failed.Items);
        AssertStatus(StatusErrors.Gone("too old"), failed.Error);
    }

    [Fact]
    public void Watch_events_keep_added_deleted_and_bookmark_events()
    {
        var tag = new InformerTag("scheduler-pods", 2, IsWatch: true);
        var added = Pod("web-1", null);
        var deleted = Pod("web-2", "node-1");
        deleted.Metadata.DeletionTimestamp = new DateTime(2025, 5, 6, 7, 8, 9, DateTimeKind.Utc);
        var events = new WatchEvents(tag, [new(WatchEventType.Added, added, 10), new(WatchEventType.Deleted, deleted, 11), new(WatchEventType.Bookmark, null, 12)]);

        var back = RoundTrip(events);
        Assert.Equal(tag, back.Tag);
        Assert.Equal([WatchEventType.Added, WatchEventType.Deleted, WatchEventType.Bookmark], back.Events.Select(e => e.Type));
        Assert.Equal([10L, 11L, 12L], back.Events.Select(e => e.ResourceVersion));
        Assert.Equal(Json(added), Json(back.Events[0].Object!));
        Assert.Equal(Json(deleted), Json(back.Events[1].Object!));
        Assert.Null(back.Events[2].Object);

        var ended = RoundTrip(new WatchEnded(tag, StatusErrors.Gone("too old resource version: 1 (5)")));
        Assert.Equal(tag, ended.Tag);
        AssertStatus(StatusErrors.Gone("too old resource version: 1 (5)"), ended.Error);
        Assert.Null(RoundTrip(new WatchEnded("x", null)).Error);
    }

    [Fact]
    public void Etcd_requests_and_replies_keep_raw_values()
    {
        var value = KubeSerializer.ToBytes(Pod("web-1", "node-1"));
        var put = new EtcdPut(17L, "/registry/pods/default/web-1", value, Revisions.NotExists);
        var putBytes = Sys.Serialization.FindSerializerFor(put).ToBinary(put);
        Assert.True(putBytes.Length < value.Length + 48, $"{putBytes.Length} bytes for a {value.Length}-byte value: the value is not raw");
        var putBack = RoundTrip(put);
        Assert.Equal(put, putBack with { Value = put.Value });
        Assert.Equal(value, putBack.Value.Bytes);

        var current = new KeyValue("/registry/pods/default/web-1", value, 3, 9, 4);
        var previous = new KeyValue("/registry/pods/default/web-1", new byte[] { 1, 2, 3 }, 3, 8, 3);
        var result = RoundTrip(new EtcdWriteResult(17L, false, 9, current, previous));
        Assert.Equal((17L, false, 9L), (result.Tag, result.Succeeded, result.Revision));
        AssertKv(current, result.Current);
        AssertKv(previous, result.Previous);
        var empty = RoundTrip(new EtcdWriteResult(18L, true, 10, null, null));
        Assert.Null(empty.Current);
        Assert.Null(empty.Previous);

        var range = RoundTrip(new EtcdRangeResult("apiserver-load", [current, previous], 42, More: true, "compacted"));
        Assert.Equal(("apiserver-load", 42L, true, "compacted"), (range.Tag, range.Revision, range.More, range.Error));
        Assert.Equal(2, range.Kvs.Count);
        AssertKv(current, range.Kvs[0]);
        AssertKv(previous, range.Kvs[1]);

        object[] plain =
        [
            new EtcdDelete(18L, "/registry/pods/default/web-1", Revisions.Any),
            new EtcdWriteFailed(19L, "journal rejected the batch"),
            new EtcdRange("apiserver-load", "/registry/", IsPrefix: true, Revision: 0, Limit: 10),
            new EtcdWatch("apiserver-watch", "/registry/", 43),
            new EtcdCancelWatch("apiserver-watch"),
            new EtcdWatchCanceled("apiserver-watch", 40, "compacted"),
            new EtcdCompact(null, 30),
            new EtcdCompacted(null, 30, "already compacted"),
            new EtcdCompacted(null, 30),
            new EtcdGetStatus("bench"),
            new EtcdStatus("bench", 100, 20, 50, 400, 12),
        ];
        foreach (var message in plain)
        {
            Assert.Equal(message, RoundTrip(message));
        }
    }

    [Fact]
    public void Etcd_watch_events_keep_their_values_and_previous_values()
    {
        var v1 = Encoding.UTF8.GetBytes("""{"kind":"Pod","metadata":{"name":"a"}}""");
        var v2 = new byte[] { 0, 0xFF, 0x10 };
        var events = new EtcdWatchEvents("apiserver-watch",
        [
            new StoreEvent(EventType.Put, new KeyValue("/registry/pods/ns/a", v1, 5, 5, 1), null),
            new StoreEvent(EventType.Put, new KeyValue("/registry/pods/ns/a", v2, 5, 6, 2), new KeyValue("/registry/pods/ns/a", v1, 5, 5, 1)),
            new StoreEvent(EventType.Delete, new KeyValue("/registry/pods/ns/a", StoredValue.Empty, 5, 7, 0), new KeyValue("/registry/pods/ns/a", v2, 5, 6, 2)),
        ]);

        var back = RoundTrip(events);
        Assert.Equal("apiserver-watch", back.Tag);
        Assert.Equal([EventType.Put, EventType.Put, EventType.Delete], back.Events.Select(e => e.Type));
        for (var i = 0; i < 3; i++)
        {
            AssertKv(events.Events[i].Kv, back.Events[i].Kv);
            AssertKv(events.Events[i].PrevKv, back.Events[i].PrevKv);
        }
    }

    [Fact]
    public void Kubelet_and_provisioner_messages_round_trip()
    {
        Assert.Same(PowerOff.Instance, RoundTrip(PowerOff.Instance));
        Assert.Same(PowerOn.Instance, RoundTrip(PowerOn.Instance));
        Assert.Same(Partition.Instance, RoundTrip(Partition.Instance));
        Assert.Same(Heal.Instance, RoundTrip(Heal.Instance));
        object[] plain =
        [
            new GetPodLogs("default", "web-1", "app", 10, Previous: true),
            new GetPodLogs("default", "web-1"),
            new GetNodeLogs(5),
            new GetNodeLogs(),
            new LogsResult("line 1\nline 2\n", null),
            new StartNodes(200, "worker"),
            new StartNodes(3),
            new StartNode("node-4"),
            new StopNode("node-4"),
            new StopNode("node-4", "stop-node-4#1"),
            new StartNode("node-4", "stop-node-4#2"),
            new PartitionNode("node-4", "cut#3"),
            new HealNode("node-4"),
            new GetNodes(),
            new ResyncNodes(),
            new ActorKube.Cluster.Sharding.NodeEnvelope("node-4", PowerOn.Instance),
            new ActorKube.Cluster.Sharding.NodeEnvelope("node-4", new GetPodLogs("default", "web-1", "app", 10)),
            new ActorKube.Cluster.Roles.GetClusterClock(),
            new ActorKube.Cluster.Roles.ClusterClockInfo(12.5, 1_700_000_000_000, 1_700_000_123_456),
            new NodeCommandResult("node-4", false, "node node-4 is not running"),
            new NodeCommandResult("node-4", true, "node node-4 powered off", "stop-node-4#1"),
        ];
        foreach (var message in plain)
        {
            Assert.Equal(message, RoundTrip(message));
        }

        var error = RoundTrip(new LogsResult(null, StatusErrors.BadRequest("container \"x\" is not valid for pod web-1")));
        Assert.Null(error.Text);
        Assert.False(error.IsSuccess);
        AssertStatus(StatusErrors.BadRequest("container \"x\" is not valid for pod web-1"), error.Error);

        var faults = RoundTrip(new ActorKube.Cluster.Network.SetNetworkFaults(
            42,
            [new ActorKube.Cluster.Network.NetworkFaultRule("127.0.0.1:4053", "127.0.0.1:4054", 250, 0), new ActorKube.Cluster.Network.NetworkFaultRule("10.0.0.2:4053", "127.0.0.1:4053", 0, 30)]));
        Assert.Equal(42, faults.Version);
        Assert.Equal(
            [new ActorKube.Cluster.Network.NetworkFaultRule("127.0.0.1:4053", "127.0.0.1:4054", 250, 0), new ActorKube.Cluster.Network.NetworkFaultRule("10.0.0.2:4053", "127.0.0.1:4053", 0, 30)],
            faults.Rules);
        Assert.Empty(RoundTrip(new ActorKube.Cluster.Network.SetNetworkFaults(1, [])).Rules);

        var running = RoundTrip(new NodesRunning(["node-1", "node-2"], ["node-3"], ["node-2"]));
        Assert.Equal(["node-1", "node-2"], running.Running);
        Assert.Equal(["node-3"], running.Stopped);
        Assert.Equal(["node-2"], running.Partitioned!);
    }

    private T RoundTrip<T>(T message)
        where T : class
    {
        var serializer = Sys.Serialization.FindSerializerFor(message);
        Assert.IsType<ActorKubeSerializer>(serializer);
        var bytes = serializer.ToBinary(message);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, message);
        Assert.InRange(manifest.Length, 1, 2);
        var back = Sys.Serialization.Deserialize(bytes, serializer.Identifier, manifest);
        Assert.IsType(message.GetType(), back);
        return (T)back;
    }

    private static string Json(object obj) => KubeSerializer.ToJson(obj);

    private static V1Pod Pod(string name, string? node) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = "default",
            Uid = Guid.NewGuid().ToString(),
            ResourceVersion = "12",
            Labels = new Dictionary<string, string> { ["app"] = "web" },
            OwnerReferences = [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = "web-abc", Uid = "u-rs", Controller = true, BlockOwnerDeletion = true }],
        },
        Spec = new V1PodSpec
        {
            NodeName = node,
            Containers =
            [
                new V1Container
                {
                    Name = "app",
                    Image = "nginx:1.27",
                    Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("100m"), ["memory"] = new("64Mi") } },
                    Ports = [new V1ContainerPort { ContainerPort = 80, Protocol = "TCP" }],
                },
            ],
        },
        Status = node is null ? null : new V1PodStatus
        {
            Phase = "Running",
            PodIP = "10.244.1.7",
            Conditions = [new V1PodCondition { Type = "Ready", Status = "True", LastTransitionTime = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc) }],
            ContainerStatuses = [
                new V1ContainerStatus
                {
                    Name = "app",
                    Image = "nginx:1.27",
                    ImageID = "sha256:1",
                    Ready = true,
                    State = new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = new DateTime(2025, 1, 1, 0, 0, 1, DateTimeKind.Utc) } },
                },
            ],
        },
    };

    private static void AssertKv(KeyValue? expected, KeyValue? actual)
    {
        if (expected is null)
        {
            Assert.Null(actual);
            return;
        }

        Assert.NotNull(actual);
        Assert.Equal((expected.Key, expected.CreateRevision, expected.ModRevision, expected.Version), (actual.Key, actual.CreateRevision, actual.ModRevision, actual.Version));
        Assert.Equal(expected.Value.Bytes, actual.Value.Bytes);
    }

    private static void AssertStatus(V1Status expected, V1Status? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal((expected.ApiVersion, expected.Kind, expected.Status, expected.Code, expected.Reason, expected.Message), (actual.ApiVersion, actual.Kind, actual.Status, actual.Code, actual.Reason, actual.Message));
        Assert.Equal(expected.Metadata is null, actual.Metadata is null);
        if (expected.Details is null)
        {
            Assert.Null(actual.Details);
            return;
        }

        Assert.Equal((expected.Details.Name, expected.Details.Group, expected.Details.Kind, expected.Details.Uid, expected.Details.RetryAfterSeconds), (actual.Details.Name, actual.Details.Group, actual.Details.Kind, actual.Details.Uid, actual.Details.RetryAfterSeconds));
        Assert.Equal(
            expected.Details.Causes?.Select(c => (c.Reason, c.Message, c.Field)),
            actual.Details.Causes?.Select(c => (c.Reason, c.Message, c.Field)));
    }
}
