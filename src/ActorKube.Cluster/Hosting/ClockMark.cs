using System.Globalization;
using ActorKube.Core.Time;

namespace ActorKube.Cluster.Hosting;

/// <summary>
/// Keeps a data directory's emulated time from going backwards across restarts: every second it writes to
/// <c>&lt;data-dir&gt;/clock</c> a time the cluster clock will not have passed before the next write (emulated now
/// plus one interval of emulated time), so that even after a SIGKILL the next run resumes at or after every
/// timestamp this one stored (<see cref="ClusterClock.Resume"/>).
/// </summary>
public sealed class ClockMark : IAsyncDisposable
{
    public const string FileName = "clock";

    private static readonly TimeSpan Every = TimeSpan.FromSeconds(1);

    private readonly string _path;
    private readonly ClusterClock _clock;
    private readonly Timer _timer;
    private readonly object _gate = new();

    private ClockMark(string dataDir, ClusterClock clock)
    {
        _path = Path.Combine(dataDir, FileName);
        _clock = clock;
        Write();
        _timer = new Timer(_ => Write(), null, Every, Every);
    }

    /// <summary>The mark an earlier run left in <paramref name="dataDir"/>, or null (none, or unreadable: start from wall time).</summary>
    public static DateTimeOffset? Read(string dataDir)
    {
        try
        {
            var text = File.ReadAllText(Path.Combine(dataDir, FileName)).Trim();
            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var mark) ? mark : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The clock of a run on <paramref name="dataDir"/>: resumed from its mark.</summary>
    public static ClusterClock ResumeClock(string dataDir, double scale) => ClusterClock.Resume(scale, Read(dataDir));

    /// <summary>Marks <paramref name="dataDir"/> with <paramref name="clock"/>'s time until disposed.</summary>
    public static ClockMark Start(string dataDir, ClusterClock clock) => new(dataDir, clock);

    public async ValueTask DisposeAsync()
    {
        await _timer.DisposeAsync().ConfigureAwait(false);
        Write();
    }

    private void Write()
    {
        var mark = (_clock.Now + _clock.ToEmulated(Every)).ToString("O", CultureInfo.InvariantCulture);
        lock (_gate)
        {
            try
            {
                // Written beside it, then moved over it: a crash mid-write leaves the previous mark.
                var temp = _path + ".tmp";
                File.WriteAllText(temp, mark);
                File.Move(temp, _path, overwrite: true);
            }
            catch (IOException)
            {
                // A data directory deleted under a stopping cluster (tests): nothing to keep.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
