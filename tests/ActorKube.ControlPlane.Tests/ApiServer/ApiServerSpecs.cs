using Akka.Actor;
using ActorKube.Client;
using ActorKube.Core.Objects;
using WatchEventType = ActorKube.Client.WatchEventType;

namespace ActorKube.ControlPlane.Tests.ApiServer;

public class ApiServerSpecs : ApiServerSpecBase
{
    [Fact]
    public void System_namespaces_exist_at_start()
    {
        foreach (var ns in new[] { "default", "kube-system", "kube-node-lease" })
        {
            Assert.True(Send(new GetObject(Resources.Namespaces, null, ns)).IsSuccess, ns);
        }
    }

    [Fact]
    public void Create_then_get_returns_the_stored_object_with_uid_rv_and_defaults()
    {
        var created = Send(new CreateObject(NewPod("web-1")));
        Assert.True(created.IsSuccess, created.Error?.Message);
        var pod = Assert.IsType<V1Pod>(created.Object);
        Assert.False(string.IsNullOrEmpty(pod.Metadata.Uid));
        Assert.True(long.Parse(pod.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal("Always", pod.Spec.RestartPolicy);
        Assert.NotNull(pod.TraceId());
        var got = Assert.IsType<V1Pod>(Send(new GetObject(Resources.Pods, "default", "web-1")).Object);
        Assert.Equal(pod.Metadata.ResourceVersion, got.Metadata.ResourceVersion);
        Assert.Equal(pod.Metadata.Uid, got.Metadata.Uid);
    }

    [Fact]
    public void Get_of_a_missing_object_is_404_NotFound()
    {
        var r = Send(new GetObject(Resources.Pods, "default", "nope"));
        Assert.Equal(404, r.Code);
        Assert.Equal("NotFound", r.Error!.Reason);
        Assert.Equal("pods \"nope\" not found", r.Error.Message);
    }

    [Fact]
    public void Create_twice_is_409_AlreadyExists_and_keeps_the_first()
    {
        var first = Send(new CreateObject(NewPod("dup")));
        var second = Send(new CreateObject(NewPod("dup", labels: new Dictionary<string, string> { ["app"] = "other" })));
        Assert.Equal(409, second.Code);
        Assert.Equal("AlreadyExists", second.Error!.Reason);
        var got = Send(new GetObject(Resources.Pods, "default", "dup")).Object!;
        Assert.Equal(first.Object!.Metadata.ResourceVersion, got.Metadata.ResourceVersion);
        Assert.Equal("web", got.Metadata.Labels["app"]);
    }

    [Fact]
    public async Task Invalid_name_is_422_Invalid_and_stores_nothing()
    {
        var r = Send(new CreateObject(NewPod("Not_A_Name")));
        Assert.Equal(422, r.Code);
        Assert.Equal("Invalid", r.Error!.Reason);
        Assert.Contains("metadata.name", r.Error.Message, StringComparison.Ordinal);
        Assert.Empty((await Api.ListAsync<V1Pod>("default")));
    }

    [Fact]
    public void Create_in_a_missing_namespace_is_404()
    {
        var r = Send(new CreateObject(NewPod("x", ns: "nowhere")));
        Assert.Equal(404, r.Code);
        Assert.Contains("namespaces \"nowhere\" not found", r.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Update_with_a_stale_resourceVersion_is_409_Conflict_and_changes_nothing()
    {
        var pod = (V1Pod)Send(new CreateObject(NewPod("cas"))).Object!;
        var v1 = KubeSerializer.DeepCopy(pod);
        v1.Metadata.Labels["v"] = "1";
        var updated = Send(new UpdateObject(v1));
        Assert.True(updated.IsSuccess, updated.Error?.Message);
        var stale = KubeSerializer.DeepCopy(pod);
        stale.Metadata.Labels["v"] = "stale";
        var r = Send(new UpdateObject(stale));
        Assert.Equal(409, r.Code);
        Assert.Equal("Conflict", r.Error!.Reason);
        Assert.Equal("1", Send(new GetObject(Resources.Pods, "default", "cas")).Object!.Metadata.Labels["v"]);
    }

    [Fact]
    public void Update_bumps_generation_on_spec_change_only()
    {
        var d = new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = "gen", NamespaceProperty = "default" },
            Spec = new V1DeploymentSpec
            {
                Replicas = 1,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "gen" } },
                Template = new V1PodTemplateSpec { Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "gen" } }, Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "nginx" }] } },
            },
        };
        var created = (V1Deployment)Send(new CreateObject(d)).Object!;
        Assert.Equal(1, created.Metadata.Generation);
        var labelled = KubeSerializer.DeepCopy(created);
        labelled.Metadata.Labels = new Dictionary<string, string> { ["x"] = "y" };
        var afterLabel = (V1Deployment)Send(new UpdateObject(labelled)).Object!;
        Assert.Equal(1, afterLabel.Metadata.Generation);
        var scaled = KubeSerializer.DeepCopy(afterLabel);
        scaled.Spec.Replicas = 4;
        Assert.Equal(2, Send(new UpdateObject(scaled)).Object!.Metadata.Generation);
        var status = KubeSerializer.DeepCopy((V1Deployment)Send(new GetObject(Resources.Deployments, "default", "gen")).Object!);
        status.Status = new V1DeploymentStatus { Replicas = 4, ObservedGeneration = 2 };
        var afterStatus = (V1Deployment)Send(new UpdateObject(status, "status")).Object!;
        Assert.Equal(2, afterStatus.Metadata.Generation);
        Assert.Equal(4, afterStatus.Status.Replicas);
    }

    [Fact]
    public async Task Bad_label_selector_is_400()
    {
        var r = (await Api.ApiServer.Ask<ApiListResponse>(new ListObjects(Resources.Pods, "default", "app in (web"), TimeSpan.FromSeconds(10)));
        Assert.Equal(400, r.Error?.Code);
    }

    [Fact]
    public async Task Unsupported_field_selector_is_400()
    {
        var r = (await Api.ApiServer.Ask<ApiListResponse>(new ListObjects(Resources.Pods, "default", FieldSelector: "spec.foo=bar"), TimeSpan.FromSeconds(10)));
        Assert.Equal(400, r.Error?.Code);
    }

    [Fact]
    public async Task List_filters_by_label_and_field_selectors()
    {
        Send(new CreateObject(NewNode("n1")));
        Send(new CreateObject(NewPod("a", labels: new Dictionary<string, string> { ["app"] = "web" })));
        Send(new CreateObject(NewPod("b", labels: new Dictionary<string, string> { ["app"] = "db" })));
        Send(new BindPod("default", "a", "n1"));
        Assert.Equal(["a"], (await Api.ListAsync<V1Pod>("default", "app=web")).Select(p => p.Metadata.Name));
        Assert.Equal(["a"], (await Api.ListAsync<V1Pod>(null, fieldSelector: "spec.nodeName=n1")).Select(p => p.Metadata.Name));
        Assert.Equal(["b"], (await Api.ListAsync<V1Pod>("default", fieldSelector: "spec.nodeName=")).Select(p => p.Metadata.Name));
    }

    [Fact]
    public void Binding_twice_is_409_and_to_a_missing_node_is_404()
    {
        Send(new CreateObject(NewNode("n1")));
        Send(new CreateObject(NewPod("p")));
        Assert.Equal(404, Send(new BindPod("default", "p", "ghost")).Code);
        Assert.True(Send(new BindPod("default", "p", "n1")).IsSuccess);
        Assert.Equal(409, Send(new BindPod("default", "p", "n1")).Code);
    }

    [Fact]
    public void Watch_delivers_changes_and_a_watch_from_an_old_revision_replays_them()
    {
        var watcher = CreateTestProbe();
        ApiServer.Tell(new StartWatch(Resources.Pods, "default") { Tag = "w" }, watcher.Ref);
        var created = Send(new CreateObject(NewPod("w1"))).Object!;
        var events = watcher.ExpectMsg<WatchEvents>(TimeSpan.FromSeconds(10));
        Assert.Equal("w", events.Tag);
        var added = Assert.Single(events.Events);
        Assert.Equal(WatchEventType.Added, added.Type);
        Assert.Equal(created.Metadata.ResourceVersion, added.Object!.Metadata.ResourceVersion);

        Send(new DeleteObject(Resources.Pods, "default", "w1"));
        var deleted = watcher.FishForMessage<WatchEvents>(e => e.Events.Any(x => x.Type == WatchEventType.Deleted), TimeSpan.FromSeconds(10));
        Assert.NotNull(deleted);

        var late = CreateTestProbe();
        ApiServer.Tell(new StartWatch(Resources.Pods, "default", ResourceVersion: created.Metadata.ResourceVersion, AllowBookmarks: false) { Tag = "late" }, late.Ref);
        var replay = late.ExpectMsg<WatchEvents>(TimeSpan.FromSeconds(10));
        Assert.Contains(replay.Events, e => e.Type == WatchEventType.Deleted && e.Object!.Metadata.Name == "w1");
    }

    [Fact]
    public void Watch_with_an_unparsable_resource_version_ends_with_400()
    {
        var watcher = CreateTestProbe();
        ApiServer.Tell(new StartWatch(Resources.Pods, ResourceVersion: "abc") { Tag = "x" }, watcher.Ref);
        Assert.Equal(400, watcher.ExpectMsg<WatchEnded>(TimeSpan.FromSeconds(10)).Error?.Code);
    }

    [Fact]
    public void Graceful_pod_deletion_marks_then_the_zero_grace_delete_removes()
    {
        Send(new CreateObject(NewNode("n1")));
        Send(new CreateObject(NewPod("g")));
        Send(new BindPod("default", "g", "n1"));
        var marked = Send(new DeleteObject(Resources.Pods, "default", "g"));
        Assert.True(marked.IsSuccess);
        var pod = (V1Pod)Send(new GetObject(Resources.Pods, "default", "g")).Object!;
        Assert.NotNull(pod.Metadata.DeletionTimestamp);
        Assert.Equal(30, pod.Metadata.DeletionGracePeriodSeconds);
        Assert.True(Send(new DeleteObject(Resources.Pods, "default", "g", new V1DeleteOptions { GracePeriodSeconds = 0 })).IsSuccess);
        Assert.Equal(404, Send(new GetObject(Resources.Pods, "default", "g")).Code);
    }

    [Fact]
    public void Finalizers_hold_the_object_until_removed()
    {
        var cm = new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "held", NamespaceProperty = "default", Finalizers = ["example.com/hold"] } };
        Send(new CreateObject(cm));
        Assert.True(Send(new DeleteObject(Resources.ConfigMaps, "default", "held")).IsSuccess);
        var terminating = (V1ConfigMap)Send(new GetObject(Resources.ConfigMaps, "default", "held")).Object!;
        Assert.NotNull(terminating.Metadata.DeletionTimestamp);
        var released = KubeSerializer.DeepCopy(terminating);
        released.Metadata.Finalizers = [];
        Assert.True(Send(new UpdateObject(released)).IsSuccess);
        Assert.Equal(404, Send(new GetObject(Resources.ConfigMaps, "default", "held")).Code);
    }

    [Fact]
    public void Merge_patch_changes_a_field_and_a_malformed_patch_is_400()
    {
        Send(new CreateObject(NewPod("patched")));
        var ok = Send(new PatchObject(Resources.Pods, "default", "patched", PatchType.Merge, """{"metadata":{"labels":{"tier":"front"}}}"""));
        Assert.True(ok.IsSuccess, ok.Error?.Message);
        Assert.Equal("front", ok.Object!.Metadata.Labels["tier"]);
        Assert.Equal(400, Send(new PatchObject(Resources.Pods, "default", "patched", PatchType.Merge, "{not json")).Code);
    }

    [Fact]
    public void Scale_subresource_reads_and_writes_replicas()
    {
        Send(new CreateObject(new V1ReplicaSet
        {
            Metadata = new V1ObjectMeta { Name = "rs", NamespaceProperty = "default" },
            Spec = new V1ReplicaSetSpec
            {
                Replicas = 2,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "rs" } },
                Template = new V1PodTemplateSpec { Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "rs" } }, Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "nginx" }] } },
            },
        }));
        var scale = Assert.IsType<V1Scale>(Send(new GetObject(Resources.ReplicaSets, "default", "rs", "scale")).Object);
        Assert.Equal(2, scale.Spec.Replicas);
        scale.Spec.Replicas = 5;
        Assert.True(Send(new UpdateObject(scale, "scale", Resources.ReplicaSets)).IsSuccess);
        Assert.Equal(5, ((V1ReplicaSet)Send(new GetObject(Resources.ReplicaSets, "default", "rs")).Object!).Spec.Replicas);
    }

    [Fact]
    public void Dry_run_validates_and_stores_nothing()
    {
        var r = Send(new CreateObject(NewPod("dry")) { DryRun = true });
        Assert.True(r.IsSuccess);
        Assert.Equal(404, Send(new GetObject(Resources.Pods, "default", "dry")).Code);
    }

    [Fact]
    public void Deleting_a_namespace_deletes_its_content_with_the_namespace_controller_absent_it_stays_terminating()
    {
        Send(new CreateObject(new V1Namespace { Metadata = new V1ObjectMeta { Name = "shop" } }));
        Send(new CreateObject(NewPod("x", ns: "shop")));
        Assert.True(Send(new DeleteObject(Resources.Namespaces, null, "shop")).IsSuccess);
        var ns = (V1Namespace)Send(new GetObject(Resources.Namespaces, null, "shop")).Object!;
        Assert.Equal("Terminating", ns.Status.Phase);
        var r = Send(new CreateObject(NewPod("y", ns: "shop")));
        Assert.Equal(403, r.Code);
        Assert.Equal("Forbidden", r.Error!.Reason);
    }
}
