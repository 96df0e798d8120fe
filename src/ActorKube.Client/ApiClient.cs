using Akka.Actor;
using ActorKube.Core.Api;
using ActorKube.Core.Objects;

namespace ActorKube.Client;

/// <summary>
/// A task-based client of the apiserver actor for code outside the actor system (CLI, tests,
/// benchmarks), the way a program uses client-go. Actors do not use it: they Tell and match replies.
/// </summary>
public sealed class ApiClient(IActorRef apiServer, TimeSpan? timeout = null)
{
    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromSeconds(30);

    public IActorRef ApiServer { get; } = apiServer;

    public Task<ApiResponse> SendAsync(ApiRequest request) => ApiServer.Ask<ApiResponse>(request with { From = request.From ?? "client" }, _timeout);

    /// <summary>Sends and returns the object, or throws <see cref="ApiException"/> with the Status.</summary>
    public async Task<T> CallAsync<T>(ApiRequest request) where T : class
    {
        var r = await SendAsync(request).ConfigureAwait(false);
        return r.Error is { } e ? throw new ApiException(e) : (T)r.Object!;
    }

    public Task<T> CreateAsync<T>(T obj, string? traceId = null) where T : class, IKubernetesObject<V1ObjectMeta> =>
        CallAsync<T>(new CreateObject(obj) { TraceId = traceId });

    public Task<T> UpdateAsync<T>(T obj, string? subresource = null) where T : class, IKubernetesObject<V1ObjectMeta> =>
        CallAsync<T>(new UpdateObject(obj, subresource));

    public async Task<T?> GetAsync<T>(string? ns, string name) where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var r = await SendAsync(new GetObject(Resources.ForType(typeof(T)), ns, name)).ConfigureAwait(false);
        return r.Error is { Code: 404 } ? null : r.Error is { } e ? throw new ApiException(e) : (T)r.Object!;
    }

    public async Task<IReadOnlyList<T>> ListAsync<T>(string? ns = null, string? labelSelector = null, string? fieldSelector = null) where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var r = await ApiServer.Ask<ApiListResponse>(new ListObjects(Resources.ForType(typeof(T)), ns, labelSelector, fieldSelector) { From = "client" }, _timeout).ConfigureAwait(false);
        return r.Error is { } e ? throw new ApiException(e) : r.Items.Cast<T>().ToList();
    }

    public Task<ApiResponse> DeleteAsync<T>(string? ns, string name, V1DeleteOptions? options = null) where T : class, IKubernetesObject<V1ObjectMeta> =>
        SendAsync(new DeleteObject(Resources.ForType(typeof(T)), ns, name, options));

    public Task<ApiResponse> PatchAsync<T>(string? ns, string name, PatchType type, string patch) where T : class, IKubernetesObject<V1ObjectMeta> =>
        SendAsync(new PatchObject(Resources.ForType(typeof(T)), ns, name, type, patch));

    /// <summary>Creates every object of a manifest, or updates it when it exists (like kubectl apply, without three-way merge).</summary>
    public async Task<IReadOnlyList<IKubernetesObject<V1ObjectMeta>>> ApplyAsync(string yaml, string? defaultNamespace = null, string? traceId = null)
    {
        var result = new List<IKubernetesObject<V1ObjectMeta>>();
        foreach (var obj in KubeSerializer.LoadManifest(yaml))
        {
            var r = Resources.ForObject(obj);
            obj.Metadata ??= new V1ObjectMeta();
            if (r.Namespaced && string.IsNullOrEmpty(obj.Metadata.NamespaceProperty))
            {
                obj.Metadata.NamespaceProperty = defaultNamespace ?? WellKnown.NamespaceDefault;
            }

            var patch = KubeSerializer.ToJson(obj);
            var response = await SendAsync(new PatchObject(r, obj.Metadata.NamespaceProperty, obj.Metadata.Name, PatchType.Apply, patch) { TraceId = traceId }).ConfigureAwait(false);
            result.Add(response.Error is { } e ? throw new ApiException(e) : response.Object!);
        }

        return result;
    }

    /// <summary>Waits (up to 2 minutes) until the apiserver has loaded etcd and created the system namespaces.</summary>
    public async Task WaitUntilReadyAsync(CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                if (await GetAsync<V1Namespace>(null, WellKnown.NamespaceNodeLease).ConfigureAwait(false) is not null)
                {
                    return;
                }
            }
            catch (AskTimeoutException)
            {
                // past the deadline this is the TimeoutException below, which callers report
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("the apiserver did not become ready within 2 minutes");
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }
}
