using System.Collections.Concurrent;
using ActorKube.Client;
using WatchEventType = ActorKube.Client.WatchEventType;
using ActorKube.Core.Objects;
using static ActorKube.Cli.Tests.Integration.ClusterTestKit;

namespace ActorKube.Cli.Tests.Integration;

/// <summary>Deployments and ReplicaSets through the whole cluster: apiserver, controllers, scheduler, kubelets.</summary>
[Collection(ClusterCollection.Name)]
public sealed class DeploymentSpecs(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private const string RevisionAnnotation = "deployment.kubernetes.io/revision";
    private readonly ApiClient _api = fixture.Cluster.Api;

    [Fact]
    public async Task Rolling_update_respects_maxSurge_and_maxUnavailable_at_every_step_and_rollback_reuses_the_old_ReplicaSet()
    {
        const string ns = "rolling";
        const int replicas = 4;
        await CreateNamespaceAsync(_api, ns);
        var record = await RecordAsync(fixture.Cluster, ns, Resources.Pods);
        await _api.CreateAsync(Deployment(ns, "web", replicas, "nginx:1.27", maxSurge: 1, maxUnavailable: 1));
        await UntilRolledOut(ns, "nginx:1.27", replicas);
        var first = Assert.Single(await _api.ListAsync<V1ReplicaSet>(ns));
        Assert.Equal("1", first.Metadata.Annotations[RevisionAnnotation]);

        await _api.PatchAsync<V1Deployment>(ns, "web", PatchType.StrategicMerge, """{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"nginx:1.28"}]}}}}""");
        await UntilRolledOut(ns, "nginx:1.28", replicas);
        var rss = await _api.ListAsync<V1ReplicaSet>(ns);
        Assert.Equal(2, rss.Count);
        var old = rss.Single(r => r.Metadata.Uid == first.Metadata.Uid);
        var updated = rss.Single(r => r.Metadata.Uid != first.Metadata.Uid);
        Assert.Equal(0, old.Spec.Replicas);
        Assert.Equal(0, old.Status.Replicas);
        Assert.Equal(replicas, updated.Spec.Replicas);
        Assert.Equal("2", updated.Metadata.Annotations[RevisionAnnotation]);

        // Rollback: the template is the old one again, so the old ReplicaSet (same pod-template-hash)
        // is scaled back up and gets the next revision; no third ReplicaSet appears.
        await _api.PatchAsync<V1Deployment>(ns, "web", PatchType.StrategicMerge, """{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"nginx:1.27"}]}}}}""");
        await UntilRolledOut(ns, "nginx:1.27", replicas);
        rss = await _api.ListAsync<V1ReplicaSet>(ns);
        Assert.Equal(2, rss.Count);
        old = rss.Single(r => r.Metadata.Uid == first.Metadata.Uid);
        Assert.Equal(first.Metadata.Name, old.Metadata.Name);
        Assert.Equal("3", old.Metadata.Annotations[RevisionAnnotation]);
        Assert.Equal(replicas, old.Spec.Replicas);
        Assert.Equal(0, rss.Single(r => r.Metadata.Uid != first.Metadata.Uid).Spec.Replicas);
        var deployment = await _api.GetAsync<V1Deployment>(ns, "web");
        Assert.Equal("3", deployment!.Metadata.Annotations[RevisionAnnotation]);

        AssertRollingUpdateBounds(record, replicas, maxSurge: 1, maxUnavailable: 1);
    }

    [Fact]
    public async Task ReplicaSet_scales_up_through_the_scale_subresource_and_down_through_a_patch()
    {
        const string ns = "scaling";
        await CreateNamespaceAsync(_api, ns);
        var labels = new Dictionary<string, string> { ["app"] = "rs" };
        await _api.CreateAsync(new V1ReplicaSet
        {
            Metadata = new V1ObjectMeta { Name = "rs", NamespaceProperty = ns },
            Spec = new V1ReplicaSetSpec
            {
                Replicas = 2,
                Selector = new V1LabelSelector { MatchLabels = labels },
                Template = new V1PodTemplateSpec { Metadata = new V1ObjectMeta { Labels = labels }, Spec = PodSpec("nginx:1.27") },
            },
        });
        await UntilReplicaSet(ns, "rs", 2);

        var scale = new V1Scale { Metadata = new V1ObjectMeta { Name = "rs", NamespaceProperty = ns }, Spec = new V1ScaleSpec { Replicas = 5 } };
        var response = await _api.SendAsync(new UpdateObject(scale, "scale", Resources.ReplicaSets));
        Assert.True(response.IsSuccess, response.Error?.Message);
        var scaled = Assert.IsType<V1Scale>(response.Object);
        Assert.Equal(5, scaled.Spec.Replicas);
        await UntilReplicaSet(ns, "rs", 5);
        var read = await _api.SendAsync(new GetObject(Resources.ReplicaSets, ns, "rs", "scale"));
        var readScale = Assert.IsType<V1Scale>(read.Object);
        Assert.Equal(5, readScale.Spec.Replicas);
        Assert.Equal(5, readScale.Status.Replicas);

        var patched = await _api.PatchAsync<V1ReplicaSet>(ns, "rs", PatchType.Merge, """{"spec":{"replicas":1}}""");
        Assert.True(patched.IsSuccess, patched.Error?.Message);
        await UntilReplicaSet(ns, "rs", 1);
    }

    [Fact]
    public async Task Background_deletion_removes_the_ReplicaSets_and_pods_of_a_Deployment()
    {
        const string ns = "gc-background";
        await CreateNamespaceAsync(_api, ns);
        await _api.CreateAsync(Deployment(ns, "web", 3, "nginx:1.27"));
        await UntilRolledOut(ns, "nginx:1.27", 3);

        var r = await _api.DeleteAsync<V1Deployment>(ns, "web", new V1DeleteOptions { PropagationPolicy = "Background" });
        Assert.True(r.IsSuccess, r.Error?.Message);
        Assert.Null(await _api.GetAsync<V1Deployment>(ns, "web"));
        await Until(
            async () => (Rs: await _api.ListAsync<V1ReplicaSet>(ns), Pods: await _api.ListAsync<V1Pod>(ns)),
            s => s.Rs.Count == 0 && s.Pods.Count == 0,
            "the ReplicaSet and its pods to be garbage collected",
            describe: s => $"{s.Rs.Count} ReplicaSets, pods: {Describe(s.Pods)}");
    }

    [Fact]
    public async Task Orphan_deletion_keeps_the_ReplicaSet_and_its_pods_without_an_ownerReference()
    {
        const string ns = "gc-orphan";
        await CreateNamespaceAsync(_api, ns);
        await _api.CreateAsync(Deployment(ns, "web", 2, "nginx:1.27"));
        await UntilRolledOut(ns, "nginx:1.27", 2);
        var rs = Assert.Single(await _api.ListAsync<V1ReplicaSet>(ns));
        Assert.NotEmpty(rs.Metadata.OwnerReferences);

        var r = await _api.DeleteAsync<V1Deployment>(ns, "web", new V1DeleteOptions { PropagationPolicy = "Orphan" });
        Assert.True(r.IsSuccess, r.Error?.Message);
        await Until(() => _api.GetAsync<V1Deployment>(ns, "web"), d => d is null, "the Deployment to be deleted", describe: d => $"finalizers [{string.Join(",", d?.Metadata.Finalizers ?? [])}]");
        var orphan = await Until(
            () => _api.GetAsync<V1ReplicaSet>(ns, rs.Metadata.Name),
            x => x is not null && (x.Metadata.OwnerReferences is null || x.Metadata.OwnerReferences.Count == 0),
            "the ReplicaSet to lose its ownerReference",
            describe: x => x is null ? "deleted" : $"{x.Metadata.OwnerReferences?.Count} ownerReferences");
        Assert.Equal(rs.Metadata.Uid, orphan!.Metadata.Uid);
        Assert.Null(orphan.Metadata.DeletionTimestamp);

        // The ReplicaSet keeps running its pods; the garbage collector must not come back for it.
        var pods = await _api.ListAsync<V1Pod>(ns);
        Assert.Equal(2, pods.Count(IsReady));
        Assert.All(pods, p => Assert.Equal(rs.Metadata.Uid, p.Metadata.OwnerReferences.Single().Uid));
        await UntilReplicaSet(ns, rs.Metadata.Name, 2);
        Assert.NotNull(await _api.GetAsync<V1ReplicaSet>(ns, rs.Metadata.Name));
    }

    [Fact]
    public async Task Foreground_deletion_removes_the_Deployment_only_after_its_dependents()
    {
        const string ns = "gc-foreground";
        await CreateNamespaceAsync(_api, ns);
        await _api.CreateAsync(Deployment(ns, "web", 3, "nginx:1.27"));
        await UntilRolledOut(ns, "nginx:1.27", 3);
        var record = await RecordAsync(fixture.Cluster, ns, Resources.Deployments, Resources.ReplicaSets, Resources.Pods);

        var r = await _api.DeleteAsync<V1Deployment>(ns, "web", new V1DeleteOptions { PropagationPolicy = "Foreground" });
        Assert.True(r.IsSuccess, r.Error?.Message);
        var deleting = Assert.IsType<V1Deployment>(r.Object);
        Assert.NotNull(deleting.Metadata.DeletionTimestamp);
        Assert.Contains("foregroundDeletion", deleting.Metadata.Finalizers);

        await Until(() => _api.GetAsync<V1Deployment>(ns, "web"), d => d is null, "the Deployment to be deleted", describe: d => $"finalizers [{string.Join(",", d?.Metadata.Finalizers ?? [])}]");
        Assert.Empty(await _api.ListAsync<V1ReplicaSet>(ns));
        Assert.Empty(await _api.ListAsync<V1Pod>(ns));

        // Every dependent was gone (DELETED at a lower revision) before the Deployment itself.
        var deletions = await Until(
            () => Task.FromResult(record.SelectMany(b => b.Events.Where(e => e.Type == WatchEventType.Deleted).Select(e => (b.Resource, e.ResourceVersion))).ToList()),
            d => d.Count(x => x.Resource == "deployments") == 1 && d.Count(x => x.Resource == "replicasets") == 1 && d.Count(x => x.Resource == "pods") == 3,
            "the DELETED watch events of the Deployment, its ReplicaSet and its 3 pods",
            describe: d => string.Join(", ", d));
        var deploymentGone = deletions.Single(x => x.Resource == "deployments").ResourceVersion;
        Assert.All(deletions.Where(x => x.Resource != "deployments"), x => Assert.True(x.ResourceVersion < deploymentGone, $"{x.Resource} deleted at {x.ResourceVersion}, after the Deployment ({deploymentGone})"));
    }

    /// <summary>Replays the pod watch batch by batch: the cluster state after each etcd batch must respect the bounds.</summary>
    private static void AssertRollingUpdateBounds(ConcurrentQueue<WatchBatch> record, int replicas, int maxSurge, int maxUnavailable)
    {
        var pods = new Dictionary<string, V1Pod>(StringComparer.Ordinal);
        var available = false;
        var maxLive = 0;
        var minReady = int.MaxValue;
        var images = new HashSet<string>(StringComparer.Ordinal);
        foreach (var batch in record)
        {
            Assert.Null(batch.Ended);
            foreach (var e in batch.Events)
            {
                var pod = (V1Pod)e.Object!;
                if (e.Type == WatchEventType.Deleted)
                {
                    pods.Remove(pod.Metadata.Uid);
                }
                else
                {
                    pods[pod.Metadata.Uid] = pod;
                }
            }

            var live = pods.Values.Count(p => p.Metadata.DeletionTimestamp is null);
            var ready = pods.Values.Count(IsReady);
            images.UnionWith(pods.Values.Select(Image));
            maxLive = Math.Max(maxLive, live);
            Assert.True(live <= replicas + maxSurge, $"{live} live pods > replicas {replicas} + maxSurge {maxSurge}: {Describe(pods.Values)}");
            available |= ready == replicas;
            if (available)
            {
                minReady = Math.Min(minReady, ready);
                Assert.True(ready >= replicas - maxUnavailable, $"{ready} ready pods < replicas {replicas} - maxUnavailable {maxUnavailable}: {Describe(pods.Values)}");
            }
        }

        // The record saw the whole story: both images, and the surge really used.
        Assert.True(available);
        Assert.Equal(["nginx:1.27", "nginx:1.28"], images.Order());
        Assert.Equal(replicas + maxSurge, maxLive);
    }

    private async Task UntilRolledOut(string ns, string image, int replicas) =>
        await Until(
            async () => (Deployment: await _api.GetAsync<V1Deployment>(ns, "web"), Pods: await _api.ListAsync<V1Pod>(ns)),
            s => s.Deployment?.Status is { } st
                && st.ObservedGeneration == s.Deployment.Metadata.Generation
                && st.UpdatedReplicas == replicas && st.AvailableReplicas == replicas && st.Replicas == replicas
                && s.Pods.Count == replicas && s.Pods.All(p => IsReady(p) && Image(p) == image),
            $"Deployment {ns}/web rolled out to {replicas} x {image}",
            describe: s => $"status {s.Deployment?.Status?.UpdatedReplicas}/{s.Deployment?.Status?.AvailableReplicas}/{s.Deployment?.Status?.Replicas}; pods: {Describe(s.Pods)}");

    private async Task UntilReplicaSet(string ns, string name, int replicas) =>
        await Until(
            async () => (Rs: await _api.GetAsync<V1ReplicaSet>(ns, name), Pods: await _api.ListAsync<V1Pod>(ns)),
            s => s.Rs?.Status is { } st && st.Replicas == replicas && st.ReadyReplicas == replicas && st.ObservedGeneration == s.Rs.Metadata.Generation
                && s.Pods.Count == replicas && s.Pods.All(IsReady),
            $"ReplicaSet {ns}/{name} at {replicas} ready pods",
            describe: s => $"status {s.Rs?.Status?.Replicas}/{s.Rs?.Status?.ReadyReplicas}; pods: {Describe(s.Pods)}");
}
