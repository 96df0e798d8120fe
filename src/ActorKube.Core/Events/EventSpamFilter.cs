namespace ActorKube.Core.Events;

/// <summary>
/// client-go's EventSourceObjectSpamFilter: a token bucket per (source, involved object), burst 25,
/// refilled one event every 5 minutes. A ReplicaSet that creates 10,000 pods records its first 25
/// SuccessfulCreate events and then one per 5 minutes, as in Kubernetes; events about different
/// objects (each pod's Scheduled, Pulled, Started) are not limited by each other.
/// </summary>
/// <typeparam name="TKey">The (source, involved object) key: <see cref="EventSourceObject"/> in the recorders.</typeparam>
public sealed class EventSpamFilter<TKey>(int burst = 25, TimeSpan? refillEvery = null, int maxKeys = 4096)
    where TKey : notnull
{
    private readonly TimeSpan _refill = refillEvery ?? TimeSpan.FromMinutes(5);
    private readonly Dictionary<TKey, Bucket> _buckets = [];

    public int TrackedKeys => _buckets.Count;

    /// <summary>True if the event may be recorded now (and takes a token).</summary>
    public bool Allow(TKey sourceAndObjectKey, DateTime now)
    {
        if (!_buckets.TryGetValue(sourceAndObjectKey, out var b))
        {
            if (_buckets.Count >= maxKeys)
            {
                // Like the LRU cache of client-go: forget the oldest-refilled buckets rather than grow without bound.
                foreach (var stale in _buckets.OrderBy(kv => kv.Value.Last).Take(maxKeys / 4).Select(kv => kv.Key).ToList())
                {
                    _buckets.Remove(stale);
                }
            }

            b = new Bucket { Tokens = burst, Last = now };
            _buckets[sourceAndObjectKey] = b;
        }
        else if (now > b.Last)
        {
            var refilled = (int)((now - b.Last).Ticks / _refill.Ticks);
            if (refilled > 0)
            {
                b.Tokens = Math.Min(burst, b.Tokens + refilled);
                b.Last += _refill * refilled;
            }
        }

        if (b.Tokens <= 0)
        {
            return false;
        }

        b.Tokens--;
        return true;
    }

    private sealed class Bucket
    {
        public int Tokens { get; set; }

        public DateTime Last { get; set; }
    }
}

/// <summary>getSpamKey of client-go: the event's source and its involved object, as a value (no string built per event).</summary>
public readonly record struct EventSourceObject(string Component, string? Host, string? Kind, string? Namespace, string? Name, string? Uid);
