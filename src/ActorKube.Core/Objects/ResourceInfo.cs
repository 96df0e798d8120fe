using System.Security.Cryptography;
using System.Text;

namespace ActorKube.Core.Objects;

/// <summary>
/// One kind the apiserver serves: its group/version, plural resource name, kind, scope and CLR type,
/// and what discovery says about it (verbs, categories, subresources).
/// </summary>
public sealed record ResourceInfo(
    string Group,
    string Version,
    string Plural,
    string Kind,
    bool Namespaced,
    Type ClrType,
    IReadOnlyList<string> ShortNames)
{
    /// <summary>The verbs of a resource backed by the generic registry store.</summary>
    public static readonly IReadOnlyList<string> StandardVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    // ApiVersion and KeyPrefix are read for every write and every event: built once, from the positional values
    // (which nothing changes with `with`), so equality of two infos is unchanged by them.
    public string ApiVersion { get; } = Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The group-qualified resource name, as in RBAC and error messages: "deployments.apps", "pods".</summary>
    public string GroupResource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>The singular resource name of discovery (<c>pod</c>): the lower-cased kind, as for every built-in kind.</summary>
    public string SingularName => Kind.ToLowerInvariant();

    /// <summary>The CLR type of the list kind (V1PodList for pods), or null.</summary>
    public Type? ListClrType => ClrType.Assembly.GetType($"{ClrType.FullName}List");

    /// <summary>Verbs in discovery, sorted like the apiserver's.</summary>
    public IReadOnlyList<string> Verbs { get; init; } = StandardVerbs;

    /// <summary>Discovery categories: <c>all</c> for the workload kinds <c>kubectl get all</c> shows.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Subresources served under <c>{plural}/{name}/{subresource}</c>.</summary>
    public IReadOnlyList<SubresourceInfo> Subresources { get; init; } = [];

    /// <summary>
    /// Discovery's storageVersionHash: base64 of the first 8 bytes of sha256("group/version/kind") of the
    /// storage version (apiserver's <c>discovery.StorageVersionHash</c>). Here the storage version is the served one.
    /// </summary>
    public string StorageVersionHash => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes($"{Group}/{Version}/{Kind}")).AsSpan(0, 8));

    /// <summary>Prefix of every etcd key of this resource: <c>/registry/pods/</c>.</summary>
    public string KeyPrefix { get; } = Group is "" or "apps" or "batch" or "coordination.k8s.io" or "networking.k8s.io" or "discovery.k8s.io" or "policy"
        ? $"/registry/{Plural}/"
        : $"/registry/{Group}/{Plural}/";

    /// <summary>etcd key of one object, like the real apiserver: /registry/pods/default/web-1.</summary>
    public string Key(string? ns, string name) => Namespaced ? $"{KeyPrefix}{ns}/{name}" : $"{KeyPrefix}{name}";

    /// <summary>The parts of <see cref="Key"/>, to look an object up by them without building the key.</summary>
    public ObjectKeyParts KeyParts(string? ns, string name) => new(KeyPrefix, Namespaced ? ns ?? "" : null, name);

    /// <summary>Key prefix of all objects of this resource in one namespace (or all, for null).</summary>
    public string NamespacePrefix(string? ns) => Namespaced && !string.IsNullOrEmpty(ns) ? $"{KeyPrefix}{ns}/" : KeyPrefix;

    /// <summary>The subresource named <paramref name="name"/>, or null.</summary>
    public SubresourceInfo? Subresource(string name) => Subresources.FirstOrDefault(s => s.Name == name);

    public override string ToString() => GroupResource;
}
