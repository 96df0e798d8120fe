using ActorKube.Core.Controllers.Deployment;
using ActorKube.Core.Objects;
using static ActorKube.Core.Controllers.Deployment.DeploymentUtil;
using static ActorKube.Core.Tests.Controllers.Fixtures;

namespace ActorKube.Core.Tests.Controllers;

public class DeploymentReconcilerTests
{
    [Fact]
    public void A_new_deployment_creates_its_replica_set_with_the_hash_name_and_revision_1()
    {
        var d = Deployment("web", 3);

        var sync = DeploymentReconciler.Sync(d, [], null, T0);

        var create = Assert.Single(sync.OfType<CreateReplicaSet>());
        var rs = create.ReplicaSet;
        var hash = PodTemplateHash.Compute(d.Spec.Template, null);
        Assert.Equal($"web-{hash}", rs.Metadata.Name);
        Assert.Equal(3, rs.Spec.Replicas);
        Assert.Equal("1", rs.Metadata.Annotations[WellKnown.DeploymentRevisionAnnotation]);
        Assert.Equal("3", rs.Metadata.Annotations[WellKnown.DesiredReplicasAnnotation]);
        Assert.Equal("4", rs.Metadata.Annotations[WellKnown.MaxReplicasAnnotation]);
        Assert.Equal("trace-1", rs.Metadata.Annotations[WellKnown.TraceIdAnnotation]);
        Assert.Equal(hash, rs.Spec.Template.Metadata.Labels[WellKnown.PodTemplateHashLabel]);
        Assert.Equal(hash, rs.Spec.Selector.MatchLabels[WellKnown.PodTemplateHashLabel]);
        Assert.Equal(hash, rs.Metadata.Labels[WellKnown.PodTemplateHashLabel]);
        Assert.Equal(d.Metadata.Uid, rs.ControllerRef()!.Uid);
        Assert.Equal($"Scaled up replica set web-{hash} to 3 from 0", create.Event!.Message);
        Assert.Equal("ScalingReplicaSet", create.Event.Reason);

        var status = Assert.Single(sync.OfType<UpdateDeploymentStatus>()).Deployment.Status;
        var progressing = GetCondition(status, ConditionProgressing)!;
        Assert.Equal(NewReplicaSetReason, progressing.Reason);
        Assert.Equal($"Created new replica set \"web-{hash}\"", progressing.Message);
        Assert.Equal("1", Assert.Single(sync.OfType<SetDeploymentRevision>()).Revision);
    }

