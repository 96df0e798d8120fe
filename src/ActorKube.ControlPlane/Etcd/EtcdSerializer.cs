using System.Runtime.Serialization;
using System.Text;
using Akka.Actor;
using Akka.Serialization;

namespace ActorKube.ControlPlane.Etcd;

/// <summary>Binary serializer of the etcd journal events and snapshots: values are written as raw bytes.</summary>
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
        EtcdSnapshot snapshot => snapshot.Store,
        _ => throw new ArgumentException($"cannot serialize {obj.GetType()}", nameof(obj)),
    };

    public override object FromBinary(byte[] bytes, string manifest) => manifest switch
    {
        BatchManifest => ReadBatch(bytes),
        SnapshotManifest => new EtcdSnapshot(bytes),
        _ => throw new SerializationException($"unknown etcd manifest '{manifest}'"),
    };

    private static byte[] WriteBatch(EtcdBatchStored batch)
    {
        var size = 16;
        foreach (var op in batch.Ops)
        {
            size += 12 + (op.Key.Length * 3) + op.Value.Length;
        }

        using var output = new MemoryStream(size);
        using (var writer = new BinaryWriter(output, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write7BitEncodedInt64(batch.FirstRevision);
            writer.Write7BitEncodedInt(batch.Ops.Count);
            foreach (var op in batch.Ops)
            {
                writer.Write((byte)op.Kind);
                switch (op.Kind)
                {
                    case EtcdOpKind.Put:
                        writer.Write(op.Key);
                        writer.Write7BitEncodedInt(op.Value.Length);
                        writer.Write(op.Value);
                        break;
                    case EtcdOpKind.Delete:
                        writer.Write(op.Key);
                        break;
                    default:
                        writer.Write7BitEncodedInt64(op.Revision);
                        break;
                }
            }
        }

        return output.ToArray();
    }

    private static EtcdBatchStored ReadBatch(byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes, writable: false), Encoding.UTF8);
        var first = reader.Read7BitEncodedInt64();
        var count = reader.Read7BitEncodedInt();
        var ops = new EtcdOp[count];
        for (var i = 0; i < count; i++)
        {
            var kind = (EtcdOpKind)reader.ReadByte();
            ops[i] = kind switch
            {
                EtcdOpKind.Put => EtcdOp.Put(reader.ReadString(), reader.ReadBytes(reader.Read7BitEncodedInt())),
                EtcdOpKind.Delete => EtcdOp.Delete(reader.ReadString()),
                EtcdOpKind.Compact => EtcdOp.Compact(reader.Read7BitEncodedInt64()),
                _ => throw new SerializationException($"unknown etcd op kind {kind}"),
            };
        }

        return new EtcdBatchStored(first, ops);
    }
}
