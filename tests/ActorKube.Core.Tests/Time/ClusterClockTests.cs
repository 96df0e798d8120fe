using ActorKube.Core.Time;

namespace ActorKube.Core.Tests.Time;

public class ClusterClockTests
{
    private sealed class ManualTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void Emulated_time_runs_scale_times_faster_from_the_epoch()
    {
        var wall = new ManualTime(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var emulatedEpoch = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var clock = new ClusterClock(20, emulatedEpoch, wall.Now, wall);
        wall.Now += TimeSpan.FromSeconds(3);
        Assert.Equal(emulatedEpoch + TimeSpan.FromSeconds(60), clock.Now);
    }

    [Fact]
    public void A_resumed_clock_goes_on_from_an_earlier_runs_time_when_that_is_ahead_of_the_wall()
    {
        var wall = new ManualTime(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var ahead = wall.Now.AddHours(2);

        var clock = ClusterClock.Resume(25, ahead, wall);
        Assert.Equal(ahead, clock.Now);
        wall.Now += TimeSpan.FromSeconds(2);
        Assert.Equal(ahead.AddSeconds(50), clock.Now);

        // Behind the wall (time-scale 1, or a long pause between runs), or no earlier run: wall time.
        Assert.Equal(wall.Now, ClusterClock.Resume(25, wall.Now.AddHours(-1), wall).Now);
        Assert.Equal(wall.Now, ClusterClock.Resume(25, null, wall).Now);
    }

    [Fact]
    public void Durations_convert_both_ways()
    {
        var clock = new ClusterClock(50);
        Assert.Equal(TimeSpan.FromSeconds(6), clock.ToWall(TimeSpan.FromMinutes(5)));
        Assert.Equal(TimeSpan.FromMinutes(5), clock.ToEmulated(TimeSpan.FromSeconds(6)));
    }

    [Fact]
    public void Tiny_positive_durations_still_wait_a_little() =>
        Assert.Equal(TimeSpan.FromMilliseconds(1), new ClusterClock(1_000_000).ToWall(TimeSpan.FromMilliseconds(10)));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    public void Scale_must_be_positive(double scale) => Assert.Throws<ArgumentOutOfRangeException>(() => new ClusterClock(scale));
}
