using Akka.Actor;
using Akka.TestKit.Xunit2;
using ActorKube.Client;
using ActorKube.ControlPlane.Controllers.GarbageCollector;
using ActorKube.ControlPlane.Tests.Controllers.NodeLifecycle;
using ActorKube.Core.Api;
using ActorKube.Core.Objects;
using ActorKube.Core.Time;
using WatchEventType = ActorKube.Client.WatchEventType;

namespace ActorKube.ControlPlane.Tests.Controllers.GarbageCollector;

public class GarbageCollectorSpecs : TestKit
{
    private const int Informers = 12;
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(20);
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static V1OwnerReference Ref(IKubernetesObject<V1ObjectMeta> owner) => ObjectExtensions.OwnerReferenceTo(owner);

    private static V1Deployment Deployment(string name) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "Deployment",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", Uid = $"uid-{name}" },
    };

    private static V1ReplicaSet ReplicaSet(string name, params V1OwnerReference[] owners) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "ReplicaSet",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", Uid = $"uid-{name}", OwnerReferences = owners.Length == 0 ? null : owners },
    };

    private static V1Pod Pod(string name, params V1OwnerReference[] owners) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", Uid = $"uid-{name}", OwnerReferences = owners.Length == 0 ? null : owners },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "nginx" }] },
    };

    private static T Deleting<T>(T obj, string finalizer) where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var copy = KubeSerializer.DeepCopy(obj);
        copy.Metadata.DeletionTimestamp = T0;
        copy.Metadata.Finalizers = [finalizer];
        return copy;
    }

    private ApiServerProbe Start(params IKubernetesObject<V1ObjectMeta>[] objects)
    {
        var api = new ApiServerProbe(CreateTestProbe());
        Sys.ActorOf(GarbageCollectorActor.Props(api.Ref, new ClusterClock(100)), ActorNames.GarbageCollector);
        api.Serve(objects.GroupBy(Resources.ForObject).ToDictionary(g => g.Key, g => g.ToArray()), Informers);
        return api;
    }

    [Fact]
    public void Pods_of_a_deleted_replicaset_are_deleted_in_background()
    {
        var rs = ReplicaSet("web");
        var api = Start(rs, Pod("web-1", Ref(rs)), Pod("web-2", Ref(rs)), Pod("other"));

        api.Push(WatchEventType.Deleted, KubeSerializer.DeepCopy(rs));
        foreach (var name in new[] { "web-1", "web-2" })
        {
            var d = api.Next<DeleteObject>(x => x.Name == name, Long);
            Assert.Equal(("pods", "default", "Background", $"uid-{name}"), (d.Resource.Plural, d.Namespace, d.Options?.PropagationPolicy, d.Options?.Preconditions?.Uid));
        }

        api.CollectFor(TimeSpan.FromMilliseconds(300));
        Assert.DoesNotContain(api.All, m => m is DeleteObject { Name: "other" });
        Assert.DoesNotContain(api.All, m => m is GetObject); // the owner was seen deleted: no lookup needed
    }

    [Fact]
    public void Foreground_deletion_deletes_dependents_then_removes_the_finalizer()
    {
        var deploy = Deployment("web");
        var rs = ReplicaSet("web-abc", Ref(deploy));
        var pod = Pod("web-abc-1", Ref(rs));
        var api = Start(deploy, rs, pod);

        // The apiserver got DELETE ?propagationPolicy=Foreground: deletionTimestamp + finalizer.
        api.Push(WatchEventType.Modified, Deleting(deploy, WellKnown.FinalizerForeground));
        var rsDelete = api.Next<DeleteObject>(d => d.Name == "web-abc", Long);
        Assert.Equal("Foreground", rsDelete.Options?.PropagationPolicy); // it has dependents of its own

        api.Push(WatchEventType.Modified, Deleting(rs, WellKnown.FinalizerForeground));
        var podDelete = api.Next<DeleteObject>(d => d.Name == "web-abc-1", Long);
        Assert.Equal("Background", podDelete.Options?.PropagationPolicy);
        Assert.DoesNotContain(api.All, m => m is UpdateObject); // owners wait for their blocking dependents

        api.Push(WatchEventType.Deleted, KubeSerializer.DeepCopy(pod));
        var rsDone = api.Next<UpdateObject>(u => u.Object.Metadata.Name == "web-abc", Long);
        Assert.Null(rsDone.Object.Metadata.Finalizers);
        Assert.NotNull(rsDone.Object.Metadata.DeletionTimestamp);

        api.Push(WatchEventType.Deleted, Deleting(rs, WellKnown.FinalizerForeground));
        var deployDone = api.Next<UpdateObject>(u => u.Object.Metadata.Name == "web", Long);
        Assert.IsType<V1Deployment>(deployDone.Object);
        Assert.Null(deployDone.Object.Metadata.Finalizers);
        Assert.True(api.All.IndexOf(podDelete) < api.All.IndexOf(rsDone));
        Assert.True(api.All.IndexOf(rsDone) < api.All.IndexOf(deployDone));
    }

    [Fact]
    public void Orphan_deletion_removes_owner_references_then_the_finalizer()
    {
        var rs = ReplicaSet("web");
        var api = Start(rs, Pod("web-1", Ref(rs)), Pod("web-2", Ref(rs)));

        api.Push(WatchEventType.Modified, Deleting(rs, WellKnown.FinalizerOrphan));
        var updates = new[] { "web-1", "web-2" }
            .Select(n => api.Next<UpdateObject>(u => u.Object.Metadata.Name == n, Long))
            .ToList();
        Assert.All(updates, u => Assert.Null(u.Object.Metadata.OwnerReferences));
        Assert.DoesNotContain(api.All, m => m is UpdateObject { Object: V1ReplicaSet });
        Assert.DoesNotContain(api.All, m => m is DeleteObject);

        foreach (var u in updates)
        {
            api.Push(WatchEventType.Modified, KubeSerializer.DeepCopy(u.Object));
        }

        var done = api.Next<UpdateObject>(u => u.Object is V1ReplicaSet, Long);
        Assert.Null(done.Object.Metadata.Finalizers);
        api.CollectFor(TimeSpan.FromMilliseconds(300));
        Assert.DoesNotContain(api.All, m => m is DeleteObject);
    }

    [Fact]
    public void Dependent_of_an_owner_never_seen_is_deleted_after_a_lookup_finds_nothing()
    {
        var rs = ReplicaSet("gone");
        var api = Start(Pod("web-1", Ref(rs)));

        var get = api.Next<GetObject>(g => g.Name == "gone", Long);
        Assert.Equal(("replicasets", "default"), (get.Resource.Plural, get.Namespace));
        Assert.DoesNotContain(api.All, m => m is DeleteObject);
        api.Controller.Tell(ApiResponse.Fail(get.Tag, StatusErrors.NotFound(Resources.ReplicaSets, "gone")));

        api.Next<DeleteObject>(d => d.Name == "web-1", Long);
    }

    [Fact]
    public void Dependent_keeps_its_remaining_owner_and_loses_the_dangling_reference()
    {
        var a = ReplicaSet("a");
        var svc = new V1Service { ApiVersion = "v1", Kind = "Service", Metadata = new V1ObjectMeta { Name = "s", NamespaceProperty = "default", Uid = "uid-s" } };
        var api = Start(a, svc, Pod("p", Ref(a), Ref(svc)));

        api.Push(WatchEventType.Deleted, KubeSerializer.DeepCopy(a));
        var u = api.Next<UpdateObject>(x => x.Object.Metadata.Name == "p", Long);
        Assert.Equal("uid-s", Assert.Single(u.Object.Metadata.OwnerReferences).Uid);
        Assert.DoesNotContain(api.All, m => m is DeleteObject);
    }
}
