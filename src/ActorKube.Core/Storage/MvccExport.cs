namespace ActorKube.Core.Storage;

/// <summary>
/// A store's state up to a revision with its retained history, frozen: references to the store's immutable key-values,
/// taken in O(entries) by the store's owner. Serializing it (<see cref="ToBytes"/>, which serializes the values that
/// are not yet) can then run on any thread, or never, when the snapshot stays in memory.
/// </summary>
public sealed class MvccExport
{
    internal MvccExport(long revision, long compactRevision, IReadOnlyList<KeyValue[]> keys)
    {
        Revision = revision;
        CompactRevision = compactRevision;
        Keys = keys;
    }

    /// <summary>The revision the export was taken at.</summary>
    public long Revision { get; }

    public long CompactRevision { get; }

    /// <summary>Per key (ordered), its retained entries oldest first; tombstones have Version 0.</summary>
    internal IReadOnlyList<KeyValue[]> Keys { get; }

    /// <summary>The binary snapshot format.</summary>
    public byte[] ToBytes() => MvccSnapshot.Write(this);

    /// <summary>Reads <see cref="ToBytes"/>.</summary>
    public static MvccExport FromBytes(byte[] data) => MvccSnapshot.Read(data);
}
