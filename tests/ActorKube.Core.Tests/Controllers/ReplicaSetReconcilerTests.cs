using ActorKube.Core.Controllers.ReplicaSet;
using ActorKube.Core.Objects;
using static ActorKube.Core.Tests.Controllers.Fixtures;

namespace ActorKube.Core.Tests.Controllers;

public class ReplicaSetReconcilerTests
{
    [Fact]
    public void Creates_missing_pods_from_the_template_and_expects_them()
    {
        var rs = ReplicaSet("web-rs", 3, trace: "trace-42");
        var exp = new ControllerExpectations();

        var sync = ReplicaSetReconciler.Sync(rs, [], exp, T0);

        Assert.Equal(3, sync.CreateCount);
        var pod = sync.PodToCreate!;
        Assert.Equal("web-rs-", pod.Metadata.GenerateName);
        Assert.Equal("default", pod.Metadata.NamespaceProperty);
        Assert.Equal("web", pod.Metadata.Labels["app"]);
        Assert.Equal("trace-42", pod.Metadata.Annotations[WellKnown.TraceIdAnnotation]);
        var owner = Assert.Single(pod.Metadata.OwnerReferences);
        Assert.True(owner.Controller);
        Assert.True(owner.BlockOwnerDeletion);
        Assert.Equal(rs.Metadata.Uid, owner.Uid);
        Assert.Equal("ReplicaSet", owner.Kind);
        Assert.Equal("nginx:1.27", pod.Spec.Containers[0].Image);
        Assert.Empty(sync.Deletes);
        Assert.Equal((3, 0), exp.Pending(rs.KeyOf()));
    }

    [Fact]
    public void Does_not_create_twice_while_creations_are_expected()
    {
        var rs = ReplicaSet("web-rs", 3);
        var exp = new ControllerExpectations();
        ReplicaSetReconciler.Sync(rs, [], exp, T0);

        var again = ReplicaSetReconciler.Sync(rs, [], exp, T0.AddSeconds(1));
        Assert.Equal(0, again.CreateCount);

        // Two of three observed: still waiting.
        exp.CreationObserved(rs.KeyOf());
        exp.CreationObserved(rs.KeyOf());
        Assert.False(exp.Satisfied(rs.KeyOf(), T0.AddSeconds(2)));
        exp.CreationObserved(rs.KeyOf());
        Assert.True(exp.Satisfied(rs.KeyOf(), T0.AddSeconds(2)));
    }

    [Fact]
    public void Expectations_expire_after_five_minutes()
    {
        var exp = new ControllerExpectations();
        exp.ExpectCreations("default/web", 2, T0);
        Assert.False(exp.Satisfied("default/web", T0.AddMinutes(4)));
        Assert.True(exp.Satisfied("default/web", T0.AddMinutes(5).AddSeconds(1)));
    }

    [Fact]
    public void Deletion_expectations_track_the_pods_asked_for()
    {
        var exp = new ControllerExpectations();
        exp.ExpectDeletions("default/web", ["default/a", "default/b"], T0);
        exp.DeletionObserved("default/web", "default/other");
        Assert.False(exp.Satisfied("default/web", T0));
        exp.DeletionObserved("default/web", "default/a");
        exp.DeletionObserved("default/web", "default/b");
        Assert.True(exp.Satisfied("default/web", T0));
    }

    [Fact]
    public void Does_nothing_when_replicas_and_status_match()
    {
        var rs = ReplicaSet("web-rs", 2);
        var pods = new[] { Pod("a", rs), Pod("b", rs) };
        rs = rs with { Status = ReplicaSetReconciler.CalculateStatus(rs, pods, T0) };

        var sync = ReplicaSetReconciler.Sync(rs, pods, new ControllerExpectations(), T0);

        Assert.True(sync.DoesNothing);
    }

    [Fact]
    public void Scale_down_deletes_the_cheapest_pods_first()
    {
        var rs = ReplicaSet("web-rs", 2);
        var oldReady = Pod("old-ready", rs, created: T0, readySince: T0.AddMinutes(1));
        var newReady = Pod("new-ready", rs, created: T0.AddMinutes(5), readySince: T0.AddMinutes(6));
        var notReady = Pod("not-ready", rs, ready: false);
        var pending = Pod("pending", rs, phase: "Pending", ready: false);
        var unassigned = Pod("unassigned", rs, phase: "Pending", ready: false, node: "");
        var exp = new ControllerExpectations();

        var sync = ReplicaSetReconciler.Sync(rs, [oldReady, newReady, notReady, pending, unassigned], exp, T0.AddMinutes(10));

        Assert.Equal(["unassigned", "pending", "not-ready"], sync.Deletes.Select(p => p.Metadata.Name));
        Assert.Equal((0, 3), exp.Pending(rs.KeyOf()));
        Assert.Equal(0, sync.CreateCount);
    }

    [Fact]
    public void Delete_ranking_prefers_shorter_ready_time_then_restarts_then_newer()
    {
        var rs = ReplicaSet("web-rs", 1);
        var longReady = Pod("long-ready", rs, readySince: T0);
        var shortReady = Pod("short-ready", rs, readySince: T0.AddMinutes(3));
        Assert.Equal("short-ready", PodDeletionOrder.PodsToDelete([longReady, shortReady], null, 1)[0].Metadata.Name);

        var restarted = Pod("restarted", rs, restarts: 4);
        var calm = Pod("calm", rs);
        Assert.Equal("restarted", PodDeletionOrder.PodsToDelete([calm, restarted], null, 1)[0].Metadata.Name);

        var older = Pod("older", rs, created: T0);
        var newer = Pod("newer", rs, created: T0.AddSeconds(30));
        Assert.Equal("newer", PodDeletionOrder.PodsToDelete([older, newer], null, 1)[0].Metadata.Name);

        // Doubled up on a node goes first.
        var alone = Pod("alone", rs, node: "n1");
        var twin1 = Pod("twin1", rs, node: "n2");
        var twin2 = Pod("twin2", rs, node: "n2");
        Assert.StartsWith("twin", PodDeletionOrder.PodsToDelete([alone, twin1, twin2], null, 1)[0].Metadata.Name, StringComparison.Ordinal);
    }

