using Akka.Actor;
using ActorKube.Core.Api;
using ActorKube.Core.Objects;
using ActorKube.Http.Content;
using ActorKube.Http.Hosting;
using ActorKube.Http.Routing;
using Microsoft.AspNetCore.Http;

namespace ActorKube.Http.Endpoints;

/// <summary>
/// The front door: authenticates, parses the request as the apiserver's RequestInfoFactory does, and
/// hands it to discovery, the resource verbs, watch or logs. Every failure becomes a Kubernetes Status.
/// </summary>
internal sealed class KubeApiHandler
{
    private readonly KubeApiOptions _options;
    private readonly ResourceEndpoints _resources;
    private readonly WatchEndpoint _watch;
    private readonly LogsEndpoint _logs;
    private readonly NonResourceEndpoints _nonResource;

    public KubeApiHandler(KubeApiBackend backend, KubeApiOptions options, Func<string> serverAddress)
    {
        _options = options;
        _resources = new ResourceEndpoints(backend, options);
        _watch = new WatchEndpoint(backend, options, _resources);
        _logs = new LogsEndpoint(backend, _resources);
        _nonResource = new NonResourceEndpoints(backend, serverAddress);
    }

    public async Task HandleAsync(HttpContext ctx)
    {
        try
        {
            if (!Authorized(ctx))
            {
                await ResponseWriter.WriteStatusAsync(ctx, StatusErrors.Unauthorized()).ConfigureAwait(false);
                return;
            }

            var request = ctx.Request;
            var info = RequestInfoParser.Parse(request.Method, request.Path.Value ?? "/", name => request.Query[name] is { Count: > 0 } v ? v[^1] : null);
            if (!info.IsResourceRequest)
            {
                await _nonResource.HandleAsync(ctx, info).ConfigureAwait(false);
                return;
            }

            var resource = Resources.ForGroupVersionResource(info.Group, info.Version, info.Resource);
            if (resource is null || (!resource.Namespaced && info.Namespace is not null && info.Resource != "namespaces"))
            {
                throw new ApiException(StatusErrors.NotFoundKind("the server could not find the requested resource"));
            }

            var call = new ApiCall(ctx, info, resource);
            ResourceEndpoints.CheckVerb(call);
            var handled = (info.Verb, info.Subresource) switch
            {
                ("watch", _) => _watch.HandleAsync(call),
                ("get", "log") => _logs.HandleAsync(call),
                _ => _resources.HandleAsync(call),
            };
            await handled.ConfigureAwait(false);
        }
        catch (ApiException e)
        {
            await WriteErrorAsync(ctx, e.Status).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            await WriteErrorAsync(ctx, StatusErrors.Timeout("the apiserver did not answer in time; the request may or may not have been applied")).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
        {
            // the client went away
        }
#pragma warning disable CA1031 // the last line of defence: a bug must still answer with a Status, and be logged
        catch (Exception e)
#pragma warning restore CA1031
        {
            Serilog.Log.Error(e, "HTTP {Method} {Path} failed", ctx.Request.Method, ctx.Request.Path.Value);
            await WriteErrorAsync(ctx, StatusErrors.Internal(e.Message)).ConfigureAwait(false);
        }
    }

    private bool Authorized(HttpContext ctx)
    {
        if (string.IsNullOrEmpty(_options.Token))
        {
            return true;
        }

        var header = ctx.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.Ordinal) &&
            System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim()),
                System.Text.Encoding.UTF8.GetBytes(_options.Token));
    }

    private static Task WriteErrorAsync(HttpContext ctx, V1Status status) =>
        ctx.Response.HasStarted ? Task.CompletedTask : ResponseWriter.WriteStatusAsync(ctx, status);
}
