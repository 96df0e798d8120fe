using Google.Protobuf;

namespace ActorKube.Cluster.Network;

/// <summary>
/// Reads the listening endpoint of the process that opened a connection from the first message it sends: Akka's
/// ASSOCIATE control PDU (Akka.Remote's WireFormats.proto: AkkaProtocolMessage.instruction = AkkaControlMessage
/// { commandType = ASSOCIATE, handshakeInfo = AkkaHandshakeInfo { origin = AddressData { system, hostname, port,
/// protocol } } }). The accepting side otherwise knows the opener only by the connection's ephemeral port, as
/// Akka's own throttler adapter found (it adds a handshake of its own for this).
/// </summary>
public static class AssociateHandshake
{
    private const int Associate = 1;

    /// <summary>The origin "host:port" of an ASSOCIATE PDU; null for any other PDU or bytes that are not one.</summary>
    public static string? OriginOf(ByteString pdu)
    {
        try
        {
            var instruction = Field(pdu, 2);
            if (instruction is null || Varint(instruction, 1) != Associate)
            {
                return null;
            }

            var origin = Field(Field(instruction, 2), 1);
            if (origin is null)
            {
                return null;
            }

            var host = Field(origin, 2)?.ToStringUtf8();
            var port = Varint(origin, 3);
            return string.IsNullOrEmpty(host) || port is not (> 0 and <= 65535) ? null : NetworkFaultTable.Key(host, (int)port);
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }

    /// <summary>The bytes of length-delimited field <paramref name="number"/> of a message, or null.</summary>
    private static ByteString? Field(ByteString? message, int number)
    {
        if (message is null)
        {
            return null;
        }

        var input = message.CreateCodedInput();
        ByteString? found = null;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == number && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                found = input.ReadBytes();
            }
            else
            {
                input.SkipLastField();
            }
        }

        return found;
    }

    /// <summary>Varint field <paramref name="number"/> of a message, or null.</summary>
    private static ulong? Varint(ByteString message, int number)
    {
        var input = message.CreateCodedInput();
        ulong? found = null;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == number && WireFormat.GetTagWireType(tag) == WireFormat.WireType.Varint)
            {
                found = input.ReadUInt64();
            }
            else
            {
                input.SkipLastField();
            }
        }

        return found;
    }
}
