namespace ActorKube.Core.Storage;

/// <summary>Keys found by a range, sorted ordinally, read at Revision; More is true when a limit cut the result.</summary>
public sealed record RangeResult(IReadOnlyList<KeyValue> Kvs, long Revision, bool More);
