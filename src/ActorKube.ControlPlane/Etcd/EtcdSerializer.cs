using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;
using ActorKube.Core.Storage;
using ActorKube.Core.Wire;

namespace ActorKube.ControlPlane.Etcd;

/// <summary>Binary serializer of the etcd journal events and snapshots: values are written as raw bytes
/// (<see cref="WireWriter"/>: the layout BinaryWriter wrote before, so older journals still read).</summary>
public sealed class EtcdSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int Id = 4711;
    private const string BatchManifest = "B1";
    private const string SnapshotManifest = "S1";

    public override int Identifier => Id;

    public override string Manifest(object o) => o switch
    {
        EtcdBatchStored => BatchManifest,
        EtcdSnapshot => SnapshotManifest,
        _ => throw new ArgumentException($"cannot serialize {o.GetType()}", nameof(o)),
    };

    public override byte[] ToBinary(object obj) => obj switch
    {
        EtcdBatchStored batch => WriteBatch(batch),
        EtcdSnapshot snapshot => snapshot.Store.ToBytes(),
        _ => throw new ArgumentException($"cannot serialize {obj.GetType()}", nameof(obj)),
    };

    public override object FromBinary(byte[] bytes, string manifest) => manifest switch
    {
        BatchManifest => ReadBatch(bytes),
        SnapshotManifest => new EtcdSnapshot(MvccExport.FromBytes(bytes)),
        _ => throw new SerializationException($"unknown etcd manifest '{manifest}'"),
    };

    private static byte[] WriteBatch(EtcdBatchStored batch)
    {
        var size = 16;
        foreach (var op in batch.Ops)
        {
            size += 12 + (op.Key.Length * 3) + op.Value.Bytes.Length;
        }

        var w = new WireWriter(size);
        w.WriteVarLong(batch.FirstRevision);
        w.WriteVarInt(batch.Ops.Count);
        foreach (var op in batch.Ops)
        {
            w.WriteByte((byte)op.Kind);
            switch (op.Kind)
            {
                case EtcdOpKind.Put:
                    w.WriteString(op.Key);
                    w.WriteBytes(op.Value.Bytes);
                    break;
                case EtcdOpKind.Delete:
                    w.WriteString(op.Key);
                    break;
                default:
                    w.WriteVarLong(op.Revision);
                    break;
            }
        }

        return w.ToArray();
    }

    private static EtcdBatchStored ReadBatch(byte[] bytes)
    {
        var r = new WireReader(bytes);
        var first = r.ReadVarLong();
        var count = r.ReadCount();
        var ops = new EtcdOp[count];
        for (var i = 0; i < count; i++)
        {
            var kind = (EtcdOpKind)r.ReadByte();
            ops[i] = kind switch
            {
                EtcdOpKind.Put => EtcdOp.Put(r.ReadString(), new StoredValue(r.ReadBytes())),
                EtcdOpKind.Delete => EtcdOp.Delete(r.ReadString()),
                EtcdOpKind.Compact => EtcdOp.Compact(r.ReadVarLong()),
                _ => throw new SerializationException($"unknown etcd op kind {kind}"),
            };
        }

        return new EtcdBatchStored(first, ops);
    }
}
