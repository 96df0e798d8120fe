using ActorKube.ControlPlane.Etcd;
using ActorKube.Core.Storage;
using ActorKube.Core.Wire;

namespace ActorKube.Cluster.Serialization;

/// <summary>
/// Layouts of the etcd protocol (apiserver &lt;-&gt; etcd). Values are raw bytes after their length, in the layout of
/// the etcd journal (<see cref="StorageWire"/>), never base64; revisions are zigzag varints (-1 is "any").
/// </summary>
internal static class EtcdCodecs
{
    public static IEnumerable<MessageCodec> All =>
    [
        MessageCodec.Of<EtcdPut>(
            "EP",
            (w, m) =>
            {
                TagWire.Write(w, m.Tag);
                w.WriteString(m.Key);
                w.WriteBytes(m.Value.Bytes);
                w.WriteZigZag(m.ExpectedModRevision);
            },
            r => new EtcdPut(TagWire.Read(r), r.ReadString(), new StoredValue(r.ReadBytes()), r.ReadZigZag())),
        MessageCodec.Of<EtcdDelete>(
            "ED",
            (w, m) =>
            {
                TagWire.Write(w, m.Tag);
                w.WriteString(m.Key);
                w.WriteZigZag(m.ExpectedModRevision);
            },
            r => new EtcdDelete(TagWire.Read(r), r.ReadString(), r.ReadZigZag())),
        MessageCodec.Of<EtcdWriteResult>(
            "ER",
            (w, m) =>
            {
                TagWire.Write(w, m.Tag);
                w.WriteBool(m.Succeeded);
                w.WriteZigZag(m.Revision);
                StorageWire.WriteNullable(w, m.Current);
                StorageWire.WriteNullable(w, m.Previous);
            },
            r => new EtcdWriteResult(TagWire.Read(r), r.ReadBool(), r.ReadZigZag(), StorageWire.ReadNullableKeyValue(r), StorageWire.ReadNullableKeyValue(r))),
        MessageCodec.Of<EtcdWriteFailed>(
            "EF",
            (w, m) =>
            {
                TagWire.Write(w, m.Tag);
                w.WriteNullableString(m.Reason);
            },
            r => new EtcdWriteFailed(TagWire.Read(r), r.ReadNullableString()!)),
        MessageCodec.Of<EtcdRange>(
            "EG",
            (w, m) =>
            {
                TagWire.Write(w, m.Tag);
                w.WriteString(m.Key);
                w.WriteBool(m.IsPrefix);
                w.WriteZigZag(m.Revision);
                w.WriteZigZag(m.Limit);
            },
            r => new EtcdRange(TagWire.Read(r), r.ReadString(), r.ReadBool(), r.ReadZigZag(), r.ReadZigZag())),
        MessageCodec.Of<EtcdRangeResult>(
            "EH",
            (w, m) =>
            {
                TagWire.Write(w, m.Tag);
                w.WriteVarInt(m.Kvs.Count);
                foreach (var kv in m.Kvs)
                {
                    StorageWire.Write(w, kv);
                }

                w.WriteZigZag(m.Revision);
                w.WriteBool(m.More);
                w.WriteNullableString(m.Error);
            },
            r =>
            {
                var tag = TagWire.Read(r);
                var kvs = new KeyValue[r.ReadCount()];
                for (var i = 0; i < kvs.Length; i++)
                {
                    kvs[i] = StorageWire.ReadKeyValue(r);
                }

                return new EtcdRangeResult(tag, kvs, r.ReadZigZag(), r.ReadBool(), r.ReadNullableString());
            }),
        MessageCodec.Of<EtcdWatch>(
            "EW",
            (w, m) =>
            {
                TagWire.Write(w, m.Tag);
                w.WriteString(m.Prefix);
                w.WriteZigZag(m.StartRevision);
            },
            r => new EtcdWatch(TagWire.Read(r), r.ReadString(), r.ReadZigZag())),
        MessageCodec.Of<EtcdCancelWatch>("EX", (w, m) => TagWire.Write(w, m.Tag), r => new EtcdCancelWatch(TagWire.Read(r))),
        MessageCodec.Of<EtcdWatchEvents>(
            "EV",
            (w, m) =>
            {
                TagWire.Write(w, m.Tag);
                w.WriteVarInt(m.Events.Count);
                foreach (var e in m.Events)
                {
                    StorageWire.Write(w, e);
                }
            },
            r =>
            {
                var tag = TagWire.Read(r);
                var events = new StoreEvent[r.ReadCount()];
                for (var i = 0; i < events.Length; i++)
                {
                    events[i] = StorageWire.ReadStoreEvent(r);
                }

                return new EtcdWatchEvents(tag, events);
            }),
        MessageCodec.Of<EtcdWatchCanceled>(
            "EC",
            (w, m) =>
            {
                TagWire.Write(w, m.Tag);
                w.WriteZigZag(m.CompactRevision);
                w.WriteNullableString(m.Reason);
            },
            r => new EtcdWatchCanceled(TagWire.Read(r), r.ReadZigZag(), r.ReadNullableString()!)),
        MessageCodec.Of<EtcdCompact>(
            "EK",
            (w, m) =>
            {
                TagWire.Write(w, m.Tag);
                w.WriteZigZag(m.Revision);
            },
            r => new EtcdCompact(TagWire.Read(r), r.ReadZigZag())),
        MessageCodec.Of<EtcdCompacted>(
            "EL",
            (w, m) =>
            {
                TagWire.Write(w, m.Tag);
                w.WriteZigZag(m.CompactRevision);
                w.WriteNullableString(m.Error);
            },
            r => new EtcdCompacted(TagWire.Read(r), r.ReadZigZag(), r.ReadNullableString())),
        MessageCodec.Of<EtcdGetStatus>("ES", (w, m) => TagWire.Write(w, m.Tag), r => new EtcdGetStatus(TagWire.Read(r))),
        MessageCodec.Of<EtcdStatus>(
            "ET",
            (w, m) =>
            {
                TagWire.Write(w, m.Tag);
                w.WriteZigZag(m.Revision);
                w.WriteZigZag(m.CompactRevision);
                w.WriteZigZag(m.Keys);
                w.WriteZigZag(m.Writes);
                w.WriteZigZag(m.Batches);
            },
            r => new EtcdStatus(TagWire.Read(r), r.ReadZigZag(), r.ReadZigZag(), r.ReadZigZag(), r.ReadZigZag(), r.ReadZigZag())),
    ];
}
