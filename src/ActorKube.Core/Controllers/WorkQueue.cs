namespace ActorKube.Core.Controllers;

/// <summary>
/// client-go's rate-limited work queue, for one controller actor: keys are deduplicated while
/// waiting (an object that changes ten times is reconciled once), a key being processed is not
/// handed out twice, and failed keys come back after a per-key exponential backoff
/// (5 ms doubling to 1000 s, as ItemExponentialFailureRateLimiter). Single-threaded: owned by one actor.
/// </summary>
public sealed class WorkQueue
{
    private readonly Queue<string> _queue = new();
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private readonly HashSet<string> _processing = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _failures = new(StringComparer.Ordinal);
    private readonly TimeSpan _baseDelay;
    private readonly TimeSpan _maxDelay;

    public WorkQueue(TimeSpan? baseDelay = null, TimeSpan? maxDelay = null)
    {
        _baseDelay = baseDelay ?? TimeSpan.FromMilliseconds(5);
        _maxDelay = maxDelay ?? TimeSpan.FromSeconds(1000);
    }

    /// <summary>Keys waiting (not counting those being processed).</summary>
    public int Count => _queue.Count;

    public bool IsEmpty => _queue.Count == 0;

    /// <summary>Adds a key; false if it was already waiting.</summary>
    public bool Add(string key)
    {
        if (!_dirty.Add(key))
        {
            return false;
        }

        if (!_processing.Contains(key))
        {
            _queue.Enqueue(key);
        }

        return true;
    }

    /// <summary>Takes the next key to reconcile; call <see cref="Done"/> after.</summary>
    public bool TryGet(out string key)
    {
        if (_queue.Count == 0)
        {
            key = "";
            return false;
        }

        key = _queue.Dequeue();
        _dirty.Remove(key);
        _processing.Add(key);
        return true;
    }

    /// <summary>Marks processing of the key finished; if it was re-added meanwhile it is queued again.</summary>
    public void Done(string key)
    {
        _processing.Remove(key);
        if (_dirty.Contains(key))
        {
            _queue.Enqueue(key);
        }
    }

    /// <summary>Records a failure and returns how long to wait before <see cref="Add"/> again.</summary>
    public TimeSpan Backoff(string key)
    {
        var n = _failures.TryGetValue(key, out var f) ? f : 0;
        _failures[key] = n + 1;
        var delay = _baseDelay * Math.Pow(2, Math.Min(n, 30));
        return delay > _maxDelay ? _maxDelay : delay;
    }

    /// <summary>Forgets the failures of a key after a successful reconcile.</summary>
    public void Forget(string key) => _failures.Remove(key);

    public int Failures(string key) => _failures.TryGetValue(key, out var f) ? f : 0;
}
