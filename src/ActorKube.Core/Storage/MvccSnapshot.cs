using System.Buffers.Binary;
using System.Text;

namespace ActorKube.Core.Storage;

/// <summary>
/// Binary snapshot of a store: header (magic, format, revision, compact revision, key count), then per key its
/// retained entries (mod revision, create revision, version, value). Tombstones are entries with version 0.
/// The event log is rebuilt from the entries at or after the compact revision, which are contiguous.
/// </summary>
internal static class MvccSnapshot
{
    private const int Magic = 0x4343564D; // "MVCC"
    private const int Format = 1;

    public static byte[] Write(MvccStore store, long upToRevision)
    {
        var output = new MemoryStream();
        using (var writer = new BinaryWriter(output, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(Format);
            writer.Write(upToRevision);
            writer.Write(Math.Min(store.CompactRevision, upToRevision));
            var countAt = output.Position;
            writer.Write(0);
            var keys = 0;
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

                keys++;
                writer.Write(history.Key);
                writer.Write7BitEncodedInt(n);
                for (var i = 0; i < n; i++)
                {
                    var kv = entries[i];
                    writer.Write7BitEncodedInt64(kv.ModRevision);
                    writer.Write7BitEncodedInt64(kv.CreateRevision);
                    writer.Write7BitEncodedInt64(kv.Version);
                    writer.Write7BitEncodedInt(kv.Value.Length);
                    writer.Write(kv.Value);
                }
            }

            writer.Flush();
            var end = output.Position;
            output.Position = countAt;
            writer.Write(keys);
            writer.Flush();
            output.Position = end;
        }

        return output.ToArray();
    }

    public static void Read(byte[] data, MvccStore store)
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
        var keys = reader.ReadInt32();
        var logStart = Math.Max(compactRevision, 1);

        // Each revision from logStart on is one event: place it by revision instead of sorting.
        var events = new StoreEvent?[Math.Max(0, revision - logStart + 1)];
        for (var k = 0; k < keys; k++)
        {
            var key = reader.ReadString();
            var history = new KeyHistory(key);
            var n = reader.Read7BitEncodedInt();
            KeyValue? previous = null;
            for (var i = 0; i < n; i++)
            {
                var modRevision = reader.Read7BitEncodedInt64();
                var createRevision = reader.Read7BitEncodedInt64();
                var version = reader.Read7BitEncodedInt64();
                var value = reader.ReadBytes(reader.Read7BitEncodedInt());
                var kv = new KeyValue(key, value, createRevision, modRevision, version);
                history.Append(kv);
                if (modRevision >= logStart && modRevision <= revision)
                {
                    var live = previous is null || KeyHistory.IsTombstone(previous) ? null : previous;
                    events[modRevision - logStart] = new StoreEvent(KeyHistory.IsTombstone(kv) ? EventType.Delete : EventType.Put, kv, live);
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

        store.RestoreRevisions(revision, first > 0 ? logStart + first : compactRevision, log);
    }
}
