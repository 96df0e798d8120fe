namespace ActorKube.Http.Routing;

/// <summary>
/// Parses API paths the way kube-apiserver's <c>RequestInfoFactory.NewRequestInfo</c> does:
/// <c>/api/v1/namespaces/{ns}/{resource}/{name}/{subresource}</c>,
/// <c>/apis/{group}/{version}/{resource}/{name}</c>, the deprecated <c>/watch/</c> prefix, and
/// <c>?watch=true</c> on a collection. Anything else is a non-resource request (discovery, /version, /healthz).
/// </summary>
public static class RequestInfoParser
{
    // Subresources of a namespace object, as opposed to a resource inside the namespace.
    private static readonly HashSet<string> NamespaceSubresources = ["status", "finalize"];

    public static RequestInfo Parse(string method, string path, Func<string, string?> query)
    {
        var verb = method.ToUpperInvariant() switch
        {
            "POST" => "create",
            "GET" or "HEAD" => "get",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => "delete",
            _ => method.ToLowerInvariant(),
        };
        var nonResource = new RequestInfo(false, verb, path);
        var parts = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2)
        {
            return nonResource;
        }

        string group;
        string version;
        int rest;
        if (parts[0] == "api")
        {
            (group, version, rest) = ("", parts[1], 2);
        }
        else if (parts[0] == "apis" && parts.Length >= 3)
        {
            (group, version, rest) = (parts[1], parts[2], 3);
        }
        else
        {
            return nonResource;
        }

        if (parts.Length == rest)
        {
            // /api/v1 or /apis/apps/v1: the group version's discovery document.
            return nonResource;
        }

        var current = parts[rest..];
        if (current[0] == "watch")
        {
            verb = "watch";
            current = current[1..];
            if (current.Length == 0)
            {
                return nonResource;
            }
        }

        string? ns = null;
        if (current[0] == "namespaces" && current.Length > 1)
        {
            ns = current[1];
            if (current.Length > 2 && !NamespaceSubresources.Contains(current[2]))
            {
                current = current[2..];
            }
        }

        var resource = current[0];
        var name = current.Length >= 2 ? current[1] : null;
        var subresource = current.Length >= 3 ? current[2] : null;
        if (resource == "namespaces" && current.Length <= 3 && ns == name)
        {
            ns = null; // a Namespace object is cluster-scoped: /api/v1/namespaces/foo names it, it is not "in" foo
        }

        if (name is null)
        {
            var watch = query("watch");
            verb = verb switch
            {
                "get" when watch is "true" or "1" => "watch",
                "get" => "list",
                "delete" => "deletecollection",
                _ => verb,
            };
        }

        return new RequestInfo(true, verb, path, group, version, ns, resource, name, subresource);
    }
}