    [Fact]
    public void Terminating_and_finished_pods_are_replaced()
    {
        var rs = ReplicaSet("web-rs", 3);
        var live = Pod("live", rs);
        var done = Pod("done", rs, phase: "Succeeded", ready: false);
        var failed = Pod("failed", rs, phase: "Failed", ready: false);
        var leaving = Pod("leaving", rs);
        leaving.Metadata.DeletionTimestamp = T0;

        var sync = ReplicaSetReconciler.Sync(rs, [live, done, failed, leaving], new ControllerExpectations(), T0);

        Assert.Equal(2, sync.CreateCount);
        Assert.Equal(1, sync.StatusUpdate!.Status.Replicas);
    }

    [Fact]
    public void Adopts_matching_orphans_and_ignores_pods_of_other_controllers()
    {
        var rs = ReplicaSet("web-rs", 2);
        var other = ReplicaSet("other", 1);
        var orphan = Pod("orphan", null);
        var foreign = Pod("foreign", other);
        var unmatched = Pod("unmatched", null);
        unmatched.Metadata.Labels = new Dictionary<string, string> { ["app"] = "db" };

        var sync = ReplicaSetReconciler.Sync(rs, [orphan, foreign, unmatched], new ControllerExpectations(), T0);

        var adopted = Assert.Single(sync.Adopt);
        Assert.Equal("orphan", adopted.Metadata.Name);
        Assert.Equal(rs.Metadata.Uid, adopted.ControllerRef()!.Uid);
        Assert.Null(orphan.Metadata.OwnerReferences);
        Assert.Equal(1, sync.CreateCount);
    }

    [Fact]
    public void Releases_owned_pods_that_no_longer_match()
    {
        var rs = ReplicaSet("web-rs", 1);
        var relabeled = Pod("relabeled", rs);
        relabeled.Metadata.Labels = new Dictionary<string, string> { ["app"] = "debug" };

        var sync = ReplicaSetReconciler.Sync(rs, [relabeled], new ControllerExpectations(), T0);

        var released = Assert.Single(sync.Release);
        Assert.Null(released.ControllerRef());
        Assert.Equal(1, sync.CreateCount);
    }

    [Fact]
    public void Creations_are_bounded_by_burst_replicas()
    {
        var rs = ReplicaSet("web-rs", 1000);
        var sync = ReplicaSetReconciler.Sync(rs, [], new ControllerExpectations(), T0, burstReplicas: 500);
        Assert.Equal(500, sync.CreateCount);
    }

    [Fact]
    public void Status_counts_ready_available_and_fully_labeled_pods_with_min_ready_seconds()
    {
        var rs = ReplicaSet("web-rs", 3);
        rs.Spec.MinReadySeconds = 10;
        rs.Spec.Template.Metadata.Labels["tier"] = "front";
        rs.Metadata.Generation = 4;
        var now = T0.AddSeconds(30);
        var longReady = Pod("long", rs, readySince: T0);
        longReady.Metadata.Labels["tier"] = "front";
        var justReady = Pod("just", rs, readySince: now.AddSeconds(-2));
        var notReady = Pod("not", rs, ready: false);

        var sync = ReplicaSetReconciler.Sync(rs, [longReady, justReady, notReady], new ControllerExpectations(), now);

        var s = sync.StatusUpdate!.Status;
        Assert.Equal(3, s.Replicas);
        Assert.Equal(1, s.FullyLabeledReplicas);
        Assert.Equal(2, s.ReadyReplicas);
        Assert.Equal(1, s.AvailableReplicas);
        Assert.Equal(4, s.ObservedGeneration);
        Assert.Null(sync.RequeueAfter);

        var allReady = ReplicaSetReconciler.Sync(rs, [longReady, justReady, Pod("third", rs, readySince: now)], new ControllerExpectations(), now);
        Assert.Equal(TimeSpan.FromSeconds(10), allReady.RequeueAfter);
    }

    [Theory]
    [InlineData(0, new int[0])]
    [InlineData(1, new[] { 1 })]
    [InlineData(3, new[] { 1, 2 })]
    [InlineData(10, new[] { 1, 2, 4, 3 })]
    [InlineData(15, new[] { 1, 2, 4, 8 })]
    public void Slow_start_batches_double(int count, int[] expected) =>
        Assert.Equal(expected, SlowStart.Batches(count));

    [Fact]
    public void Label_selectors_support_expressions()
    {
        var sel = new V1LabelSelector
        {
            MatchLabels = new Dictionary<string, string> { ["app"] = "web" },
            MatchExpressions =
            [
                new V1LabelSelectorRequirement { Key = "tier", OperatorProperty = "In", Values = ["front", "edge"] },
                new V1LabelSelectorRequirement { Key = "canary", OperatorProperty = "DoesNotExist" },
            ],
        };
        Assert.True(LabelSelectors.Matches(sel, new Dictionary<string, string> { ["app"] = "web", ["tier"] = "edge" }));
        Assert.False(LabelSelectors.Matches(sel, new Dictionary<string, string> { ["app"] = "web", ["tier"] = "back" }));
        Assert.False(LabelSelectors.Matches(sel, new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front", ["canary"] = "1" }));
        Assert.False(LabelSelectors.Matches(null, new Dictionary<string, string>()));
    }
}
