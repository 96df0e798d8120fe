namespace ActorKube.Core.Storage;

/// <summary>
/// The retained revisions of one key, oldest first (etcd's keyIndex). A delete is stored as a tombstone:
/// a KeyValue with Version 0 and an empty value whose ModRevision is the delete revision.
/// </summary>
internal sealed class KeyHistory(string key)
{
    private readonly List<KeyValue> _entries = new(2);

    public string Key { get; } = key;

    public int Count => _entries.Count;

    public IReadOnlyList<KeyValue> Entries => _entries;

    /// <summary>The live value at the latest revision, or null if the key is deleted.</summary>
    public KeyValue? Latest => _entries.Count == 0 ? null : Live(_entries[^1]);

    /// <summary>Marks the compaction that last visited this key, so a compaction trims each key once.</summary>
    public long CompactStamp { get; set; }

    public static bool IsTombstone(KeyValue kv) => kv.Version == 0;

    public static KeyValue Tombstone(string key, long revision) => new(key, StoredValue.Empty, 0, revision, 0);

    public void Append(KeyValue kv) => _entries.Add(kv);

    /// <summary>The live value as of <paramref name="revision"/>, or null if absent then.</summary>
    public KeyValue? At(long revision)
    {
        var i = IndexAtOrBefore(revision);
        return i < 0 ? null : Live(_entries[i]);
    }

    /// <summary>Drops the entries only needed to read revisions before <paramref name="revision"/>: keeps every entry
    /// at or after it and the last put before it (the value visible at the compact revision, and the PrevKv of the
    /// next event). Returns true when nothing is left.</summary>
    public bool Compact(long revision)
    {
        var firstKept = IndexAtOrBefore(revision - 1) + 1;
        if (firstKept > 0 && !IsTombstone(_entries[firstKept - 1]))
        {
            firstKept--;
        }

        if (firstKept > 0)
        {
            _entries.RemoveRange(0, firstKept);
        }

        return _entries.Count == 0;
    }

    private static KeyValue? Live(KeyValue kv) => IsTombstone(kv) ? null : kv;

    /// <summary>Index of the last entry with ModRevision &lt;= revision, -1 if none.</summary>
    private int IndexAtOrBefore(long revision)
    {
        var last = _entries.Count - 1;
        if (last < 0)
        {
            return -1;
        }

        if (_entries[last].ModRevision <= revision)
        {
            return last;
        }

        int lo = 0, hi = last - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_entries[mid].ModRevision <= revision)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return found;
    }
}
