namespace ActorKube.Core.Storage;

/// <summary>
/// The value of a key: serialized bytes, or an object that is serialized when something first reads <see cref="Bytes"/>
/// (the journal, a snapshot, a range, another process). In one process with memory storage nothing reads the bytes of
/// most writes (the apiserver keeps the object it wrote), so no one pays for them. The object must never change
/// after it is handed over. Equality is identity, as for the byte arrays it stands for.
/// </summary>
public sealed class StoredValue
{
    private readonly Func<object, byte[]>? _encode;
    private object? _source;
    private byte[]? _bytes;

    public StoredValue(byte[] bytes) => _bytes = bytes ?? throw new ArgumentNullException(nameof(bytes));

    private StoredValue(object source, Func<object, byte[]> encode)
    {
        _source = source;
        _encode = encode;
    }

    /// <summary>The empty value (tombstones, deletes and compactions in the journal).</summary>
    public static StoredValue Empty { get; } = new([]);

    /// <summary>The serialized value, made from the object on first use (by whichever thread asks first).</summary>
    public byte[] Bytes
    {
        get
        {
            var bytes = Volatile.Read(ref _bytes);
            return bytes ?? Encode();
        }
    }

    /// <summary>True when the bytes exist (given, or already made).</summary>
    public bool IsEncoded => Volatile.Read(ref _bytes) is not null;

    /// <summary>A value whose bytes are <paramref name="encode"/>(<paramref name="source"/>), made when first read.</summary>
    public static StoredValue Deferred(object source, Func<object, byte[]> encode)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(encode);
        return new StoredValue(source, encode);
    }

    public static implicit operator StoredValue(byte[] bytes) => new(bytes);

    private byte[] Encode()
    {
        var source = Volatile.Read(ref _source);
        if (source is null)
        {
            // Another thread made the bytes (it publishes them before it lets the object go).
            return Volatile.Read(ref _bytes)!;
        }

        // Two threads may both encode the first time: the bytes are the same, one copy wins.
        var made = _encode!(source);
        var bytes = Interlocked.CompareExchange(ref _bytes, made, null) ?? made;
        Volatile.Write(ref _source, null);
        return bytes;
    }
}
