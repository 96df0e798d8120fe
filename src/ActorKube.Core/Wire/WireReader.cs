using System.Buffers.Binary;
using System.Runtime.Serialization;
using System.Text;
using System.Text.Json;

namespace ActorKube.Core.Wire;

/// <summary>Reads what <see cref="WireWriter"/> wrote. Truncated or malformed input raises <see cref="SerializationException"/>.</summary>
public sealed class WireReader(byte[] bytes)
{
    private int _position;

    public bool AtEnd => _position >= bytes.Length;

    public int Remaining => bytes.Length - _position;

    public byte ReadByte()
    {
        Need(1);
        return bytes[_position++];
    }

    public bool ReadBool() => ReadByte() != 0;

    public ulong ReadVarUInt64()
    {
        ulong result = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            var b = ReadByte();
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw new SerializationException("malformed varint");
    }

    /// <summary>As <see cref="BinaryReader.Read7BitEncodedInt"/>.</summary>
    public int ReadVarInt()
    {
        var value = ReadVarUInt64();
        return value <= uint.MaxValue ? (int)(uint)value : throw new SerializationException("varint does not fit an int");
    }

    /// <summary>A count of elements that follow (each takes at least a byte), checked against what is left.</summary>
    public int ReadCount()
    {
        var count = ReadVarInt();
        return count >= 0 && count <= Remaining ? count : throw new SerializationException($"count {count} out of range");
    }

    /// <summary>As <see cref="BinaryReader.Read7BitEncodedInt64"/>.</summary>
    public long ReadVarLong() => (long)ReadVarUInt64();

    public long ReadZigZag()
    {
        var value = ReadVarUInt64();
        return (long)(value >> 1) ^ -(long)(value & 1);
    }

    public string ReadString() => Utf8(Length(ReadVarInt()));

    public string? ReadNullableString()
    {
        var value = ReadVarUInt64();
        return value == 0 ? null : Utf8(Length(value - 1));
    }

    public byte[] ReadBytes()
    {
        var count = Length(ReadVarInt());
        var result = bytes.AsSpan(_position, count).ToArray();
        _position += count;
        return result;
    }

    public Guid ReadGuid()
    {
        Need(16);
        var result = new Guid(bytes.AsSpan(_position, 16));
        _position += 16;
        return result;
    }

    /// <summary>Reads JSON written by <see cref="WireWriter.WriteJson"/> as <paramref name="type"/>.</summary>
    public object ReadJson(Type type, JsonSerializerOptions options)
    {
        Need(4);
        var count = Length(BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(_position, 4)), skip: 4);
        var json = bytes.AsSpan(_position + 4, count);
        _position += 4 + count;
        return JsonSerializer.Deserialize(json, type, options) ?? throw new SerializationException($"null JSON for {type.Name}");
    }

    private string Utf8(int count)
    {
        var result = Encoding.UTF8.GetString(bytes, _position, count);
        _position += count;
        return result;
    }

    private int Length(ulong count) => count <= int.MaxValue ? Length((int)count) : throw new SerializationException("length out of range");

    private int Length(int count, int skip = 0)
    {
        if (count < 0 || count > bytes.Length - _position - skip)
        {
            throw new SerializationException($"truncated input: {count} bytes announced, {bytes.Length - _position - skip} left");
        }

        return count;
    }

    private void Need(int count)
    {
        if (bytes.Length - _position < count)
        {
            throw new SerializationException("truncated input");
        }
    }
}
