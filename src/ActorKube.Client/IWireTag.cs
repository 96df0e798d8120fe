namespace ActorKube.Client;

/// <summary>
/// Marks a record used as the Tag of a request (echoed back in the reply). Tags travel between processes,
/// so a tag must compare by value, never by identity: a string, a long or int, a Guid, a bool, an enum value,
/// or a record with this marker whose properties are plain values (written as JSON with its type name).
/// </summary>
public interface IWireTag;
