namespace ActorKube.Http.Routing;

/// <summary>
/// What a Kubernetes API request asks for, parsed from its path, method and query, as kube-apiserver's
/// RequestInfoFactory does: verb, API group and version, namespace, resource, name and subresource.
/// </summary>
public sealed record RequestInfo(
    bool IsResourceRequest,
    string Verb,
    string Path,
    string Group = "",
    string Version = "",
    string? Namespace = null,
    string Resource = "",
    string? Name = null,
    string? Subresource = null)
{
    public string GroupVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";
}
