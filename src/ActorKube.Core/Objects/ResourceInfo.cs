namespace ActorKube.Core.Objects;

/// <summary>
/// One kind the apiserver serves: its group/version, plural resource name, kind, scope and CLR type.
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
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The group-qualified resource name, as in RBAC and error messages: "deployments.apps", "pods".</summary>
    public string GroupResource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>Prefix of every etcd key of this resource: <c>/registry/pods/</c>.</summary>
    public string KeyPrefix => Group is "" or "apps" or "batch" or "coordination.k8s.io" or "networking.k8s.io" or "discovery.k8s.io"
        ? $"/registry/{Plural}/"
        : $"/registry/{Group}/{Plural}/";

    /// <summary>etcd key of one object, like the real apiserver: /registry/pods/default/web-1.</summary>
    public string Key(string? ns, string name) => Namespaced ? $"{KeyPrefix}{ns}/{name}" : $"{KeyPrefix}{name}";

    /// <summary>Key prefix of all objects of this resource in one namespace (or all, for null).</summary>
    public string NamespacePrefix(string? ns) => Namespaced && !string.IsNullOrEmpty(ns) ? $"{KeyPrefix}{ns}/" : KeyPrefix;

    public override string ToString() => GroupResource;
}
