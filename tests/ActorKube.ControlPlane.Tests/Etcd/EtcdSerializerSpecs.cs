using System.Text;
using ActorKube.ControlPlane.Etcd;
using Akka.Actor;

namespace ActorKube.ControlPlane.Tests.Etcd;

public class EtcdSerializerSpecs : Akka.TestKit.Xunit2.TestKit
{
    [Fact]
    public void A_batch_is_written_in_the_layout_journals_already_hold()
    {
        var value = new byte[] { 0x7B, 0x00, 0xFF, 0x7D };
        var batch = new EtcdBatchStored(300, [EtcdOp.Put("/registry/pods/ns/é", value), EtcdOp.Delete("/registry/pods/ns/b"), EtcdOp.Compact(150)]);

        // What the serializer wrote with a BinaryWriter before it shared WireWriter with the message serializer.
        using var old = new MemoryStream();
        using (var w = new BinaryWriter(old, Encoding.UTF8, leaveOpen: true))
        {
            w.Write7BitEncodedInt64(300);
            w.Write7BitEncodedInt(3);
            w.Write((byte)EtcdOpKind.Put);
            w.Write("/registry/pods/ns/é");
            w.Write7BitEncodedInt(value.Length);
            w.Write(value);
            w.Write((byte)EtcdOpKind.Delete);
            w.Write("/registry/pods/ns/b");
            w.Write((byte)EtcdOpKind.Compact);
            w.Write7BitEncodedInt64(150);
        }

        var serializer = new EtcdSerializer((ExtendedActorSystem)Sys);
        Assert.Equal(old.ToArray(), serializer.ToBinary(batch));
        var back = (EtcdBatchStored)serializer.FromBinary(old.ToArray(), serializer.Manifest(batch));
        Assert.Equal(300, back.FirstRevision);
        Assert.Equal([EtcdOpKind.Put, EtcdOpKind.Delete, EtcdOpKind.Compact], back.Ops.Select(o => o.Kind));
        Assert.Equal("/registry/pods/ns/é", back.Ops[0].Key);
        Assert.Equal(value, back.Ops[0].Value.Bytes);
        Assert.Equal("/registry/pods/ns/b", back.Ops[1].Key);
        Assert.Equal(150, back.Ops[2].Revision);
    }
}
