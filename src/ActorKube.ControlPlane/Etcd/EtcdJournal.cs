using ActorKube.Core.Storage;

namespace ActorKube.ControlPlane.Etcd;

// What the etcd actor stores: journal events and snapshots. Serialized by EtcdSerializer.

public enum EtcdOpKind : byte
{
    Put = 1,
    Delete = 2,
    Compact = 3,
}

/// <summary>One applied write. Only writes whose compare succeeded are stored, so replay applies them unconditionally.
/// Key and Value for Put, Key for Delete, Revision for Compact.</summary>
public sealed record EtcdOp(EtcdOpKind Kind, string Key, StoredValue Value, long Revision = 0)
{
    public static EtcdOp Put(string key, StoredValue value) => new(EtcdOpKind.Put, key, value);

    public static EtcdOp Delete(string key) => new(EtcdOpKind.Delete, key, StoredValue.Empty);

    public static EtcdOp Compact(long revision) => new(EtcdOpKind.Compact, "", StoredValue.Empty, revision);
}

/// <summary>Journal event: one group commit. FirstRevision is the revision of the first put/delete (replay checks it).</summary>
public sealed record EtcdBatchStored(long FirstRevision, IReadOnlyList<EtcdOp> Ops);

/// <summary>Snapshot: the MVCC store exported at a committed revision (MvccStore.Export). Frozen, not serialized: a
/// snapshot store that keeps it in memory never pays for the bytes, one that stores bytes makes them on its own thread.</summary>
public sealed record EtcdSnapshot(MvccExport Store);
