using System.Diagnostics;

namespace ActorKube.Cluster.Network;

/// <summary>
/// Hands items on in the order they were sent, each no earlier than its delay after it was sent (a later item never
/// overtakes an earlier one, even when the delay shrinks). With no delay and nothing waiting, an item is handed on
/// at once, on the caller's thread. Waiting items are handed on by one background loop at a time.
/// <paramref name="deliver"/> returns false when the receiver cannot take the item yet (a full TCP buffer): the
/// item is offered again shortly.
/// </summary>
public sealed class DelayLine<T>(Func<T, bool> deliver)
{
    private static readonly TimeSpan Retry = TimeSpan.FromMilliseconds(5);

    private readonly object _gate = new();
    private readonly Queue<(T Item, long Due)> _waiting = new();
    private long _lastDue;
    private bool _draining;
    private bool _closed;

    /// <summary>Items sent but not handed on yet.</summary>
    public int Waiting
    {
        get
        {
            lock (_gate)
            {
                return _waiting.Count;
            }
        }
    }

    /// <summary>Sends an item: true when it was handed on or will be, false when handed on at once and refused.</summary>
    public bool Send(T item, TimeSpan delay)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return deliver(item);
            }

            if (delay <= TimeSpan.Zero && _waiting.Count == 0)
            {
                // Under the lock, so that an item handed on by the loop cannot come after this one.
                return deliver(item);
            }

            var due = Math.Max(Stopwatch.GetTimestamp() + (long)(delay.TotalSeconds * Stopwatch.Frequency), _lastDue);
            _lastDue = due;
            _waiting.Enqueue((item, due));
            if (!_draining)
            {
                _draining = true;
                _ = Task.Run(DrainAsync);
            }

            return true;
        }
    }

    /// <summary>The connection is gone: what waits is lost, and later items are handed on at once.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            _waiting.Clear();
        }
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            long due;
            lock (_gate)
            {
                if (_waiting.Count == 0)
                {
                    _draining = false;
                    return;
                }

                due = _waiting.Peek().Due;
            }

            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait).ConfigureAwait(false);
                continue;
            }

            bool handedOn;
            lock (_gate)
            {
                if (_waiting.Count == 0)
                {
                    // Closed meanwhile.
                    continue;
                }

                try
                {
                    handedOn = deliver(_waiting.Peek().Item);
                }
                catch (Exception)
                {
                    // The connection broke under the item: it is lost, as on a real network.
                    handedOn = true;
                }

                if (handedOn)
                {
                    _waiting.Dequeue();
                }
            }

            if (!handedOn)
            {
                await Task.Delay(Retry).ConfigureAwait(false);
            }
        }
    }
}
