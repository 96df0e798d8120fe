namespace ActorKube.Core.Storage;

/// <summary>
/// In-memory multi-version key-value store with etcd's semantics (server/storage/mvcc): one global revision
/// bumped by every successful write, per-key create/mod revision and version, compare-and-swap on the mod
/// revision, ranges at the latest or a retained historical revision, the event history for watch catch-up,
/// and compaction. Not thread-safe: one owner (the etcd actor) sequences every call.
/// </summary>
public sealed class MvccStore
{
    private readonly Dictionary<string, KeyHistory> _keys = new(StringComparer.Ordinal);
    private readonly SortedSet<KeyHistory> _ordered = new(KeyOrder.Instance);
    private RevisionLog _log = new(1);

    /// <param name="historyRevisions">Auto-compaction keeps at least this many recent revisions; 0 disables it.</param>
    public MvccStore(long historyRevisions = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(historyRevisions);
        HistoryRevisions = historyRevisions;
    }

    public long HistoryRevisions { get; }

    /// <summary>The revision of the last successful write (0 when empty).</summary>
    public long Revision { get; private set; }

    /// <summary>Reads and watches before this revision fail with <see cref="CompactedException"/>.</summary>
    public long CompactRevision { get; private set; }

    /// <summary>Number of live keys at the latest revision.</summary>
    public long KeyCount { get; private set; }

    /// <summary>Keys with retained history (live or deleted but not yet compacted away).</summary>
    public int IndexedKeys => _keys.Count;

    public WriteResult Put(string key, StoredValue value, long expectedModRevision = CompareRevision.Any)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        _keys.TryGetValue(key, out var history);
        var current = history?.Latest;
        if (!Matches(current, expectedModRevision))
        {
            return new WriteResult(false, Revision, current, null, null);
        }

        if (history is null)
        {
            history = new KeyHistory(key);
            _keys.Add(key, history);
            _ordered.Add(history);
        }

        var revision = Revision + 1;
        var kv = current is null
            ? new KeyValue(key, value, revision, revision, 1)
            : new KeyValue(key, value, current.CreateRevision, revision, current.Version + 1);
        var change = new StoreEvent(EventType.Put, kv, current);
        Record(history, change);
        if (current is null)
        {
            KeyCount++;
        }

