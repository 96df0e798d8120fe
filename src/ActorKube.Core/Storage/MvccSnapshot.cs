using System.Buffers.Binary;
using System.Text;

namespace ActorKube.Core.Storage;

/// <summary>
/// Snapshots of a store: frozen (<see cref="MvccExport"/>) and binary. The binary format: header (magic, format,
/// revision, compact revision, key count), then per key its retained entries (mod revision, create revision, version, value). Tombstones are entries with version 0.
/// The event log is rebuilt from the entries at or after the compact revision, which are contiguous.
/// </summary>
internal static class MvccSnapshot
{
    private const int Magic = 0x4343564D; // "MVCC"
    private const int Format = 1;

    public static byte[] Write(MvccExport export)
    {
        var output = new MemoryStream();
        using (var writer = new BinaryWriter(output, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(Format);
            writer.Write(export.Revision);
            writer.Write(export.CompactRevision);
            writer.Write(export.Keys.Count);
            foreach (var entries in export.Keys)
            {
                writer.Write(entries[0].Key);
                writer.Write7BitEncodedInt(entries.Length);
                foreach (var kv in entries)
                {
                    var value = kv.Value.Bytes;
                    writer.Write7BitEncodedInt64(kv.ModRevision);
                    writer.Write7BitEncodedInt64(kv.CreateRevision);
                    writer.Write7BitEncodedInt64(kv.Version);
                    writer.Write7BitEncodedInt(value.Length);
                    writer.Write(value);
                }
            }
        }

        return output.ToArray();
    }

    public static MvccExport Read(byte[] data)
    {
        if (data.Length < 28 || BinaryPrimitives.ReadInt32LittleEndian(data) != Magic)
        {
            throw new InvalidDataException("not an MVCC snapshot");
        }

        using var reader = new BinaryReader(new MemoryStream(data, writable: false), Encoding.UTF8);
        reader.ReadInt32();
        var format = reader.ReadInt32();
        if (format != Format)
        {
            throw new InvalidDataException($"unknown MVCC snapshot format {format}");
        }

        var revision = reader.ReadInt64();
        var compactRevision = reader.ReadInt64();
        var keys = new KeyValue[reader.ReadInt32()][];
        for (var k = 0; k < keys.Length; k++)
        {
            var key = reader.ReadString();
            var entries = new KeyValue[reader.Read7BitEncodedInt()];
            for (var i = 0; i < entries.Length; i++)
            {
                var modRevision = reader.Read7BitEncodedInt64();
                var createRevision = reader.Read7BitEncodedInt64();
                var version = reader.Read7BitEncodedInt64();
                var value = reader.ReadBytes(reader.Read7BitEncodedInt());
                entries[i] = new KeyValue(key, value.Length == 0 ? StoredValue.Empty : new StoredValue(value), createRevision, modRevision, version);
            }

            keys[k] = entries;
        }

        return new MvccExport(revision, compactRevision, keys);
    }

    /// <summary>Freezes the store's state up to <paramref name="upToRevision"/> (entries after it are left out).</summary>
    public static MvccExport Freeze(MvccStore store, long upToRevision)
    {
        var keys = new List<KeyValue[]>();
        foreach (var history in store.OrderedKeys)
        {
            var entries = history.Entries;
            var n = entries.Count;
            while (n > 0 && entries[n - 1].ModRevision > upToRevision)
            {
                n--;
            }

            if (n == 0)
            {
                continue;
            }

            var copy = new KeyValue[n];
            for (var i = 0; i < n; i++)
            {
                copy[i] = entries[i];
            }

            keys.Add(copy);
        }

        return new MvccExport(upToRevision, Math.Min(store.CompactRevision, upToRevision), keys);
    }

    /// <summary>Loads an export into an empty store: its keys, and the event log rebuilt from the entries.</summary>
    public static void Restore(MvccExport export, MvccStore store)
    {
        var revision = export.Revision;
        var logStart = Math.Max(export.CompactRevision, 1);

        // Each revision from logStart on is one event: place it by revision instead of sorting.
        var events = new StoreEvent?[Math.Max(0, revision - logStart + 1)];
        foreach (var entries in export.Keys)
        {
            var history = new KeyHistory(entries[0].Key);
            KeyValue? previous = null;
            foreach (var kv in entries)
            {
                history.Append(kv);
                if (kv.ModRevision >= logStart && kv.ModRevision <= revision)
                {
                    var live = previous is null || KeyHistory.IsTombstone(previous) ? null : previous;
                    events[kv.ModRevision - logStart] = new StoreEvent(KeyHistory.IsTombstone(kv) ? EventType.Delete : EventType.Put, kv, live);
                }

                previous = kv;
            }

            store.RestoreKey(history);
        }

        // The log must be contiguous up to the revision; after a gap (history cut by an export below a compaction)
        // only the events after the gap can be served.
        var first = events.Length;
        while (first > 0 && events[first - 1] is not null)
        {
            first--;
        }

        var log = new RevisionLog(logStart + first);
        for (var i = first; i < events.Length; i++)
        {
            log.Append(events[i]!);
        }

        store.RestoreRevisions(revision, first > 0 ? logStart + first : export.CompactRevision, log);
    }
}
