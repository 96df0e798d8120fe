using System.Globalization;
using System.Text;
using System.Threading.Channels;
using ActorKube.Client;
using ActorKube.Core.Api;
using ActorKube.Core.Objects;
using ActorKube.Core.Printing;
using ActorKube.Http.Content;
using ActorKube.Http.Hosting;
using WatchEventType = ActorKube.Client.WatchEventType;

namespace ActorKube.Http.Endpoints;

/// <summary>
/// GET ...?watch=true: a stream of newline-delimited JSON events (<c>{"type":"ADDED","object":{...}}</c>),
/// fed by a <see cref="WatchBridgeActor"/>. Without a resourceVersion (or "0") the stream starts with
/// an ADDED event for every existing object, as Kubernetes does; a compacted one ends with an ERROR
/// event carrying a 410 Status. Bookmarks when allowWatchBookmarks=true; ends after timeoutSeconds.
/// </summary>
internal sealed class WatchEndpoint(KubeApiBackend backend, KubeApiOptions options, ResourceEndpoints resources)
{
    // Each event is one write: {"type":"ADDED","object": + the object + }\n
    private static readonly Dictionary<string, byte[]> Prefixes = new[] { "ADDED", "MODIFIED", "DELETED", "BOOKMARK", "ERROR" }
        .ToDictionary(t => t, t => Encoding.UTF8.GetBytes($"{{\"type\":\"{t}\",\"object\":"));

    private static readonly byte[] Suffix = "}\n"u8.ToArray();

    public async Task HandleAsync(ApiCall call)
    {
        var labelSelector = call.Query("labelSelector");
        var fieldSelector = call.Query("fieldSelector");
        if (call.Info.Name is { } name)
        {
            // GET /watch/namespaces/ns/pods/name (deprecated form): a watch of one object.
            var byName = "metadata.name=" + name;
            fieldSelector = string.IsNullOrEmpty(fieldSelector) ? byName : fieldSelector + "," + byName;
        }

        var timeout = options.MaxWatchTimeout;
        if (call.Query("timeoutSeconds") is { Length: > 0 } t)
        {
            timeout = long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                ? TimeSpan.FromSeconds(Math.Min(seconds, options.MaxWatchTimeout.TotalSeconds))
                : throw new ApiException(StatusErrors.BadRequest($"timeoutSeconds must be a non-negative integer, got \"{t}\""));
        }

        var table = MediaTypes.WantsTable(call.Http.Request.Headers.Accept);
        var include = ResourceEndpoints.IncludeObject(call);
        var bookmarks = call.Query("allowWatchBookmarks") == "true" && !table;
        var rv = call.Query("resourceVersion");
        IReadOnlyList<IKubernetesObject<V1ObjectMeta>> initial = [];
        if (string.IsNullOrEmpty(rv) || rv == "0")
        {
            var list = await resources.ListObjectsAsync(call, labelSelector, fieldSelector, 0, null).ConfigureAwait(false);
            initial = list.Items;
            rv = list.ResourceVersion.ToString(CultureInfo.InvariantCulture);
        }

        var channel = Channel.CreateBounded<object>(new BoundedChannelOptions(10_000) { SingleReader = true, SingleWriter = true });
        var start = call.Stamp(new StartWatch(call.Resource, call.Namespace, labelSelector, fieldSelector, rv, bookmarks) { Tag = "http" });
        var bridge = backend.System.ActorOf(WatchBridgeActor.Props(backend.ApiServer, start, channel.Writer));
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(call.Http.RequestAborted);
        cts.CancelAfter(timeout);
        var writer = new EventWriter(call, backend, table, include);
        try
        {
            var response = call.Http.Response;
            response.StatusCode = 200;
            response.ContentType = MediaTypes.Json;
            await response.StartAsync(cts.Token).ConfigureAwait(false);
            foreach (var obj in initial)
            {
                await writer.WriteAsync(WatchEventType.Added, obj, 0, cts.Token).ConfigureAwait(false);
            }

            await response.Body.FlushAsync(cts.Token).ConfigureAwait(false);
            await foreach (var message in channel.Reader.ReadAllAsync(cts.Token).ConfigureAwait(false))
            {
                if (message is WatchEvents events)
                {
                    foreach (var e in events.Events)
                    {
                        await writer.WriteAsync(e.Type, e.Object, e.ResourceVersion, cts.Token).ConfigureAwait(false);
                    }
                }
                else if (message is WatchEnded { Error: { } error })
                {
                    await writer.WriteErrorAsync(error, cts.Token).ConfigureAwait(false);
                }

                await response.Body.FlushAsync(cts.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The timeout passed or the client went away: the stream just ends, as in Kubernetes.
        }
        catch (InvalidOperationException)
        {
            // The bridge gave up on a client too slow to read.
        }
        finally
        {
            backend.System.Stop(bridge);
        }
    }

    /// <summary>Encodes events; with a Table watch each object is a one-row Table, headers only in the first.</summary>
    private sealed class EventWriter(ApiCall call, KubeApiBackend backend, bool table, TableIncludeObject include)
    {
        private bool _headersSent;

        public Task WriteAsync(WatchEventType type, IKubernetesObject<V1ObjectMeta>? obj, long revision, CancellationToken ct)
        {
            byte[] body;
            if (type == WatchEventType.Bookmark)
            {
                var marker = (IKubernetesObject<V1ObjectMeta>)Activator.CreateInstance(call.Resource.ClrType)!;
                marker.ApiVersion = call.Resource.ApiVersion;
                marker.Kind = call.Resource.Kind;
                marker.Metadata = new V1ObjectMeta { ResourceVersion = revision.ToString(CultureInfo.InvariantCulture) };
                body = KubeSerializer.ToBytes(marker);
            }
            else if (obj is null)
            {
                return Task.CompletedTask;
            }
            else
            {
                if (type == WatchEventType.Deleted && revision > 0)
                {
                    // The deletion's revision is the object's last resourceVersion; the cached object is shared, so copy.
                    obj = ObjectCloner.ShallowClone(obj);
                    obj.Metadata = ObjectCloner.ShallowClone(obj.Metadata);
                    obj.Metadata.ResourceVersion = revision.ToString(CultureInfo.InvariantCulture);
                }

                if (table)
                {
                    body = TablePrinter.ToJsonBytes(TablePrinter.ToTable(call.Resource, [obj], backend.Clock.UtcNow, include, noHeaders: _headersSent, resourceVersion: obj.Metadata.ResourceVersion));
                    _headersSent = true;
                }
                else
                {
                    body = KubeSerializer.ToBytes(obj);
                }
            }

            return WriteRawAsync(type.ToString().ToUpperInvariant(), body, ct);
        }

        public Task WriteErrorAsync(V1Status status, CancellationToken ct)
        {
            return WriteRawAsync("ERROR", ResponseWriter.StatusBytes(status), ct);
        }

        private async Task WriteRawAsync(string type, byte[] body, CancellationToken ct)
        {
            var prefix = Prefixes[type];
            var line = new byte[prefix.Length + body.Length + Suffix.Length];
            prefix.CopyTo(line, 0);
            body.CopyTo(line, prefix.Length);
            Suffix.CopyTo(line, prefix.Length + body.Length);
            await call.Http.Response.Body.WriteAsync(line, ct).ConfigureAwait(false);
        }
    }
}
