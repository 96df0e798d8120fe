using ActorKube.Core.Scheduling;

namespace ActorKube.Core.Tests.Scheduling;

public class SchedulingQueueTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static PodInfo P(string name, int? priority = null) => new(Build.Pod(name, priority: priority));

    private static List<string> Drain(SchedulingQueue q)
    {
        var keys = new List<string>();
        while (q.TryPop(out var info))
        {
            keys.Add(info.PodInfo.Pod.Metadata.Name);
        }

        return keys;
    }

    [Fact]
    public void ActiveQ_pops_by_priority_then_arrival()
    {
        var q = new SchedulingQueue();
        q.Add(P("low-1", 0), T0);
        q.Add(P("high-1", 1000), T0.AddSeconds(1));
        q.Add(P("low-2", 0), T0.AddSeconds(2));
        q.Add(P("high-2", 1000), T0.AddSeconds(3));
        q.Add(P("same-time"), T0.AddSeconds(2));
        Assert.Equal(["high-1", "high-2", "low-1", "low-2", "same-time"], Drain(q));
    }

    [Fact]
    public void Adding_twice_keeps_one_entry()
    {
        var q = new SchedulingQueue();
        q.Add(P("a"), T0);
        q.Add(P("a"), T0);
        Assert.Equal(1, q.ActiveCount);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(4, 8)]
    [InlineData(5, 10)]
    [InlineData(30, 10)]
    public void Backoff_doubles_from_1s_to_10s(int attempts, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), new SchedulingQueue().BackoffDuration(attempts));

    [Fact]
    public void Unschedulable_pod_waits_for_a_cluster_event()
    {
        var q = new SchedulingQueue();
        q.Add(P("a"), T0);
        Assert.True(q.TryPop(out var info));
        q.AddUnschedulableIfNotPresent(info, q.SchedulingCycle, T0);
        Assert.True(q.IsUnschedulable("default/a"));
        Assert.False(q.TryPop(out _));

        // still backing off (1 s after the attempt): moved to backoffQ
        Assert.Equal(1, q.MoveAllToActiveOrBackoffQueue(T0.AddMilliseconds(500)));
        Assert.True(q.IsBackingOff("default/a"));
        Assert.Equal(0, q.FlushBackoffQCompleted(T0.AddMilliseconds(900)));
        Assert.Equal(1, q.FlushBackoffQCompleted(T0.AddSeconds(1)));
        Assert.True(q.IsActive("default/a"));
        Assert.True(q.TryPop(out info));
        Assert.Equal(2, info.Attempts);
    }

    [Fact]
    public void Event_after_backoff_moves_straight_to_activeQ()
    {
        var q = new SchedulingQueue();
        q.Add(P("a"), T0);
        q.TryPop(out var info);
        q.AddUnschedulableIfNotPresent(info, q.SchedulingCycle, T0);
        q.MoveAllToActiveOrBackoffQueue(T0.AddSeconds(5));
        Assert.True(q.IsActive("default/a"));
    }

    [Fact]
    public void Move_request_during_the_cycle_sends_the_pod_to_backoff_instead_of_parking_it()
    {
        var q = new SchedulingQueue();
        q.Add(P("a"), T0);
        q.TryPop(out var info);
        var cycle = q.SchedulingCycle;
        q.MoveAllToActiveOrBackoffQueue(T0); // a node was added while "a" was being scheduled
        q.AddUnschedulableIfNotPresent(info, cycle, T0);
        Assert.True(q.IsBackingOff("default/a"));
    }

    [Fact]
    public void Unschedulable_pods_are_retried_after_5_minutes()
    {
        var q = new SchedulingQueue();
        q.Add(P("a"), T0);
        q.TryPop(out var info);
        q.AddUnschedulableIfNotPresent(info, q.SchedulingCycle, T0);
        Assert.Equal(0, q.FlushUnschedulablePodsLeftover(T0.AddMinutes(4)));
        Assert.Equal(1, q.FlushUnschedulablePodsLeftover(T0.AddMinutes(5).AddSeconds(1)));
        Assert.True(q.IsActive("default/a"));
    }

    [Fact]
    public void Errors_go_to_backoffQ_with_growing_delay()
    {
        var q = new SchedulingQueue();
        q.Add(P("a"), T0);
        var now = T0;
        var expected = new[] { 1, 2, 4, 8, 10, 10 };
        foreach (var seconds in expected)
        {
            Assert.True(q.TryPop(out var info));
            q.AddUnschedulableIfNotPresent(info, q.SchedulingCycle, now, unschedulable: false);
            Assert.Equal(now.AddSeconds(seconds), q.NextBackoffExpiry);
            Assert.Equal(0, q.FlushBackoffQCompleted(now.AddSeconds(seconds).AddMilliseconds(-1)));
            now = now.AddSeconds(seconds);
            Assert.Equal(1, q.FlushBackoffQCompleted(now));
        }
    }

    [Fact]
    public void Deleted_pods_leave_every_queue_and_are_not_requeued()
    {
        var q = new SchedulingQueue();
        q.Add(P("active"), T0);
        q.Add(P("inflight"), T0.AddSeconds(-1));
        q.TryPop(out var inflight);
        q.Delete("default/active");
        q.Delete("default/inflight");
        q.AddUnschedulableIfNotPresent(inflight, q.SchedulingCycle, T0);
        Assert.False(q.Contains("default/inflight"));
        Assert.False(q.Contains("default/active"));
        Assert.Equal(0, q.ActiveCount + q.BackoffCount + q.UnschedulableCount);
    }

    [Fact]
    public void Updated_unschedulable_pod_gets_another_chance_only_if_its_spec_changed()
    {
        var q = new SchedulingQueue();
        q.Add(P("a"), T0);
        q.TryPop(out var info);
        q.AddUnschedulableIfNotPresent(info, q.SchedulingCycle, T0);
        q.Update(P("a"), T0.AddSeconds(2), specChanged: false);
        Assert.True(q.IsUnschedulable("default/a"));
        q.Update(P("a"), T0.AddSeconds(2), specChanged: true);
        Assert.True(q.IsActive("default/a"));
    }

    [Fact]
    public void Update_in_activeQ_reorders_by_the_new_priority()
    {
        var q = new SchedulingQueue();
        q.Add(P("a", 0), T0);
        q.Add(P("b", 0), T0.AddSeconds(1));
        q.Update(P("b", 100), T0.AddSeconds(2), specChanged: true);
        Assert.Equal(["b", "a"], Drain(q));
    }

    [Fact]
    public void Done_removes_an_in_flight_pod()
    {
        var q = new SchedulingQueue();
        q.Add(P("a"), T0);
        q.TryPop(out _);
        Assert.Equal(1, q.InFlightCount);
        q.Done("default/a");
        Assert.False(q.Contains("default/a"));
        Assert.Equal(0, q.InFlightCount);
    }
}
