namespace ActorKube.Core.Storage;

/// <summary>One key's value at one revision, as etcd's mvccpb.KeyValue.</summary>
public sealed record KeyValue(string Key, StoredValue Value, long CreateRevision, long ModRevision, long Version);

public enum EventType
{
    Put,
    Delete,
}

/// <summary>One change, as etcd's mvccpb.Event: the new value (for a delete: the key with ModRevision = delete revision) and the previous one.</summary>
public sealed record StoreEvent(EventType Type, KeyValue Kv, KeyValue? PrevKv);
