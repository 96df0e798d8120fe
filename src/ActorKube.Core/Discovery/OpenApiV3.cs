using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ActorKube.Core.Objects;

namespace ActorKube.Core.Discovery;

/// <summary>
/// The OpenAPI v3 documents of kube-apiserver (<c>/openapi/v3</c>) for the served kinds, built once, cached as UTF-8 JSON.
/// </summary>
/// <remarks>
/// What kubectl 1.32 reads here:
/// <list type="bullet">
/// <item>Field validation: with <c>--validate=strict</c> (its default) kubectl asks
/// <c>resource.NewQueryParamVerifierV3</c> (cli-runtime query_param_verifier_v3.go) whether the PATCH operation
/// carrying the object's <c>x-kubernetes-group-version-kind</c> lists a <c>fieldValidation</c> parameter; if so it
/// sends <c>?fieldValidation=Strict</c> and validates nothing itself; if the document cannot be had it falls back to
/// OpenAPI v2 (<c>/openapi/v2</c>) and client-side validation. Every PATCH here carries the parameter inline
/// (kubectl compares parameter names, a <c>$ref</c> parameter would not count).</item>
/// <item><c>kubectl apply</c> (client side): the PATCH operation's requestBody must list
/// <c>application/strategic-merge-patch+json</c>, and the component whose <c>x-kubernetes-group-version-kind</c> list
/// holds the kind is walked with <c>strategicpatch.PatchMetaFromOpenAPIV3</c>: property schemas carry
/// <c>x-kubernetes-patch-merge-key</c>/<c>x-kubernetes-patch-strategy</c>, <c>allOf[0].$ref</c> leads to the next
/// component. A field missing from a schema makes kubectl warn and fall back to its compiled-in types.</item>
/// </list>
/// What the HTTP layer serves (GET, <c>Content-Type: application/json</c>, whatever the Accept header asks;
/// a protobuf Accept may get JSON, kubectl asks for JSON):
/// <list type="bullet">
/// <item><c>/openapi/v3</c>: <see cref="Root"/>, each entry's <c>serverRelativeURL</c> is <c>/openapi/v3/{path}?hash={hash}</c>.</item>
/// <item><c>/openapi/v3/api/v1</c>, <c>/openapi/v3/apis/{group}/{version}</c>: <see cref="Document"/> of "api/v1",
/// "apis/apps/v1" (404 when null). With a <c>hash</c> query equal to <see cref="Hash"/>, the apiserver answers
/// <c>Cache-Control: public, immutable</c> and an <c>ETag</c> of the quoted hash (kubectl's disk cache then keeps it);
/// a different or missing hash gets <c>Cache-Control: no-cache, private</c> with the same ETag.</item>
/// </list>
/// </remarks>
public static class OpenApiV3
{
    public const string ContentType = "application/json";

    private static readonly Lazy<FrozenDictionary<string, Entry>> Documents = new(BuildAll);
    private static readonly Lazy<byte[]> RootDocument = new(BuildRoot);

    private sealed record Entry(byte[] Json, string Hash);

    /// <summary>The document paths: "api/v1", "apis/apps/v1", ... one per served group-version.</summary>
    public static IReadOnlyList<string> Paths { get; } = Resources.GroupVersions.Select(PathOf).ToArray();

    /// <summary><c>/openapi/v3</c>: <c>{"paths": {"api/v1": {"serverRelativeURL": "/openapi/v3/api/v1?hash=..."}, ...}}</c>.</summary>
    public static byte[] Root => RootDocument.Value;

    /// <summary>The document of one group-version path ("api/v1", "apis/apps/v1"), or null when not served.</summary>
    public static byte[]? Document(string path) => Documents.Value.TryGetValue(path.Trim('/'), out var e) ? e.Json : null;

    /// <summary>The hash of a document (upper-case hex SHA-512 of its bytes, as kube-openapi), or null.</summary>
    public static string? Hash(string path) => Documents.Value.TryGetValue(path.Trim('/'), out var e) ? e.Hash : null;

    /// <summary>"api/v1" for "v1", "apis/apps/v1" for "apps/v1".</summary>
    public static string PathOf(string apiVersion) => apiVersion.Contains('/', StringComparison.Ordinal) ? $"apis/{apiVersion}" : $"api/{apiVersion}";

    private static FrozenDictionary<string, Entry> BuildAll() =>
        Resources.GroupVersions.ToFrozenDictionary(PathOf, gv =>
        {
            var json = Encoding.UTF8.GetBytes(BuildDocument(gv).ToJsonString());
            return new Entry(json, Convert.ToHexString(SHA512.HashData(json)));
        }, StringComparer.Ordinal);

    private static byte[] BuildRoot()
    {
        var paths = new JsonObject();
        foreach (var path in Paths)
        {
            paths[path] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{path}?hash={Hash(path)}" };
        }

        return Encoding.UTF8.GetBytes(new JsonObject { ["paths"] = paths }.ToJsonString());
    }

    /// <summary>The OpenAPI 3.0 document of one group-version.</summary>
    internal static JsonObject BuildDocument(string apiVersion)
    {
        var schemas = new OpenApiSchemaBuilder();
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var group = slash < 0 ? "" : apiVersion[..slash];
        var version = apiVersion[(slash + 1)..];
        var ops = new OperationFactory(schemas, group, version);

        schemas.AddRaw(OpenApiNames.Patch, new JsonObject
        {
            ["description"] = "The body of a PATCH request; its media type says which kind of patch it is.",
            ["type"] = "object",
        });
        schemas.AddGroupVersionKind(typeof(V1Status), "", "v1", "Status");
        schemas.AddGroupVersionKind(typeof(V1DeleteOptions), group, version, "DeleteOptions");
        schemas.AddGroupVersionKind(typeof(V1WatchEvent), group, version, "WatchEvent");

        var paths = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var r in Resources.InGroupVersion(apiVersion))
        {
            ops.AddResource(r, paths);
        }

        var pathsNode = new JsonObject();
        foreach (var (p, item) in paths)
        {
            pathsNode[p] = item;
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = ApiDiscovery.GitVersion },
            ["paths"] = pathsNode,
            ["components"] = new JsonObject { ["schemas"] = schemas.Build() },
        };
    }
}