    [Fact]
    public void Template_hash_is_stable_and_changes_with_template_and_collision_count()
    {
        var a = PodTemplateHash.Compute(Template("nginx:1"), null);
        Assert.Equal(a, PodTemplateHash.Compute(Template("nginx:1"), null));
        Assert.NotEqual(a, PodTemplateHash.Compute(Template("nginx:2"), null));
        Assert.NotEqual(a, PodTemplateHash.Compute(Template("nginx:1"), 1));
        Assert.All(a, c => Assert.Contains(c, "bcdfghjklmnpqrstvwxz2456789"));

        var reordered = Template("nginx:1", new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" });
        var sorted = Template("nginx:1", new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" });
        Assert.Equal(PodTemplateHash.Compute(sorted, null), PodTemplateHash.Compute(reordered, null));

        var withHash = Template("nginx:1");
        withHash.Metadata.Labels[WellKnown.PodTemplateHashLabel] = "abc";
        Assert.True(PodTemplateHash.EqualIgnoreHash(withHash, Template("nginx:1")));
    }

    [Fact]
    public void Warming_the_template_hash_changes_no_hash()
    {
        var before = PodTemplateHash.Compute(Template("nginx:1"), 2);

        PodTemplateHash.Warm();
        PodTemplateHash.Warm();

        Assert.Equal(before, PodTemplateHash.Compute(Template("nginx:1"), 2));
    }

    [Theory]
    [InlineData(10, "25%", "25%", 3, 2)]
    [InlineData(10, null, null, 3, 2)]
    [InlineData(3, "1", "0", 1, 0)]
    [InlineData(5, "0", "0", 0, 1)]
    [InlineData(5, "0%", "0%", 0, 1)]
    [InlineData(4, "30%", "30%", 2, 1)]
    public void Fenceposts_round_surge_up_and_unavailable_down(int replicas, string? surge, string? unavailable, int expectedSurge, int expectedUnavailable)
    {
        var d = Deployment("web", replicas, surge, unavailable);
        Assert.Equal(expectedSurge, MaxSurge(d));
        Assert.Equal(expectedUnavailable, MaxUnavailable(d));
    }

    [Theory]
    [InlineData(10, "25%", "25%", 1)]
    [InlineData(10, "25%", "25%", 10)]
    [InlineData(3, "1", "0", 1)]
    [InlineData(3, "0", "1", 1)]
    [InlineData(5, "0", "0", 2)]
    [InlineData(4, "50%", "50%", 1)]
    [InlineData(7, "2", "3", 3)]
    public void Rolling_update_respects_max_surge_and_max_unavailable_at_every_step(int replicas, string surge, string unavailable, int readyPerStep)
    {
        var cluster = new FakeDeploymentCluster(Deployment("web", replicas, surge, unavailable, image: "app:v1"));
        RunToCompletion(cluster, replicas);

        var d = cluster.Deployment;
        cluster.Deployment = d with
        {
            Metadata = d.Metadata with { Generation = 2 },
            Spec = d.Spec with { Template = Template("app:v2") },
        };
        var maxSurge = MaxSurge(cluster.Deployment);
        var maxUnavailable = MaxUnavailable(cluster.Deployment);

        var steps = 0;
        while (!Done(cluster, replicas))
        {
            Assert.True(++steps < 200, "the rollout did not finish");
            cluster.Reconcile();
            AssertBounds(cluster, replicas, maxSurge, maxUnavailable, steps);
            cluster.MarkAvailable(readyPerStep);
            AssertBounds(cluster, replicas, maxSurge, maxUnavailable, steps);
        }

        var rss = cluster.ReplicaSets.OrderBy(r => Revision(r)).ToList();
        Assert.Equal(2, rss.Count);
        Assert.Equal(0, rss[0].Spec.Replicas);
        Assert.Equal(replicas, rss[1].Spec.Replicas);
        Assert.Equal(2, Revision(rss[1]));
        Assert.Equal("2", cluster.Deployment.Metadata.Annotations[WellKnown.DeploymentRevisionAnnotation]);
        Assert.Contains(cluster.Events, e => e.Message.StartsWith($"Scaled down replica set {rss[0].Metadata.Name} to 0 from ", StringComparison.Ordinal));

        var status = cluster.Deployment.Status;
        Assert.Equal(replicas, status.UpdatedReplicas);
        Assert.Equal(replicas, status.AvailableReplicas);
        Assert.Equal(0, status.UnavailableReplicas);
        Assert.Equal(2, status.ObservedGeneration);
        var progressing = GetCondition(status, ConditionProgressing)!;
        Assert.Equal(NewRSAvailableReason, progressing.Reason);
        Assert.Equal($"ReplicaSet \"{rss[1].Metadata.Name}\" has successfully progressed.", progressing.Message);
        Assert.Equal(MinimumReplicasAvailable, GetCondition(status, ConditionAvailable)!.Reason);
    }

    [Fact]
    public void Recreate_scales_old_to_zero_waits_for_old_pods_then_creates_new()
    {
        var d = Deployment("web", 3, strategy: "Recreate", image: "app:v2");
        var old = Fixtures.ReplicaSet("web-old", 3);
        old.Spec.Template = Template("app:v1");
        old.Metadata.OwnerReferences = [ObjectExtensions.OwnerReferenceTo(d)];
        old.Metadata.Annotations = new Dictionary<string, string> { [WellKnown.DeploymentRevisionAnnotation] = "1", [WellKnown.DesiredReplicasAnnotation] = "3" };
        old.Status = new V1ReplicaSetStatus { Replicas = 3, AvailableReplicas = 3, ReadyReplicas = 3 };

        var first = DeploymentReconciler.Sync(d, [old], null, T0);
        var scale = Assert.Single(first.OfType<UpdateReplicaSet>());
        Assert.Equal(0, scale.ReplicaSet.Spec.Replicas);
        Assert.Empty(first.OfType<CreateReplicaSet>());

        // Scaled to zero, but a pod of the old ReplicaSet is still terminating: wait.
        var scaledDown = old with { Spec = old.Spec with { Replicas = 0 }, Status = new V1ReplicaSetStatus { Replicas = 0 } };
        var running = new Dictionary<string, IReadOnlyList<V1Pod>> { [old.Metadata.Uid] = [Pod("web-old-1", old)] };
        var waiting = DeploymentReconciler.Sync(d, [scaledDown], running, T0);
        Assert.Empty(waiting.OfType<CreateReplicaSet>());
        Assert.Empty(waiting.OfType<UpdateReplicaSet>());

        var gone = new Dictionary<string, IReadOnlyList<V1Pod>> { [old.Metadata.Uid] = [Pod("web-old-1", old, phase: "Succeeded", ready: false)] };
        var created = Assert.Single(DeploymentReconciler.Sync(d, [scaledDown], gone, T0).OfType<CreateReplicaSet>());
        Assert.Equal(3, created.ReplicaSet.Spec.Replicas);
        Assert.Equal("2", created.ReplicaSet.Metadata.Annotations[WellKnown.DeploymentRevisionAnnotation]);
    }

    [Fact]
    public void Rollback_gives_the_old_replica_set_a_new_revision()
    {
        var cluster = new FakeDeploymentCluster(Deployment("web", 2, "1", "0", image: "app:v1"));
        RunToCompletion(cluster, 2);
        var v1Name = cluster.ReplicaSets.Single().Metadata.Name;

        Roll(cluster, "app:v2", 2);
        RunToCompletion(cluster, 2);
        Roll(cluster, "app:v1", 3);
        RunToCompletion(cluster, 2);

        Assert.Equal(2, cluster.ReplicaSets.Count);
        var v1 = cluster.ReplicaSets.Single(r => r.Metadata.Name == v1Name);
        Assert.Equal("3", v1.Metadata.Annotations[WellKnown.DeploymentRevisionAnnotation]);
        Assert.Equal("1", v1.Metadata.Annotations[RevisionHistoryAnnotation]);
        Assert.Equal(2, v1.Spec.Replicas);
        Assert.Equal("3", cluster.Deployment.Metadata.Annotations[WellKnown.DeploymentRevisionAnnotation]);
    }

    [Fact]
    public void Old_replica_sets_beyond_the_revision_history_limit_are_deleted()
    {
        var cluster = new FakeDeploymentCluster(Deployment("web", 1, "1", "0", image: "app:v0"));
        cluster.Deployment.Spec.RevisionHistoryLimit = 2;
        RunToCompletion(cluster, 1);
        for (var i = 1; i <= 5; i++)
        {
            Roll(cluster, $"app:v{i}", i + 1);
            RunToCompletion(cluster, 1);
        }

        // The current revision plus the two latest old ones remain.
        Assert.Equal([4L, 5L, 6L], cluster.ReplicaSets.Select(Revision).Order());
    }

    [Fact]
    public void A_paused_deployment_does_not_roll_out()
    {
        var cluster = new FakeDeploymentCluster(Deployment("web", 2, image: "app:v1"));
        RunToCompletion(cluster, 2);
        var d = cluster.Deployment;
        cluster.Deployment = d with { Metadata = d.Metadata with { Generation = 2 }, Spec = d.Spec with { Paused = true, Template = Template("app:v2") } };

        var sync = cluster.Reconcile();

        Assert.Empty(sync.OfType<CreateReplicaSet>());
        Assert.Single(cluster.ReplicaSets);
        var progressing = GetCondition(cluster.Deployment.Status, ConditionProgressing)!;
        Assert.Equal(PausedDeployReason, progressing.Reason);
        Assert.Equal("Deployment is paused", progressing.Message);
    }

    [Fact]
    public void Availability_condition_follows_min_available()
    {
        var cluster = new FakeDeploymentCluster(Deployment("web", 4, "1", "1"));
        cluster.Reconcile();
        var available = GetCondition(cluster.Deployment.Status, ConditionAvailable)!;
        Assert.Equal("False", available.Status);
        Assert.Equal(MinimumReplicasUnavailable, available.Reason);
        Assert.Equal("Deployment does not have minimum availability.", available.Message);

        cluster.MarkAvailable(3);
        cluster.Reconcile();
        available = GetCondition(cluster.Deployment.Status, ConditionAvailable)!;
        Assert.Equal("True", available.Status);
        Assert.Equal("Deployment has minimum availability.", available.Message);
        var progressing = GetCondition(cluster.Deployment.Status, ConditionProgressing)!;
        Assert.Equal(ReplicaSetUpdatedReason, progressing.Reason);
        Assert.EndsWith("is progressing.", progressing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_complete_deployment_does_nothing()
    {
        var cluster = new FakeDeploymentCluster(Deployment("web", 3));
        RunToCompletion(cluster, 3);

        var sync = cluster.Reconcile();

        Assert.Empty(sync.Actions);
    }

    [Fact]
    public void Scaling_mid_rollout_is_proportional()
    {
        var d = Deployment("web", 10, "3", "2", image: "app:v2");
        var old = Fixtures.ReplicaSet("web-old", 8);
        old.Spec.Template = Template("app:v1");
        old.Metadata.CreationTimestamp = T0;
        old.Metadata.OwnerReferences = [ObjectExtensions.OwnerReferenceTo(d)];
        old.Metadata.Annotations = new Dictionary<string, string> { [WellKnown.DeploymentRevisionAnnotation] = "1", [WellKnown.DesiredReplicasAnnotation] = "10", [WellKnown.MaxReplicasAnnotation] = "13" };
        var newer = Fixtures.ReplicaSet("web-new", 5);
        newer.Spec.Template = Template("app:v2");
        newer.Metadata.CreationTimestamp = T0.AddMinutes(1);
        newer.Metadata.OwnerReferences = [ObjectExtensions.OwnerReferenceTo(d)];
        newer.Metadata.Annotations = new Dictionary<string, string> { [WellKnown.DeploymentRevisionAnnotation] = "2", [WellKnown.DesiredReplicasAnnotation] = "10", [WellKnown.MaxReplicasAnnotation] = "13" };

        // 10 -> 20 with maxSurge 3: 23 allowed, 10 to add, spread 8:5.
        var scaled = d with { Spec = d.Spec with { Replicas = 20 } };
        var sync = DeploymentReconciler.Sync(scaled, [old, newer], null, T0.AddMinutes(2));

        var sizes = sync.OfType<UpdateReplicaSet>().ToDictionary(u => u.ReplicaSet.Metadata.Name, u => u.ReplicaSet.Spec.Replicas);
        Assert.Equal(14, sizes["web-old"]);
        Assert.Equal(9, sizes["web-new"]);
        Assert.All(sync.OfType<UpdateReplicaSet>(), u => Assert.Equal("20", u.ReplicaSet.Metadata.Annotations[WellKnown.DesiredReplicasAnnotation]));
    }

    [Fact]
    public void Unhealthy_cleanup_and_scale_down_of_one_replica_set_are_one_request()
    {
        var d = Deployment("web", 4, "1", "1", image: "app:v2");
        var old = Fixtures.ReplicaSet("web-old", 4);
        old.Spec.Template = Template("app:v1");
        old.Metadata.CreationTimestamp = T0;
        old.Metadata.OwnerReferences = [ObjectExtensions.OwnerReferenceTo(d)];
        old.Metadata.Annotations = new Dictionary<string, string> { [WellKnown.DeploymentRevisionAnnotation] = "1", [WellKnown.DesiredReplicasAnnotation] = "4", [WellKnown.MaxReplicasAnnotation] = "5" };
        old.Status = new V1ReplicaSetStatus { Replicas = 4, AvailableReplicas = 3, ReadyReplicas = 3 };
        var newer = Fixtures.ReplicaSet("web-new", 1);
        newer.Spec.Template = Template("app:v2");
        newer.Metadata.CreationTimestamp = T0.AddMinutes(1);
        newer.Metadata.OwnerReferences = [ObjectExtensions.OwnerReferenceTo(d)];
        newer.Metadata.Annotations = new Dictionary<string, string> { [WellKnown.DeploymentRevisionAnnotation] = "2", [WellKnown.DesiredReplicasAnnotation] = "4", [WellKnown.MaxReplicasAnnotation] = "5" };
        newer.Status = new V1ReplicaSetStatus { Replicas = 1, AvailableReplicas = 1, ReadyReplicas = 1 };

        var sync = DeploymentReconciler.Sync(d, [old, newer], null, T0.AddMinutes(2));

        // 1 unavailable old pod cleaned up, then 1 available one scaled down (min available 3).
        var update = Assert.Single(sync.OfType<UpdateReplicaSet>(), u => u.ReplicaSet.Metadata.Name == "web-old");
        Assert.Equal(2, update.ReplicaSet.Spec.Replicas);
        Assert.Equal("Scaled down replica set web-old to 2 from 4", update.Event!.Message);
    }

    [Fact]
    public void A_hash_name_taken_by_another_object_bumps_the_collision_count()
    {
        var d = Deployment("web", 1);
        var name = $"web-{PodTemplateHash.Compute(d.Spec.Template, null)}";
        var squatter = Fixtures.ReplicaSet(name, 1);
        squatter.Metadata.Labels = new Dictionary<string, string> { ["app"] = "other" };

        var sync = DeploymentReconciler.Sync(d, [squatter], null, T0, n => n == name ? squatter : null);

        Assert.Empty(sync.OfType<CreateReplicaSet>());
        Assert.Equal(1, Assert.Single(sync.OfType<UpdateDeploymentStatus>()).Deployment.Status.CollisionCount);
        Assert.Equal(TimeSpan.Zero, sync.RequeueAfter);

        var retried = DeploymentReconciler.Sync(d with { Status = new V1DeploymentStatus { CollisionCount = 1 } }, [squatter], null, T0, n => n == name ? squatter : null);
        Assert.NotEqual(name, Assert.Single(retried.OfType<CreateReplicaSet>()).ReplicaSet.Metadata.Name);
    }

    [Fact]
    public void A_rollout_without_progress_past_the_deadline_times_out()
    {
        var cluster = new FakeDeploymentCluster(Deployment("web", 2, "1", "0", image: "app:v1"));
        cluster.Deployment.Spec.ProgressDeadlineSeconds = 60;
        RunToCompletion(cluster, 2);
        Roll(cluster, "app:v2", 2);
        cluster.Reconcile();
        cluster.Reconcile();

        // Nothing becomes ready for longer than the deadline.
        cluster.Now = cluster.Now.AddMinutes(2);
        cluster.Reconcile();

        var progressing = GetCondition(cluster.Deployment.Status, ConditionProgressing)!;
        Assert.Equal("False", progressing.Status);
        Assert.Equal(TimedOutReason, progressing.Reason);
        var newRs = cluster.ReplicaSets.Single(r => Revision(r) == 2);
        Assert.Equal($"ReplicaSet \"{newRs.Metadata.Name}\" has timed out progressing.", progressing.Message);
    }

    [Fact]
    public void Orphan_replica_sets_that_match_are_adopted()
    {
        var d = Deployment("web", 1);
        var orphan = Fixtures.ReplicaSet("web-orphan", 1);
        orphan.Spec.Template = Template();
        orphan.Metadata.Labels = new Dictionary<string, string> { ["app"] = "web" };

        var sync = DeploymentReconciler.Sync(d, [orphan], null, T0);

        var adopt = sync.OfType<UpdateReplicaSet>().Single(u => u.ReplicaSet.Metadata.Name == "web-orphan");
        Assert.Equal(d.Metadata.Uid, adopt.ReplicaSet.ControllerRef()!.Uid);
        Assert.Empty(sync.OfType<CreateReplicaSet>());
    }

    private static void Roll(FakeDeploymentCluster cluster, string image, int generation)
    {
        var d = cluster.Deployment;
        cluster.Deployment = d with { Metadata = d.Metadata with { Generation = generation }, Spec = d.Spec with { Template = Template(image) } };
    }

    private static void RunToCompletion(FakeDeploymentCluster cluster, int replicas)
    {
        for (var i = 0; i < 100; i++)
        {
            cluster.Reconcile();
            cluster.MarkAvailable(int.MaxValue);
            if (Done(cluster, replicas))
            {
                // One more pass lets history cleanup and the final status happen.
                cluster.Reconcile();
                cluster.Reconcile();
                return;
            }
        }

        Assert.Fail("deployment did not complete");
    }

    private static bool Done(FakeDeploymentCluster cluster, int replicas)
    {
        var s = cluster.Deployment.Status;
        return s is not null && DeploymentComplete(cluster.Deployment, s) && cluster.TotalPods == replicas &&
            cluster.ReplicaSets.Sum(r => r.Spec.Replicas ?? 0) == replicas &&
            GetCondition(s, ConditionProgressing)?.Reason == NewRSAvailableReason;
    }

    private static void AssertBounds(FakeDeploymentCluster cluster, int replicas, int maxSurge, int maxUnavailable, int step)
    {
        var specTotal = cluster.ReplicaSets.Sum(r => r.Spec.Replicas ?? 0);
        Assert.True(specTotal <= replicas + maxSurge, $"step {step}: {specTotal} replicas wanted > {replicas}+{maxSurge}");
        Assert.True(cluster.TotalPods <= replicas + maxSurge, $"step {step}: {cluster.TotalPods} pods > {replicas}+{maxSurge}");
        Assert.True(cluster.AvailablePods >= replicas - maxUnavailable, $"step {step}: {cluster.AvailablePods} available < {replicas}-{maxUnavailable}");
    }
}
