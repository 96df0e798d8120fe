namespace ActorKube.Core.Storage;

/// <summary>The expected mod revision of a compare-and-swap write (same values as the etcd protocol's Revisions).</summary>
public static class CompareRevision
{
    /// <summary>No compare.</summary>
    public const long Any = -1;

    /// <summary>The key must not exist (create).</summary>
    public const long NotExists = 0;
}
