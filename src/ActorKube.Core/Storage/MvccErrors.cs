namespace ActorKube.Core.Storage;

/// <summary>Base of the store's typed errors (etcd's mvcc ErrCompacted / ErrFutureRev).</summary>
public abstract class MvccException(string message) : Exception(message);

/// <summary>The requested revision is older than the compact revision: its history is gone.</summary>
public sealed class CompactedException(long requested, long compactRevision)
    : MvccException($"required revision {requested} has been compacted (compact revision {compactRevision})")
{
    public long Requested { get; } = requested;

    public long CompactRevision { get; } = compactRevision;
}

/// <summary>The requested revision is newer than the store's current revision.</summary>
public sealed class FutureRevisionException(long requested, long currentRevision)
    : MvccException($"required revision {requested} is a future revision (current revision {currentRevision})")
{
    public long Requested { get; } = requested;

    public long CurrentRevision { get; } = currentRevision;
}
