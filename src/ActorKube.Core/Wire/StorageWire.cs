using System.Runtime.Serialization;
using ActorKube.Core.Storage;

namespace ActorKube.Core.Wire;

/// <summary>The binary layout of etcd's key-values and events: key, raw value bytes, then the revisions as varints.</summary>
public static class StorageWire
{
    public static void Write(WireWriter w, KeyValue kv)
    {
        w.WriteString(kv.Key);
        w.WriteBytes(kv.Value.Bytes);
        w.WriteVarLong(kv.CreateRevision);
        w.WriteVarLong(kv.ModRevision);
        w.WriteVarLong(kv.Version);
    }

    public static KeyValue ReadKeyValue(WireReader r) => new(r.ReadString(), new StoredValue(r.ReadBytes()), r.ReadVarLong(), r.ReadVarLong(), r.ReadVarLong());

    public static void WriteNullable(WireWriter w, KeyValue? kv)
    {
        w.WriteBool(kv is not null);
        if (kv is not null)
        {
            Write(w, kv);
        }
    }

    public static KeyValue? ReadNullableKeyValue(WireReader r) => r.ReadBool() ? ReadKeyValue(r) : null;

    public static void Write(WireWriter w, StoreEvent e)
    {
        w.WriteByte((byte)e.Type);
        Write(w, e.Kv);
        WriteNullable(w, e.PrevKv);
    }

    public static StoreEvent ReadStoreEvent(WireReader r)
    {
        var type = (EventType)r.ReadByte();
        if (type is not (EventType.Put or EventType.Delete))
        {
            throw new SerializationException($"unknown store event type {type}");
        }

        return new StoreEvent(type, ReadKeyValue(r), ReadNullableKeyValue(r));
    }
}
