namespace ActorKube.Core.Storage;

/// <summary>
/// The retained events in revision order. Every committed revision is exactly one event, so the event of
/// revision r sits at index r - FirstRevision of a ring buffer: lookups are O(1), trimming is O(trimmed).
/// </summary>
internal sealed class RevisionLog
{
    private StoreEvent[] _ring = new StoreEvent[1024];
    private int _head;

    public RevisionLog(long firstRevision) => FirstRevision = firstRevision;

    public int Count { get; private set; }

    /// <summary>Revision of the oldest retained event (or of the next event when empty).</summary>
    public long FirstRevision { get; private set; }

    public long NextRevision => FirstRevision + Count;

    public StoreEvent this[long revision] => _ring[(_head + (int)(revision - FirstRevision)) % _ring.Length];

    public void Append(StoreEvent e)
    {
        if (e.Kv.ModRevision != NextRevision)
        {
            throw new InvalidOperationException($"event revision {e.Kv.ModRevision} is not the next revision {NextRevision}");
        }

        if (Count == _ring.Length)
        {
            Grow();
        }

        _ring[(_head + Count) % _ring.Length] = e;
        Count++;
    }

    /// <summary>Removes the events before <paramref name="revision"/>, calling <paramref name="onRemoved"/> for each.</summary>
    public void TrimBefore(long revision, Action<StoreEvent> onRemoved)
    {
        while (Count > 0 && FirstRevision < revision)
        {
            onRemoved(_ring[_head]);
            _ring[_head] = null!;
            _head = (_head + 1) % _ring.Length;
            Count--;
            FirstRevision++;
        }
    }

    private void Grow()
    {
        var bigger = new StoreEvent[_ring.Length * 2];
        for (var i = 0; i < Count; i++)
        {
            bigger[i] = _ring[(_head + i) % _ring.Length];
        }

        _ring = bigger;
        _head = 0;
    }
}
