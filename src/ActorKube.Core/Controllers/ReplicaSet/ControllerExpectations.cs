namespace ActorKube.Core.Controllers.ReplicaSet;

/// <summary>
/// ControllerExpectations / UIDTrackingControllerExpectations of pkg/controller: per controller key,
/// how many pod creations and which pod deletions the controller has asked for and not yet seen in
/// its informer. While they are pending the controller does not manage replicas again (it would
/// create twice). Satisfied when observed, or after <see cref="Timeout"/> (a lost watch event).
/// </summary>
public sealed class ControllerExpectations
{
    /// <summary>ExpectationsTimeout: 5 minutes.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    /// <summary>Replaces the expectations of the key with <paramref name="adds"/> creations.</summary>
    public void ExpectCreations(string key, int adds, DateTime now) =>
        _entries[key] = new Entry { Adds = adds, Timestamp = now };

    /// <summary>Replaces the expectations of the key with the deletion of these pods (namespace/name).</summary>
    public void ExpectDeletions(string key, IEnumerable<string> podKeys, DateTime now)
    {
        var e = new Entry { Timestamp = now };
        foreach (var k in podKeys)
        {
            e.DeleteKeys.Add(k);
        }

        _entries[key] = e;
    }

    /// <summary>A pod of the controller appeared, or a creation failed (so will never appear).</summary>
    public void CreationObserved(string key)
    {
        if (_entries.TryGetValue(key, out var e))
        {
            e.Adds--;
        }
    }

    /// <summary>A pod of the controller went away (or its deletion failed); only expected pods count.</summary>
    public void DeletionObserved(string key, string podKey)
    {
        if (_entries.TryGetValue(key, out var e))
        {
            e.DeleteKeys.Remove(podKey);
        }
    }

    public bool Satisfied(string key, DateTime now)
    {
        if (!_entries.TryGetValue(key, out var e))
        {
            // No record: a new controller, or expectations deleted with it: sync.
            return true;
        }

        return (e.Adds <= 0 && e.DeleteKeys.Count == 0) || now - e.Timestamp > Timeout;
    }

    public void Delete(string key) => _entries.Remove(key);

    /// <summary>The pending (adds, deletions) of the key, or null without a record.</summary>
    public (int Adds, int Deletes)? Pending(string key) =>
        _entries.TryGetValue(key, out var e) ? (Math.Max(0, e.Adds), e.DeleteKeys.Count) : null;

    private sealed class Entry
    {
        public int Adds { get; set; }

        public HashSet<string> DeleteKeys { get; } = new(StringComparer.Ordinal);

        public DateTime Timestamp { get; init; }
    }
}
