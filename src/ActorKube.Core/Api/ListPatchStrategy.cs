namespace ActorKube.Core.Api;

/// <summary>
/// How strategic merge patch merges one list field: the <c>patchStrategy</c> struct tag ("merge" or
/// "merge,retainKeys") and <c>patchMergeKey</c> (null: a set of primitives), plus the
/// <c>listMapKeys</c> OpenAPI publishes when they are more than the merge key.
/// </summary>
public sealed record ListPatchStrategy(string Strategy, string? MergeKey, IReadOnlyList<string>? ListMapKeys = null)
{
    /// <summary>OpenAPI's x-kubernetes-list-type: "map" for lists merged by key, "set" for merged primitives.</summary>
    public string ListType => MergeKey is null ? "set" : "map";

    /// <summary>OpenAPI's x-kubernetes-list-map-keys (null for a set).</summary>
    public IReadOnlyList<string>? MapKeys => MergeKey is null ? null : ListMapKeys ?? [MergeKey];
}
