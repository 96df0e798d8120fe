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
public sealed record EtcdOp(EtcdOpKind Kind, string Key, byte[] Value, long Revision = 0)
{
    public static EtcdOp Put(string key, byte[] value) => new(EtcdOpKind.Put, key, value);

    public static EtcdOp Delete(string key) => new(EtcdOpKind.Delete, key, []);

    public static EtcdOp Compact(long revision) => new(EtcdOpKind.Compact, "", [], revision);
}

/// <summary>Journal event: one group commit. FirstRevision is the revision of the first put/delete (replay checks it).</summary>
public sealed record EtcdBatchStored(long FirstRevision, IReadOnlyList<EtcdOp> Ops);

/// <summary>Snapshot: the MVCC store exported at a committed revision (MvccStore.Export).</summary>
public sealed record EtcdSnapshot(byte[] Store);