        return new WriteResult(true, revision, kv, current, change);
    }

    /// <summary>Deletes a live key if the compare holds; deleting an absent key fails (nothing to delete, no revision).</summary>
    public WriteResult Delete(string key, long expectedModRevision = CompareRevision.Any)
    {
        ArgumentNullException.ThrowIfNull(key);
        _keys.TryGetValue(key, out var history);
        var current = history?.Latest;
        if (current is null || !Matches(current, expectedModRevision))
        {
            return new WriteResult(false, Revision, current, null, null);
        }

        var change = new StoreEvent(EventType.Delete, KeyHistory.Tombstone(key, Revision + 1), current);
        Record(history!, change);
        KeyCount--;
        return new WriteResult(true, Revision, null, current, change);
    }

    /// <summary>The live value of one key at <paramref name="revision"/> (0 = latest).</summary>
    public KeyValue? Get(string key, long revision = 0)
    {
        var at = ReadRevision(revision);
        return _keys.TryGetValue(key, out var history) ? history.At(at) : null;
    }

    /// <summary>One key, or every key starting with <paramref name="key"/> when <paramref name="isPrefix"/>, sorted
    /// ordinally, as of <paramref name="revision"/> (0 = latest); at most <paramref name="limit"/> keys (0 = all).
    /// Cost is O(log n + matched keys * log history), never a scan of the whole store.</summary>
    public RangeResult Range(string key, bool isPrefix = false, long revision = 0, long limit = 0)
    {
        ArgumentNullException.ThrowIfNull(key);
        var at = ReadRevision(revision);
        if (!isPrefix)
        {
            var one = Get(key, at);
            return new RangeResult(one is null ? [] : [one], at, false);
        }

        var kvs = new List<KeyValue>();
        var more = false;
        foreach (var history in KeysWithPrefix(key))
        {
            var kv = history.At(at);
            if (kv is null)
            {
                continue;
            }

            if (limit > 0 && kvs.Count == limit)
            {
                more = true;
                break;
            }

            kvs.Add(kv);
        }

        return new RangeResult(kvs, at, more);
    }

    /// <summary>Events of keys under <paramref name="prefix"/> with revision in [startRevision, endRevision]
    /// (endRevision 0 = latest), oldest first: what a watch from startRevision must catch up on.</summary>
    public IReadOnlyList<StoreEvent> EventsSince(string prefix, long startRevision, long endRevision = 0)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var end = endRevision <= 0 ? Revision : Math.Min(endRevision, Revision);
        if (startRevision <= 0)
        {
            return [];
        }

        if (startRevision < CompactRevision)
        {
            throw new CompactedException(startRevision, CompactRevision);
        }

        var events = new List<StoreEvent>();
        for (var r = Math.Max(startRevision, _log.FirstRevision); r <= end; r++)
        {
            var e = _log[r];
            if (e.Kv.Key.StartsWith(prefix, StringComparison.Ordinal))
            {
                events.Add(e);
            }
        }

        return events;
    }

    /// <summary>Discards the history needed only to read revisions before <paramref name="revision"/>
    /// (etcd: compacting at or below the compact revision is ErrCompacted, beyond the current one ErrFutureRev).
    /// Cost is proportional to the events discarded.</summary>
    public void Compact(long revision)
    {
        if (revision <= CompactRevision)
        {
            throw new CompactedException(revision, CompactRevision);
        }

        if (revision > Revision)
        {
            throw new FutureRevisionException(revision, Revision);
        }

        CompactTo(revision);
    }

    /// <summary>The state up to <paramref name="upToRevision"/> (0 = latest) with its retained history, frozen
    /// (O(entries), no serialization: <see cref="MvccExport.ToBytes"/> does that, on any thread).</summary>
    public MvccExport Export(long upToRevision = 0) => MvccSnapshot.Freeze(this, upToRevision <= 0 ? Revision : Math.Min(upToRevision, Revision));

    /// <summary>A store restored from <see cref="Export"/>.</summary>
    public static MvccStore Import(MvccExport snapshot, long historyRevisions = 0)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var store = new MvccStore(historyRevisions);
        MvccSnapshot.Restore(snapshot, store);
        return store;
    }

    /// <summary>A store restored from <see cref="MvccExport.ToBytes"/>.</summary>
    public static MvccStore Import(byte[] snapshot, long historyRevisions = 0)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return Import(MvccExport.FromBytes(snapshot), historyRevisions);
    }

    internal IEnumerable<KeyHistory> OrderedKeys => _ordered;

    /// <summary>Called by the snapshot reader once per key, in any order, then <see cref="RestoreRevisions"/>.</summary>
    internal void RestoreKey(KeyHistory history)
    {
        _keys.Add(history.Key, history);
        _ordered.Add(history);
        if (history.Latest is not null)
        {
            KeyCount++;
        }
    }

    internal void RestoreRevisions(long revision, long compactRevision, RevisionLog log)
    {
        Revision = revision;
        CompactRevision = compactRevision;
        _log = log;
    }

    private static bool Matches(KeyValue? current, long expectedModRevision) => expectedModRevision switch
    {
        CompareRevision.Any => true,
        CompareRevision.NotExists => current is null,
        _ => current is not null && current.ModRevision == expectedModRevision,
    };

    private long ReadRevision(long revision)
    {
        if (revision <= 0)
        {
            return Revision;
        }

        if (revision > Revision)
        {
            throw new FutureRevisionException(revision, Revision);
        }

        if (revision < CompactRevision)
        {
            throw new CompactedException(revision, CompactRevision);
        }

        return revision;
    }

    private IEnumerable<KeyHistory> KeysWithPrefix(string prefix)
    {
        if (prefix.Length == 0)
        {
            return _ordered;
        }

        var end = KeyOrder.PrefixEnd(prefix);
        IEnumerable<KeyHistory> view = end is null ? _ordered : _ordered.GetViewBetween(new KeyHistory(prefix), new KeyHistory(end));
        return view.Where(h => h.Key.StartsWith(prefix, StringComparison.Ordinal));
    }

    private void Record(KeyHistory history, StoreEvent change)
    {
        history.Append(change.Kv);
        _log.Append(change);
        Revision = change.Kv.ModRevision;
        AutoCompact();
    }

    /// <summary>Compacts in steps of an eighth of the window, so each key's history is trimmed once per step, not per write.</summary>
    private void AutoCompact()
    {
        if (HistoryRevisions > 0 && Revision - CompactRevision > HistoryRevisions + Math.Max(1, HistoryRevisions / 8))
        {
            CompactTo(Revision - HistoryRevisions);
        }
    }

    private void CompactTo(long revision)
    {
        _log.TrimBefore(revision, e =>
        {
            if (!_keys.TryGetValue(e.Kv.Key, out var history) || history.CompactStamp == revision)
            {
                return;
            }

            history.CompactStamp = revision;
            if (history.Compact(revision))
            {
                _keys.Remove(history.Key);
                _ordered.Remove(history);
            }
        });
        CompactRevision = revision;
    }
}
