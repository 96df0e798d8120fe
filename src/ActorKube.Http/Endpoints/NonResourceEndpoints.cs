using Akka.Actor;
using ActorKube.Client;
using ActorKube.Core.Api;
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

        var document = Document(path, ctx.Request.Headers.Accept.ToString());
        if (document is null)
        {
            throw new ApiException(StatusErrors.NotFoundKind("the server could not find the requested resource"));
        }

        await ResponseWriter.WriteBytesAsync(ctx, 200, document.Value.Body, document.Value.ContentType).ConfigureAwait(false);
    }

    private (byte[] Body, string ContentType)? Document(string path, string accept)
    {
        _ = serverAddress;
        _ = accept;
        _ = path;
        return null;
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
