namespace ActorKube.Core.Objects;

/// <summary>
/// A subresource as discovery lists it (<c>pods/status</c>, <c>deployments/scale</c>): the kind it reads or
/// writes, that kind's group/version when it differs from the parent's (<c>pods/eviction</c> takes a
/// policy/v1 Eviction, <c>deployments/scale</c> an autoscaling/v1 Scale) and its CLR type (null: the parent's).
/// </summary>
public sealed record SubresourceInfo(string Name, string Kind, IReadOnlyList<string> Verbs, string? Group = null, string? Version = null, Type? ClrType = null)
{
    public static readonly IReadOnlyList<string> GetPatchUpdate = ["get", "patch", "update"];

    /// <summary><c>{plural}/status</c>: the parent kind, get/patch/update.</summary>
    public static SubresourceInfo Status(string kind) => new("status", kind, GetPatchUpdate);

    /// <summary><c>{plural}/scale</c>: autoscaling/v1 Scale, get/patch/update.</summary>
    public static readonly SubresourceInfo Scale = new("scale", "Scale", GetPatchUpdate, "autoscaling", "v1", typeof(V1Scale));
}
