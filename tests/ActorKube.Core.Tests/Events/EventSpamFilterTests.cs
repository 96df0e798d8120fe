using ActorKube.Core.Events;

namespace ActorKube.Core.Tests.Events;

public class EventSpamFilterTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Burst_of_25_per_object_then_one_per_five_minutes()
    {
        var f = new EventSpamFilter<string>();
        Assert.Equal(25, Enumerable.Range(0, 100).Count(_ => f.Allow("rs/web", T0)));
        Assert.False(f.Allow("rs/web", T0.AddMinutes(4)));
        Assert.True(f.Allow("rs/web", T0.AddMinutes(5)));
        Assert.False(f.Allow("rs/web", T0.AddMinutes(6)));
        Assert.Equal(2, Enumerable.Range(0, 5).Count(_ => f.Allow("rs/web", T0.AddMinutes(15))));
    }

    [Fact]
    public void Objects_do_not_share_a_bucket()
    {
        var f = new EventSpamFilter<string>(burst: 1);
        Assert.True(f.Allow("pod/a", T0));
        Assert.False(f.Allow("pod/a", T0));
        Assert.True(f.Allow("pod/b", T0));
    }

    [Fact]
    public void The_recorders_key_is_the_source_and_the_involved_object()
    {
        var f = new EventSpamFilter<EventSourceObject>(burst: 1);
        var web = new EventSourceObject("replicaset-controller", null, "ReplicaSet", "default", "web", "uid-1");
        Assert.True(f.Allow(web, T0));
        Assert.False(f.Allow(web with { }, T0));
        Assert.True(f.Allow(web with { Uid = "uid-2" }, T0));
        Assert.True(f.Allow(web with { Component = "kubelet", Host = "node-1" }, T0));
        Assert.True(f.Allow(web with { Namespace = "shop" }, T0));
    }

    [Fact]
    public void Many_objects_do_not_grow_the_filter_without_bound()
    {
        var f = new EventSpamFilter<string>(maxKeys: 100);
        for (var i = 0; i < 1000; i++)
        {
            f.Allow($"pod/{i}", T0.AddSeconds(i));
        }

        Assert.True(f.TrackedKeys <= 100);
    }
}
