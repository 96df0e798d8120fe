using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace ActorKube.Core.Wire;

/// <summary>
/// A growable buffer for the binary layouts of ActorKube (the etcd journal, the messages between processes).
/// Integers are LEB128 varints (the bytes of <see cref="BinaryWriter.Write7BitEncodedInt64"/>), strings are
/// written as <see cref="BinaryWriter.Write(string)"/> writes them, byte arrays raw after their length, and JSON
/// goes straight into the buffer after a 4-byte length. <see cref="WireReader"/> reads it back.
/// </summary>
public sealed class WireWriter(int capacity = 256) : IBufferWriter<byte>
{
    [ThreadStatic]
    private static Utf8JsonWriter? _json;

    [ThreadStatic]
    private static JsonSerializerOptions? _jsonOptions;

    private byte[] _buffer = new byte[Math.Max(16, capacity)];
    private int _position;

    public int Length => _position;

    public byte[] ToArray() => _buffer.AsSpan(0, _position).ToArray();

    /// <summary>Empties the buffer for reuse; a buffer grown past <paramref name="keepAtMost"/> bytes is dropped.</summary>
    public void Reset(int keepAtMost = 1 << 20)
    {
        _position = 0;
        if (_buffer.Length > keepAtMost)
        {
            _buffer = new byte[256];
        }
    }

    public void WriteByte(byte value)
    {
        Ensure(1);
        _buffer[_position++] = value;
    }

    public void WriteBool(bool value) => WriteByte(value ? (byte)1 : (byte)0);

    /// <summary>An unsigned LEB128 varint: 7 bits a byte, low bits first.</summary>
    public void WriteVarUInt64(ulong value)
    {
        Ensure(10);
        while (value >= 0x80)
        {
            _buffer[_position++] = (byte)(value | 0x80);
            value >>= 7;
        }

        _buffer[_position++] = (byte)value;
    }

    /// <summary>As <see cref="BinaryWriter.Write7BitEncodedInt"/> (a negative value takes 5 bytes): for counts and lengths.</summary>
    public void WriteVarInt(int value) => WriteVarUInt64((uint)value);

    /// <summary>As <see cref="BinaryWriter.Write7BitEncodedInt64"/> (a negative value takes 10 bytes): for revisions.</summary>
    public void WriteVarLong(long value) => WriteVarUInt64((ulong)value);

    /// <summary>A signed value, zigzag-encoded so that small negative numbers stay short (-1 is one byte).</summary>
    public void WriteZigZag(long value) => WriteVarUInt64((ulong)((value << 1) ^ (value >> 63)));

    /// <summary>As <see cref="BinaryWriter.Write(string)"/>: the UTF-8 byte count as a varint, then the bytes.</summary>
    public void WriteString(string value)
    {
        var count = Encoding.UTF8.GetByteCount(value);
        WriteVarInt(count);
        Ensure(count);
        _position += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_position));
    }

    /// <summary>A string or null: the UTF-8 byte count plus one (0 for null), then the bytes.</summary>
    public void WriteNullableString(string? value)
    {
        if (value is null)
        {
            WriteByte(0);
            return;
        }

        var count = Encoding.UTF8.GetByteCount(value);
        WriteVarUInt64((ulong)count + 1);
        Ensure(count);
        _position += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_position));
    }

    /// <summary>The length as a varint, then the bytes as they are.</summary>
    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        WriteVarInt(value.Length);
        WriteRaw(value);
    }

    public void WriteRaw(ReadOnlySpan<byte> value)
    {
        Ensure(value.Length);
        value.CopyTo(_buffer.AsSpan(_position));
        _position += value.Length;
    }

    public void WriteGuid(Guid value)
    {
        Ensure(16);
        value.TryWriteBytes(_buffer.AsSpan(_position, 16));
        _position += 16;
    }

    /// <summary>
    /// <paramref name="value"/> as UTF-8 JSON of <paramref name="type"/>, after its length as a 4-byte little-endian
    /// integer (patched in once the JSON is written, so the JSON is never copied).
    /// </summary>
    public void WriteJson(object value, Type type, JsonSerializerOptions options)
    {
        Ensure(4);
        var lengthAt = _position;
        _position += 4;
        var json = JsonWriterFor(options);
        json.Reset(this);
        try
        {
            JsonSerializer.Serialize(json, value, type, options);
            json.Flush();
        }
        finally
        {
            json.Reset(NullWriter.Instance);
        }

        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(lengthAt, 4), _position - lengthAt - 4);
    }

    public void Advance(int count)
    {
        if ((uint)count > (uint)(_buffer.Length - _position))
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }

        _position += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(Math.Max(sizeHint, 256));
        return _buffer.AsMemory(_position);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(Math.Max(sizeHint, 256));
        return _buffer.AsSpan(_position);
    }

    private void Ensure(int count)
    {
        if (_buffer.Length - _position >= count)
        {
            return;
        }

        var size = Math.Max(_buffer.Length * 2, _position + count);
        Array.Resize(ref _buffer, size);
    }

    private static Utf8JsonWriter JsonWriterFor(JsonSerializerOptions options)
    {
        if (_json is null || !ReferenceEquals(_jsonOptions, options))
        {
            _json = new Utf8JsonWriter(NullWriter.Instance, new JsonWriterOptions { Encoder = options.Encoder, Indented = false, MaxDepth = options.MaxDepth });
            _jsonOptions = options;
        }

        return _json;
    }

    /// <summary>Where the cached JSON writer points between uses, so it holds no buffer alive.</summary>
    private sealed class NullWriter : IBufferWriter<byte>
    {
        public static readonly NullWriter Instance = new();

        public void Advance(int count)
        {
        }

        public Memory<byte> GetMemory(int sizeHint = 0) => new byte[Math.Max(sizeHint, 1)];

        public Span<byte> GetSpan(int sizeHint = 0) => new byte[Math.Max(sizeHint, 1)];
    }
}
