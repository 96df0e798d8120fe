using ActorKube.Core.Storage;

namespace ActorKube.ControlPlane.Etcd;

// Messages of the etcd actor. Only the apiserver talks to it. Every request carries a Tag that the
// reply echoes. Writes are acknowledged only after their batch is stored in the journal; the watch
// events of a batch are sent to watchers before the acknowledgements of that batch, so a watcher
// that is also the writer (the apiserver's watch cache) has seen its own write when the ack arrives.

/// <summary>Any revision (no compare).</summary>
public static class Revisions
{
    public const long Any = -1;

    /// <summary>Compare "key does not exist" (create).</summary>
    public const long NotExists = 0;
}

/// <summary>Put if the key's mod revision equals ExpectedModRevision (<see cref="Revisions"/>).</summary>
public sealed record EtcdPut(object? Tag, string Key, StoredValue Value, long ExpectedModRevision = Revisions.Any);

/// <summary>Delete if the key's mod revision equals ExpectedModRevision.</summary>
public sealed record EtcdDelete(object? Tag, string Key, long ExpectedModRevision = Revisions.Any);

/// <summary>Result of a put or delete. On a failed compare, Succeeded is false and Current is the key's value now (null if absent).
/// Revision is the store revision after the write (the new mod revision on success).</summary>
public sealed record EtcdWriteResult(object? Tag, bool Succeeded, long Revision, KeyValue? Current, KeyValue? Previous);

/// <summary>Reply to a put, delete or compact whose batch could not be stored (journal failure or rejection): the write
/// may or may not be applied (the etcd actor restarts and recovers from the journal); retry after reading again.</summary>
public sealed record EtcdWriteFailed(object? Tag, string Reason);

/// <summary>Range over one key, or every key starting with Prefix when IsPrefix; at Revision (0 = latest).</summary>
public sealed record EtcdRange(object? Tag, string Key, bool IsPrefix = false, long Revision = 0, long Limit = 0);

/// <summary>Result of a range; Error is "compacted" or "future revision" when the revision cannot be served.</summary>
public sealed record EtcdRangeResult(object? Tag, IReadOnlyList<KeyValue> Kvs, long Revision, bool More, string? Error = null);

/// <summary>Watch every key under Prefix from StartRevision (inclusive; 0 = from now). The sender receives
/// EtcdWatchEvents (one message per stored batch, revision order), or EtcdWatchCanceled if StartRevision is compacted.</summary>
public sealed record EtcdWatch(object? Tag, string Prefix, long StartRevision);

public sealed record EtcdCancelWatch(object? Tag);

public sealed record EtcdWatchEvents(object? Tag, IReadOnlyList<StoreEvent> Events);

public sealed record EtcdWatchCanceled(object? Tag, long CompactRevision, string Reason);

/// <summary>Compact history up to (not including) Revision.</summary>
public sealed record EtcdCompact(object? Tag, long Revision);

public sealed record EtcdCompacted(object? Tag, long CompactRevision, string? Error = null);

public sealed record EtcdGetStatus(object? Tag);

/// <summary>Status: current revision, compacted revision, live keys, writes stored since start, batches (journal events) stored.</summary>
public sealed record EtcdStatus(object? Tag, long Revision, long CompactRevision, long Keys, long Writes, long Batches);
