namespace ActorKube.Http.Content;

/// <summary>Content negotiation of the Kubernetes API: JSON, YAML bodies, server-side Tables, patch types.</summary>
public static class MediaTypes
{
    public const string Json = "application/json";

    /// <summary>
    /// True when the client asks for a <c>meta.k8s.io</c> Table (<c>application/json;as=Table;v=v1;g=meta.k8s.io</c>),
    /// as kubectl get does, with plain JSON only as its fallback.
    /// </summary>
    public static bool WantsTable(string? accept)
    {
        if (string.IsNullOrEmpty(accept))
        {
            return false;
        }

        foreach (var type in accept.Split(','))
        {
            var parameters = type.Split(';', StringSplitOptions.TrimEntries);
            if (parameters.Contains("as=Table", StringComparer.OrdinalIgnoreCase) && parameters.Contains("g=meta.k8s.io", StringComparer.OrdinalIgnoreCase))
            {
                return true;
            }

            if (parameters[0] is Json or "*/*" or "application/*")
            {
                return false; // plain JSON came first
            }
        }

        return false;
    }

    /// <summary>The media type without parameters, lower case ("application/yaml").</summary>
    public static string Base(string? contentType) =>
        string.IsNullOrEmpty(contentType) ? "" : contentType.Split(';')[0].Trim().ToLowerInvariant();

    public static bool IsYaml(string? contentType) => Base(contentType) is "application/yaml" or "application/x-yaml" or "text/yaml";
}
