using ActorKube.Core.Controllers.GarbageCollector;
using ActorKube.Core.Objects;

namespace ActorKube.Core.Tests.Controllers.GarbageCollector;

public class GarbageCollectorLogicTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    internal static V1OwnerReference Ref(IKubernetesObject<V1ObjectMeta> owner, bool block = true) => new()
    {
        ApiVersion = Resources.ForObject(owner).ApiVersion,
        Kind = Resources.ForObject(owner).Kind,
        Name = owner.Metadata.Name,
        Uid = owner.Metadata.Uid,
        Controller = true,
        BlockOwnerDeletion = block,
    };

    internal static V1ReplicaSet Rs(string name, params V1OwnerReference[] owners) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "ReplicaSet",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", Uid = $"uid-{name}", ResourceVersion = "1", OwnerReferences = owners.Length == 0 ? null : owners },
    };

    internal static V1Deployment Deploy(string name) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "Deployment",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", Uid = $"uid-{name}", ResourceVersion = "1" },
    };

    internal static V1Pod Pod(string name, params V1OwnerReference[] owners) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", Uid = $"uid-{name}", ResourceVersion = "1", OwnerReferences = owners.Length == 0 ? null : owners },
    };

    private static T Deleting<T>(T obj, string finalizer) where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var copy = KubeSerializer.DeepCopy(obj);
        copy.Metadata.DeletionTimestamp = T0;
        copy.Metadata.Finalizers = [finalizer];
        return copy;
    }

    [Fact]
    public void Dependent_with_all_owners_present_is_left_alone()
    {
        var g = new OwnerGraph();
        var rs = Rs("web");
        g.Upsert(rs);
        g.Upsert(Pod("web-1", Ref(rs)));
        Assert.Empty(GarbageCollectorLogic.Decide(g, "uid-web-1"));
    }

    [Fact]
    public void Background_owner_deleted_dependents_are_deleted_in_background()
    {
        var g = new OwnerGraph();
        var rs = Rs("web");
        g.Upsert(rs);
        g.Upsert(Pod("web-1", Ref(rs)));
        g.Upsert(Pod("web-2", Ref(rs)));
        var work = g.Remove(rs);
        Assert.Equal(["uid-web-1", "uid-web-2"], work.Order());

        var d = Assert.IsType<GcDeleteAction>(Assert.Single(GarbageCollectorLogic.Decide(g, "uid-web-1")));
        Assert.Equal(("default", "web-1", "uid-web-1", "Background", "pods"), (d.Namespace, d.Name, d.Uid, d.PropagationPolicy, d.Resource.Plural));
    }

    [Fact]
    public void Owner_never_observed_is_verified_before_deleting()
    {
        var g = new OwnerGraph();
        var rs = Rs("web");
        g.Upsert(Pod("web-1", Ref(rs)));
        var v = Assert.IsType<GcVerifyOwnerAction>(Assert.Single(GarbageCollectorLogic.Decide(g, "uid-web-1")));
        Assert.Equal(("default", "web", "uid-web", "replicasets"), (v.Namespace, v.Name, v.Uid, v.Resource.Plural));

        Assert.Equal(["uid-web-1"], g.OwnerVerified("uid-web", exists: true));
        Assert.Empty(GarbageCollectorLogic.Decide(g, "uid-web-1"));

        g.OwnerVerified("uid-web", exists: false);
        Assert.IsType<GcDeleteAction>(Assert.Single(GarbageCollectorLogic.Decide(g, "uid-web-1")));
    }

    [Fact]
    public void Owner_of_unknown_kind_keeps_the_dependent()
    {
        var g = new OwnerGraph();
        g.Upsert(Pod("web-1", new V1OwnerReference { ApiVersion = "example.com/v1", Kind = "Widget", Name = "w", Uid = "uid-w" }));
        Assert.Empty(GarbageCollectorLogic.Decide(g, "uid-web-1"));
    }

    [Fact]
    public void Multiple_owners_one_gone_removes_only_the_dangling_reference()
    {
        var g = new OwnerGraph();
        var a = Rs("a");
        var b = Rs("b");
        g.Upsert(a);
        g.Upsert(b);
        var pod = Pod("p", Ref(a), Ref(b));
        g.Upsert(pod);
        Assert.Contains("uid-p", g.Remove(a));

        var u = Assert.IsType<GcUpdateAction>(Assert.Single(GarbageCollectorLogic.Decide(g, "uid-p")));
        Assert.Equal("uid-b", Assert.Single(u.Object.Metadata.OwnerReferences).Uid);
        Assert.Equal("1", u.Object.Metadata.ResourceVersion);
        Assert.Equal(2, pod.Metadata.OwnerReferences.Count); // cached object not changed

        g.Upsert(u.Object);
        Assert.Empty(GarbageCollectorLogic.Decide(g, "uid-p"));
    }

    [Fact]
    public void Dependent_with_orphan_finalizer_is_deleted_with_orphan_policy()
    {
        var g = new OwnerGraph();
        var rs = Rs("web");
        var pod = Pod("web-1", Ref(rs));
        pod.Metadata.Finalizers = [WellKnown.FinalizerOrphan];
        g.Upsert(pod);
        g.OwnerVerified("uid-web", exists: false);
        Assert.Equal("Orphan", Assert.IsType<GcDeleteAction>(Assert.Single(GarbageCollectorLogic.Decide(g, "uid-web-1"))).PropagationPolicy);
    }

    [Fact]
    public void Foreground_owner_waits_for_blocking_dependents_then_drops_its_finalizer()
    {
        var g = new OwnerGraph();
        var deploy = Deploy("web");
        var rs = Rs("web-abc", Ref(deploy));
        var pod = Pod("web-abc-1", Ref(rs));
        g.Upsert(deploy);
        g.Upsert(rs);
        g.Upsert(pod);

        Assert.Contains("uid-web", g.Upsert(Deleting(deploy, WellKnown.FinalizerForeground)));
        var actions = GarbageCollectorLogic.Decide(g, "uid-web");
        Assert.Equal("uid-web-abc", Assert.IsType<GcEnqueueAction>(Assert.Single(actions)).Uid);

        // The RS has dependents of its own: it is deleted in the foreground too.
        Assert.Equal("Foreground", Assert.IsType<GcDeleteAction>(Assert.Single(GarbageCollectorLogic.Decide(g, "uid-web-abc"))).PropagationPolicy);
        Assert.Contains("uid-web-abc", g.Upsert(Deleting(rs, WellKnown.FinalizerForeground)));
        Assert.Equal("uid-web-abc-1", Assert.IsType<GcEnqueueAction>(Assert.Single(GarbageCollectorLogic.Decide(g, "uid-web-abc"))).Uid);

        // The leaf pod goes in the background.
        Assert.Equal("Background", Assert.IsType<GcDeleteAction>(Assert.Single(GarbageCollectorLogic.Decide(g, "uid-web-abc-1"))).PropagationPolicy);
        Assert.Contains("uid-web-abc", g.Remove(pod));

        var rsDone = Assert.IsType<GcUpdateAction>(Assert.Single(GarbageCollectorLogic.Decide(g, "uid-web-abc")));
        Assert.Null(rsDone.Object.Metadata.Finalizers);
        Assert.Contains("uid-web", g.Remove(rs));
        var deployDone = Assert.IsType<GcUpdateAction>(Assert.Single(GarbageCollectorLogic.Decide(g, "uid-web")));
        Assert.Equal("remove finalizer foregroundDeletion", deployDone.Reason);
    }

    [Fact]
    public void Foreground_owner_does_not_wait_for_non_blocking_dependents()
    {
        var g = new OwnerGraph();
        var rs = Rs("web");
        g.Upsert(Pod("web-1", Ref(rs, block: false)));
        g.Upsert(Deleting(rs, WellKnown.FinalizerForeground));
        var actions = GarbageCollectorLogic.Decide(g, "uid-web");
        Assert.Contains(actions, a => a is GcEnqueueAction { Uid: "uid-web-1" });
        Assert.Contains(actions, a => a is GcUpdateAction);
    }

    [Fact]
    public void Dependent_of_foreground_owner_with_other_solid_owner_only_drops_the_reference()
    {
        var g = new OwnerGraph();
        var a = Rs("a");
        var b = Rs("b");
        g.Upsert(b);
        g.Upsert(Deleting(a, WellKnown.FinalizerForeground));
        g.Upsert(Pod("p", Ref(a), Ref(b)));
        var u = Assert.IsType<GcUpdateAction>(Assert.Single(GarbageCollectorLogic.Decide(g, "uid-p")));
        Assert.Equal("uid-b", Assert.Single(u.Object.Metadata.OwnerReferences).Uid);
    }

    [Fact]
    public void Orphan_owner_releases_dependents_then_drops_its_finalizer()
    {
        var g = new OwnerGraph();
        var rs = Rs("web");
        g.Upsert(rs);
        g.Upsert(Pod("web-1", Ref(rs)));
        g.Upsert(Pod("web-2", Ref(rs), new V1OwnerReference { ApiVersion = "v1", Kind = "Service", Name = "s", Uid = "uid-s" }));

        Assert.Contains("uid-web", g.Upsert(Deleting(rs, WellKnown.FinalizerOrphan)));
        var actions = GarbageCollectorLogic.Decide(g, "uid-web").Cast<GcUpdateAction>().ToList();
        Assert.Equal(2, actions.Count);
        Assert.Null(actions.Single(a => a.Object.Metadata.Name == "web-1").Object.Metadata.OwnerReferences);
        Assert.Equal("uid-s", Assert.Single(actions.Single(a => a.Object.Metadata.Name == "web-2").Object.Metadata.OwnerReferences).Uid);

        foreach (var a in actions)
        {
            var work = g.Upsert(a.Object);
            Assert.Contains("uid-web", work);
        }

        var done = Assert.IsType<GcUpdateAction>(Assert.Single(GarbageCollectorLogic.Decide(g, "uid-web")));
        Assert.Null(done.Object.Metadata.Finalizers);
        Assert.NotNull(done.Object.Metadata.DeletionTimestamp);
    }

    [Fact]
    public void Cycle_of_present_objects_is_left_alone()
    {
        var g = new OwnerGraph();
        var a = Rs("a");
        var b = Rs("b", Ref(a));
        a.Metadata.OwnerReferences = [Ref(b)];
        g.Upsert(a);
        g.Upsert(b);
        Assert.Empty(GarbageCollectorLogic.Decide(g, "uid-a"));
        Assert.Empty(GarbageCollectorLogic.Decide(g, "uid-b"));
    }

    [Theory]
    [InlineData("Background")]
    [InlineData("Foreground")]
    [InlineData("Orphan")]
    public void Deleting_one_member_of_a_cycle_terminates(string policy)
    {
        var a = Rs("a");
        var b = Rs("b", Ref(a));
        var c = Pod("c", Ref(b));
        a.Metadata.OwnerReferences = [Ref(b)];
        var cluster = new FakeCluster(a, b, c);
        cluster.Delete("uid-a", policy);
        var steps = cluster.Run();
        Assert.True(steps < 100, $"took {steps} steps");
        if (policy == "Orphan")
        {
            Assert.Equal(["uid-b", "uid-c"], cluster.Uids);
            Assert.Null(cluster.Get("uid-b")!.Metadata.OwnerReferences);
        }
        else
        {
            Assert.Empty(cluster.Uids);
        }
    }

    [Fact]
    public void Foreground_deletion_of_a_tree_removes_everything_bottom_up()
    {
        var deploy = Deploy("web");
        var rs = Rs("web-abc", Ref(deploy));
        var cluster = new FakeCluster(deploy, rs, Pod("p1", Ref(rs)), Pod("p2", Ref(rs)), Pod("unrelated"));
        cluster.Delete("uid-web", "Foreground");
        cluster.Run();
        Assert.Equal(["uid-unrelated"], cluster.Uids);
        Assert.Equal("uid-web", cluster.DeletedOrder.Last());
    }

    /// <summary>A tiny apiserver + GC loop: applies the decisions the way the apiserver would.</summary>
    private sealed class FakeCluster
    {
        private readonly Dictionary<string, IKubernetesObject<V1ObjectMeta>> _objects = new(StringComparer.Ordinal);
        private readonly Queue<string> _queue = new();

        public FakeCluster(params IKubernetesObject<V1ObjectMeta>[] objects)
        {
            foreach (var o in objects)
            {
                _objects[o.Metadata.Uid] = o;
                Enqueue(Graph.Upsert(o));
            }
        }

        public OwnerGraph Graph { get; } = new();

        public List<string> DeletedOrder { get; } = [];

        public IEnumerable<string> Uids => _objects.Keys.Order(StringComparer.Ordinal);

        public IKubernetesObject<V1ObjectMeta>? Get(string uid) => _objects.GetValueOrDefault(uid);

        public void Delete(string uid, string policy)
        {
            if (!_objects.TryGetValue(uid, out var obj))
            {
                return;
            }

            if (policy is "Foreground" or "Orphan")
            {
                var copy = KubeSerializer.DeepCopy(obj);
                copy.Metadata.DeletionTimestamp ??= T0;
                var f = policy == "Foreground" ? WellKnown.FinalizerForeground : WellKnown.FinalizerOrphan;
                copy.Metadata.Finalizers = (copy.Metadata.Finalizers ?? []).Append(f).Distinct().ToList();
                Put(copy);
            }
            else if (obj.Metadata.Finalizers is { Count: > 0 })
            {
                var copy = KubeSerializer.DeepCopy(obj);
                copy.Metadata.DeletionTimestamp ??= T0;
                Put(copy);
            }
            else
            {
                _objects.Remove(uid);
                DeletedOrder.Add(uid);
                Enqueue(Graph.Remove(obj));
            }
        }

        public int Run()
        {
            var steps = 0;
            while (_queue.Count > 0 && steps < 1000)
            {
                steps++;
                foreach (var action in GarbageCollectorLogic.Decide(Graph, _queue.Dequeue()))
                {
                    switch (action)
                    {
                        case GcDeleteAction d:
                            Delete(d.Uid, d.PropagationPolicy);
                            break;
                        case GcUpdateAction u when _objects.ContainsKey(u.Object.Metadata.Uid):
                            Put(u.Object);
                            break;
                        case GcVerifyOwnerAction v:
                            Enqueue(Graph.OwnerVerified(v.Uid, _objects.ContainsKey(v.Uid)));
                            break;
                        case GcEnqueueAction e:
                            _queue.Enqueue(e.Uid);
                            break;
                    }
                }
            }

            return steps;
        }

        private void Put(IKubernetesObject<V1ObjectMeta> obj)
        {
            if (obj.Metadata.DeletionTimestamp is not null && obj.Metadata.Finalizers is not { Count: > 0 })
            {
                _objects.Remove(obj.Metadata.Uid);
                DeletedOrder.Add(obj.Metadata.Uid);
                Enqueue(Graph.Remove(obj));
                return;
            }

            _objects[obj.Metadata.Uid] = obj;
            Enqueue(Graph.Upsert(obj));
        }

        private void Enqueue(IEnumerable<string> uids)
        {
            foreach (var u in uids)
            {
                _queue.Enqueue(u);
            }
        }
    }
}
