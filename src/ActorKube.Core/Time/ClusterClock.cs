namespace ActorKube.Core.Time;

/// <summary>
/// The one clock of the emulated cluster. Emulated time runs <see cref="Scale"/> times faster than wall
/// time from a shared epoch, so every emulated duration (leases, grace periods, tolerations, backoffs,
/// container run times) is compressed the same way in every process.
/// </summary>
public sealed class ClusterClock
{
    private readonly TimeProvider _wall;

    public ClusterClock(double scale = 1.0, DateTimeOffset? emulatedEpoch = null, DateTimeOffset? wallEpoch = null, TimeProvider? wall = null)
    {
        if (scale <= 0 || double.IsNaN(scale) || double.IsInfinity(scale))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "time-scale must be a positive number");
        }

        _wall = wall ?? TimeProvider.System;
        Scale = scale;
        WallEpoch = wallEpoch ?? _wall.GetUtcNow();
        EmulatedEpoch = emulatedEpoch ?? WallEpoch;
    }

    public double Scale { get; }

    public DateTimeOffset WallEpoch { get; }

    public DateTimeOffset EmulatedEpoch { get; }

    /// <summary>Emulated now.</summary>
    public DateTime UtcNow => Now.UtcDateTime;

    public DateTimeOffset Now => EmulatedEpoch + (_wall.GetUtcNow() - WallEpoch) * Scale;

    /// <summary>How long to wait in wall time for an emulated duration to pass.</summary>
    public TimeSpan ToWall(TimeSpan emulated)
    {
        var wall = emulated / Scale;
        return wall < TimeSpan.FromMilliseconds(1) && emulated > TimeSpan.Zero ? TimeSpan.FromMilliseconds(1) : wall;
    }

    /// <summary>The emulated duration that corresponds to a wall-time span.</summary>
    public TimeSpan ToEmulated(TimeSpan wall) => wall * Scale;

    public static ClusterClock RealTime { get; } = new();

    /// <summary>
    /// A clock that goes on from <paramref name="resumeFrom"/> (an earlier run's emulated time on the same data) when
    /// that is ahead of wall time: with a time-scale above 1 the stored objects' timestamps (leases, conditions) are
    /// ahead of the wall clock, and a clock that went back would read them as from the future.
    /// </summary>
    public static ClusterClock Resume(double scale, DateTimeOffset? resumeFrom, TimeProvider? wall = null)
    {
        var wallNow = (wall ?? TimeProvider.System).GetUtcNow();
        return new ClusterClock(scale, resumeFrom is { } r && r > wallNow ? r : wallNow, wallNow, wall);
    }
}
