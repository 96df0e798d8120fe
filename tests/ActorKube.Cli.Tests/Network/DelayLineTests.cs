using System.Collections.Concurrent;
using System.Diagnostics;
using ActorKube.Cluster.Network;

namespace ActorKube.Cli.Tests.Network;

/// <summary>The chaos transport's delay: order kept, never early, nothing lost while the receiver is busy.</summary>
public class DelayLineTests
{
    [Fact]
    public void Without_a_delay_an_item_is_handed_on_at_once_on_the_callers_thread()
    {
        var got = new List<int>();
        var line = new DelayLine<int>(i =>
        {
            got.Add(i);
            return i != 2;
        });

        Assert.True(line.Send(1, TimeSpan.Zero));
        Assert.False(line.Send(2, TimeSpan.Zero));
        Assert.Equal([1, 2], got);
        Assert.Equal(0, line.Waiting);
    }

    [Fact]
    public async Task Delayed_items_come_in_order_and_no_earlier_than_their_delay_even_when_later_ones_wait_less()
    {
        var got = new ConcurrentQueue<(int Item, TimeSpan At)>();
        var clock = Stopwatch.StartNew();
        var line = new DelayLine<int>(i =>
        {
            got.Enqueue((i, clock.Elapsed));
            return true;
        });

        Assert.True(line.Send(1, TimeSpan.FromMilliseconds(300)));
        Assert.True(line.Send(2, TimeSpan.FromMilliseconds(50)));
        // Nothing waits less than what is ahead of it: this one is not handed on directly.
        Assert.True(line.Send(3, TimeSpan.Zero));
        Assert.Empty(got);

        await WaitUntil(() => got.Count == 3);
        Assert.Equal([1, 2, 3], got.Select(g => g.Item));
        Assert.All(got, g => Assert.True(g.At >= TimeSpan.FromMilliseconds(290), $"{g.Item} came after {g.At.TotalMilliseconds} ms"));

        // Once the line is empty, items without a delay pass directly again.
        Assert.True(line.Send(4, TimeSpan.Zero));
        Assert.Equal(4, got.Last().Item);
    }

    [Fact]
    public async Task An_item_the_receiver_refuses_is_offered_again_and_nothing_overtakes_it()
    {
        var got = new ConcurrentQueue<int>();
        var refusals = 3;
        var line = new DelayLine<int>(i =>
        {
            if (i == 1 && Interlocked.Decrement(ref refusals) >= 0)
            {
                return false;
            }

            got.Enqueue(i);
            return true;
        });

        line.Send(1, TimeSpan.FromMilliseconds(10));
        line.Send(2, TimeSpan.FromMilliseconds(10));

        await WaitUntil(() => got.Count == 2);
        Assert.Equal([1, 2], got);
        Assert.True(refusals < 0);
    }

    [Fact]
    public async Task Closing_drops_what_waits_and_hands_later_items_on_at_once()
    {
        var got = new ConcurrentQueue<int>();
        var line = new DelayLine<int>(i =>
        {
            got.Enqueue(i);
            return true;
        });

        line.Send(1, TimeSpan.FromMilliseconds(200));
        line.Close();
        Assert.True(line.Send(2, TimeSpan.FromMilliseconds(200)));
        Assert.Equal([2], got);
        await Task.Delay(400);
        Assert.Equal([2], got);
    }

    [Fact]
    public async Task An_exception_from_the_receiver_loses_that_item_only()
    {
        var got = new ConcurrentQueue<int>();
        var line = new DelayLine<int>(i => i == 1 ? throw new InvalidOperationException("channel closed") : Enqueue(got, i));

        line.Send(1, TimeSpan.FromMilliseconds(10));
        line.Send(2, TimeSpan.FromMilliseconds(10));

        await WaitUntil(() => got.Count == 1);
        Assert.Equal([2], got);
    }

    private static bool Enqueue(ConcurrentQueue<int> q, int i)
    {
        q.Enqueue(i);
        return true;
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(10);
        }
    }
}
