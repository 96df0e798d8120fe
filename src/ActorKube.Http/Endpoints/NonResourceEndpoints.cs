using Akka.Actor;
using ActorKube.Client;
using ActorKube.Core.Api;
using ActorKube.Core.Discovery;
using ActorKube.Core.Objects;
using ActorKube.Http.Content;
using ActorKube.Http.Hosting;
using ActorKube.Http.Routing;
using Microsoft.AspNetCore.Http;

namespace ActorKube.Http.Endpoints;

/// <summary>/version, the health checks, discovery (/api, /apis, group versions) and OpenAPI v3.</summary>
internal sealed class NonResourceEndpoints(KubeApiBackend backend, Func<string> serverAddress)
{
    public async Task HandleAsync(HttpContext ctx, RequestInfo info)
    {
        if (info.Verb != "get")
        {
            throw new ApiException(StatusErrors.Make(405, "MethodNotAllowed", $"the server does not allow this method on the requested resource"));
        }

        var path = info.Path.TrimEnd('/');
        switch (path)
        {
            case "/healthz" or "/livez":
                await WriteTextAsync(ctx, 200, "ok").ConfigureAwait(false);
                return;
            case "/readyz":
                await ReadyAsync(ctx).ConfigureAwait(false);
                return;
        }

        if (path == "/version")
        {
            await ResponseWriter.WriteObjectAsync(ctx, 200, ApiDiscovery.Version).ConfigureAwait(false);
            return;
        }

        if (path is "/openapi/v3" || path.StartsWith("/openapi/v3/", StringComparison.Ordinal))
        {
            await OpenApiAsync(ctx, path).ConfigureAwait(false);
            return;
        }

        await DiscoveryAsync(ctx, path).ConfigureAwait(false);
    }

    /// <summary>
    /// /api, /apis, /apis/{group}, /api/v1, /apis/{group}/{version}. kubectl asks /api and /apis for aggregated
    /// discovery first and decides by the Content-Type; the aggregated documents save it one request per group version.
    /// </summary>
    private async Task DiscoveryAsync(HttpContext ctx, string path)
    {
        var parts = path.Trim('/').Split('/');
        var accept = ctx.Request.Headers.Accept.ToString();
        if (parts is ["api"] or ["apis"] && ApiDiscovery.WantsAggregated(accept))
        {
            var core = parts[0] == "api";
            var etag = $"\"{ApiDiscovery.AggregatedETag(core)}\"";
            ctx.Response.Headers.Vary = "Accept";
            ctx.Response.Headers.ETag = etag;
            if (ctx.Request.Headers.IfNoneMatch.ToString() == etag)
            {
                ctx.Response.StatusCode = 304;
                return;
            }

            await ResponseWriter.WriteBytesAsync(ctx, 200, core ? ApiDiscovery.AggregatedCore : ApiDiscovery.AggregatedApis, ApiDiscovery.AggregatedContentType).ConfigureAwait(false);
            return;
        }

        object? document = parts switch
        {
            ["api"] => ApiDiscovery.CoreVersions(serverAddress()),
            ["apis"] => ApiDiscovery.Groups(),
            ["apis", var group] => ApiDiscovery.Group(group),
            ["api", var version] => ApiDiscovery.ResourceList(version),
            ["apis", var group, var version] => ApiDiscovery.ResourceList($"{group}/{version}"),
            _ => null,
        };
        if (document is null)
        {
            throw new ApiException(StatusErrors.NotFoundKind("the server could not find the requested resource"));
        }

        ctx.Response.Headers.Vary = "Accept";
        await ResponseWriter.WriteObjectAsync(ctx, 200, document).ConfigureAwait(false);
    }

    /// <summary>/openapi/v3 (the index) and /openapi/v3/{api/v1 | apis/group/version}; a document asked for by its current hash is immutable.</summary>
    private static async Task OpenApiAsync(HttpContext ctx, string path)
    {
        if (path == "/openapi/v3")
        {
            ctx.Response.Headers.CacheControl = "no-cache, private";
            await ResponseWriter.WriteBytesAsync(ctx, 200, OpenApiV3.Root, OpenApiV3.ContentType).ConfigureAwait(false);
            return;
        }

        var relative = path["/openapi/v3/".Length..];
        var document = OpenApiV3.Document(relative) ?? throw new ApiException(StatusErrors.NotFoundKind("the server could not find the requested resource"));
        var hash = OpenApiV3.Hash(relative);
        ctx.Response.Headers.ETag = $"\"{hash}\"";
        ctx.Response.Headers.CacheControl = ctx.Request.Query["hash"] == hash ? "public, immutable" : "no-cache, private";
        await ResponseWriter.WriteBytesAsync(ctx, 200, document, OpenApiV3.ContentType).ConfigureAwait(false);
    }

    private async Task ReadyAsync(HttpContext ctx)
    {
        // Ready when the apiserver actor answers from its watch cache (it has loaded etcd).
        try
        {
            var reply = await backend.ApiServer.Ask<ApiListResponse>(new ListObjects(Resources.Namespaces, Limit: 1) { From = "readyz" }, TimeSpan.FromSeconds(5), ctx.RequestAborted).ConfigureAwait(false);
            await WriteTextAsync(ctx, reply.IsSuccess ? 200 : 500, reply.IsSuccess ? "ok" : "[-]etcd failed: " + reply.Error?.Message).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            await WriteTextAsync(ctx, 500, "[-]apiserver failed: not answering").ConfigureAwait(false);
        }
    }

    private static Task WriteTextAsync(HttpContext ctx, int code, string text) =>
        ResponseWriter.WriteBytesAsync(ctx, code, System.Text.Encoding.UTF8.GetBytes(text), "text/plain; charset=utf-8");
}
