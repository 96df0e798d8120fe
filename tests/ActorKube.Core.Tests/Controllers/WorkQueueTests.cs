using ActorKube.Core.Controllers;

namespace ActorKube.Core.Tests.Controllers;

public class WorkQueueTests
{
    [Fact]
    public void A_key_added_many_times_is_processed_once()
    {
        var q = new WorkQueue();
        Assert.True(q.Add("a"));
        Assert.False(q.Add("a"));
        q.Add("b");
        Assert.True(q.TryGet(out var first));
        Assert.Equal("a", first);
        Assert.True(q.TryGet(out var second));
        Assert.Equal("b", second);
        Assert.False(q.TryGet(out _));
    }

    [Fact]
    public void A_key_re_added_while_processing_comes_back_after_done()
    {
        var q = new WorkQueue();
        q.Add("a");
        q.TryGet(out var key);
        q.Add("a");
        Assert.False(q.TryGet(out _));
        q.Done(key);
        Assert.True(q.TryGet(out var again));
        Assert.Equal("a", again);
    }

    [Fact]
    public void Backoff_doubles_per_failure_up_to_the_cap_and_forget_resets()
    {
        var q = new WorkQueue(TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(30));
        Assert.Equal(TimeSpan.FromMilliseconds(5), q.Backoff("a"));
        Assert.Equal(TimeSpan.FromMilliseconds(10), q.Backoff("a"));
        Assert.Equal(TimeSpan.FromMilliseconds(20), q.Backoff("a"));
        Assert.Equal(TimeSpan.FromMilliseconds(30), q.Backoff("a"));
        q.Forget("a");
        Assert.Equal(0, q.Failures("a"));
        Assert.Equal(TimeSpan.FromMilliseconds(5), q.Backoff("a"));
    }
}
