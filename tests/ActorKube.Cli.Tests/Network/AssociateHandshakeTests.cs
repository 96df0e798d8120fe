using ActorKube.Cluster.Network;
using Google.Protobuf;

namespace ActorKube.Cli.Tests.Network;

/// <summary>The accepting side learns who dialled from Akka's ASSOCIATE PDU (layout of Akka.Remote's WireFormats.proto).</summary>
public class AssociateHandshakeTests
{
    private static ByteString Message(Action<CodedOutputStream> write)
    {
        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        write(output);
        output.Flush();
        return ByteString.CopyFrom(stream.ToArray());
    }

    private static ByteString Pdu(int command, string host, uint port)
    {
        var origin = Message(o =>
        {
            o.WriteTag(1, WireFormat.WireType.LengthDelimited);
            o.WriteString("actorkube");
            o.WriteTag(2, WireFormat.WireType.LengthDelimited);
            o.WriteString(host);
            o.WriteTag(3, WireFormat.WireType.Varint);
            o.WriteUInt32(port);
            o.WriteTag(4, WireFormat.WireType.LengthDelimited);
            o.WriteString("akka.tcp");
        });
        var handshake = Message(o =>
        {
            o.WriteTag(1, WireFormat.WireType.LengthDelimited);
            o.WriteBytes(origin);
            o.WriteTag(2, WireFormat.WireType.Fixed64);
            o.WriteFixed64(0x1234_5678_9abc_def0);
        });
        var control = Message(o =>
        {
            o.WriteTag(1, WireFormat.WireType.Varint);
            o.WriteEnum(command);
            o.WriteTag(2, WireFormat.WireType.LengthDelimited);
            o.WriteBytes(handshake);
        });
        return Message(o =>
        {
            o.WriteTag(2, WireFormat.WireType.LengthDelimited);
            o.WriteBytes(control);
        });
    }

    [Fact]
    public void An_associate_pdu_names_the_origins_listening_endpoint() =>
        Assert.Equal("10.0.0.7:4053", AssociateHandshake.OriginOf(Pdu(1, "10.0.0.7", 4053)));

    [Fact]
    public void Other_pdus_and_other_bytes_name_nothing()
    {
        Assert.Null(AssociateHandshake.OriginOf(Pdu(3, "10.0.0.7", 4053)));
        Assert.Null(AssociateHandshake.OriginOf(Pdu(1, "", 4053)));
        Assert.Null(AssociateHandshake.OriginOf(Pdu(1, "10.0.0.7", 0)));
        var payload = Message(o =>
        {
            o.WriteTag(1, WireFormat.WireType.LengthDelimited);
            o.WriteBytes(ByteString.CopyFromUtf8("a user message"));
        });
        Assert.Null(AssociateHandshake.OriginOf(payload));
        Assert.Null(AssociateHandshake.OriginOf(ByteString.CopyFrom(0xff, 0xff, 0xff)));
        Assert.Null(AssociateHandshake.OriginOf(ByteString.Empty));
    }
}
