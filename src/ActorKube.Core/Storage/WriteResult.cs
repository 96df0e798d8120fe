namespace ActorKube.Core.Storage;

/// <summary>Outcome of a put or delete. Succeeded false means the compare failed (or, for a delete, the key is absent);
/// Current is then the key's live value (null if absent). On success Current is the new value (null after a delete),
/// Previous the value it replaced, Event the change recorded at <see cref="Revision"/>.</summary>
public sealed record WriteResult(bool Succeeded, long Revision, KeyValue? Current, KeyValue? Previous, StoreEvent? Event);
