using ActorKube.Core.Controllers.NodeLifecycle;
using ActorKube.Core.Objects;

namespace ActorKube.Core.Tests.Controllers.NodeLifecycle;

public class TaintEvictionQueueTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static V1Node TaintedNode(DateTime timeAdded, string key = WellKnown.TaintNodeUnreachable) => new()
    {
        Metadata = new V1ObjectMeta { Name = "node-1" },
        Spec = new V1NodeSpec { Taints = [new V1Taint { Key = key, Effect = "NoExecute", TimeAdded = timeAdded }] },
    };

    private static V1Node CleanNode() => new() { Metadata = new V1ObjectMeta { Name = "node-1" }, Spec = new V1NodeSpec() };

    private static V1Toleration Tolerate(string key, long? seconds, string op = "Exists") =>
        new() { Key = key, OperatorProperty = op, Effect = "NoExecute", TolerationSeconds = seconds };

    private static V1Pod Pod(string name, params V1Toleration[] tolerations) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" },
        Spec = new V1PodSpec { NodeName = "node-1", Tolerations = tolerations },
    };

    [Fact]
    public void Pod_without_toleration_is_due_at_once()
    {
        var q = new TaintEvictionQueue();
        q.SyncPod(Pod("web-1"), TaintedNode(T0), T0.AddSeconds(1));
        var due = Assert.Single(q.TakeDue(T0.AddSeconds(1)));
        Assert.Equal("default/web-1", due.Key);
        Assert.Empty(q.TakeDue(T0.AddSeconds(2)));
    }

    [Fact]
    public void Pod_tolerating_300s_is_due_300s_after_timeAdded()
    {
        var q = new TaintEvictionQueue();
        var pod = Pod("web-1", Tolerate(WellKnown.TaintNodeUnreachable, 300), Tolerate(WellKnown.TaintNodeNotReady, 300));
        q.SyncPod(pod, TaintedNode(T0), T0.AddSeconds(2));
        Assert.Equal(T0.AddSeconds(300), q.NextFireAt);
        Assert.Empty(q.TakeDue(T0.AddSeconds(299)));
        Assert.Single(q.TakeDue(T0.AddSeconds(300)));
    }

    [Fact]
    public void Shortest_tolerationSeconds_wins_and_a_resync_does_not_move_the_time()
    {
        var q = new TaintEvictionQueue();
        var node = TaintedNode(T0);
        node.Spec.Taints.Add(new V1Taint { Key = "example.com/maintenance", Effect = "NoExecute", TimeAdded = T0.AddSeconds(5) });
        var pod = Pod("web-1", Tolerate(WellKnown.TaintNodeUnreachable, 600), Tolerate("example.com/maintenance", 60));
        q.SyncPod(pod, node, T0.AddSeconds(5));
        Assert.Equal(T0.AddSeconds(60), q.NextFireAt); // from the earliest NoExecute taint
        q.SyncPod(pod, node, T0.AddSeconds(30));
        Assert.Equal(T0.AddSeconds(60), q.NextFireAt);
    }

    [Fact]
    public void First_matching_toleration_is_the_one_used()
    {
        // As v1helper.GetMatchingTolerations: the catch-all toleration matches first.
        var q = new TaintEvictionQueue();
        var pod = Pod("web-1", new V1Toleration { OperatorProperty = "Exists", TolerationSeconds = 600 }, Tolerate(WellKnown.TaintNodeUnreachable, 60));
        q.SyncPod(pod, TaintedNode(T0), T0);
        Assert.Equal(T0.AddSeconds(600), q.NextFireAt);
    }

    [Fact]
    public void Toleration_without_seconds_keeps_the_pod_forever()
    {
        var q = new TaintEvictionQueue();
        q.SyncPod(Pod("ds-1", Tolerate(WellKnown.TaintNodeUnreachable, null)), TaintedNode(T0), T0);
        Assert.Null(q.NextFireAt);
        Assert.Empty(q.TakeDue(T0.AddDays(1)));
    }

    [Fact]
    public void Toleration_of_another_taint_does_not_help()
    {
        var q = new TaintEvictionQueue();
        q.SyncPod(Pod("web-1", Tolerate(WellKnown.TaintNodeNotReady, 300)), TaintedNode(T0), T0);
        Assert.Single(q.TakeDue(T0));
    }

    [Fact]
    public void Taint_gone_cancels_pending_eviction()
    {
        var q = new TaintEvictionQueue();
        var pod = Pod("web-1", Tolerate(WellKnown.TaintNodeUnreachable, 300));
        q.SyncPod(pod, TaintedNode(T0), T0);
        Assert.True(q.SyncPod(pod, CleanNode(), T0.AddSeconds(10)));
        Assert.Null(q.NextFireAt);
        Assert.False(q.SyncPod(pod, CleanNode(), T0.AddSeconds(11)));
    }

    [Fact]
    public void Evicted_pod_is_not_evicted_twice_and_terminating_pods_are_ignored()
    {
        var q = new TaintEvictionQueue();
        var pod = Pod("web-1");
        q.SyncPod(pod, TaintedNode(T0), T0);
        Assert.Single(q.TakeDue(T0));
        q.SyncPod(pod, TaintedNode(T0), T0.AddSeconds(1));
        Assert.Empty(q.TakeDue(T0.AddSeconds(1)));

        var terminating = Pod("web-2") with { Metadata = new V1ObjectMeta { Name = "web-2", NamespaceProperty = "default", DeletionTimestamp = T0 } };
        q.SyncPod(terminating, TaintedNode(T0), T0);
        Assert.Empty(q.TakeDue(T0));
    }

    [Fact]
    public void Failed_eviction_is_scheduled_again_on_next_sync()
    {
        var q = new TaintEvictionQueue();
        var pod = Pod("web-1");
        q.SyncPod(pod, TaintedNode(T0), T0);
        Assert.Single(q.TakeDue(T0));
        q.Failed("default/web-1");
        q.SyncPod(pod, TaintedNode(T0), T0.AddSeconds(1));
        Assert.Single(q.TakeDue(T0.AddSeconds(1)));
    }

    [Theory]
    [InlineData("k", "Exists", null, "NoExecute", "k", "v", "NoExecute", true)]
    [InlineData("k", "Equal", "v", "NoExecute", "k", "v", "NoExecute", true)]
    [InlineData("k", "Equal", "w", "NoExecute", "k", "v", "NoExecute", false)]
    [InlineData("k", null, "v", "", "k", "v", "NoExecute", true)]
    [InlineData("k", "Exists", null, "NoSchedule", "k", "v", "NoExecute", false)]
    [InlineData(null, "Exists", null, null, "any", "v", "NoExecute", true)]
    [InlineData("other", "Exists", null, null, "k", null, "NoExecute", false)]
    public void Toleration_matching(string? key, string? op, string? value, string? effect, string taintKey, string? taintValue, string taintEffect, bool expected)
    {
        var t = new V1Toleration { Key = key, OperatorProperty = op, Value = value, Effect = effect };
        Assert.Equal(expected, TaintTolerations.ToleratesTaint(t, new V1Taint { Key = taintKey, Value = taintValue, Effect = taintEffect }));
    }
}
