using System.Globalization;
using Akka.Actor;
using ActorKube.Client;
using ActorKube.Core.Api;
using ActorKube.Core.Objects;
using ActorKube.Core.Printing;
using ActorKube.Http.Content;
using ActorKube.Http.Hosting;
using Microsoft.AspNetCore.Http;

namespace ActorKube.Http.Endpoints;

/// <summary>
/// The verbs on resources (get, list, create, update, patch, delete, deletecollection) and the
/// status, scale, binding and eviction subresources. Each request becomes one message to the
/// apiserver actor; its reply (an object or a Kubernetes Status) becomes the response.
/// </summary>
internal sealed class ResourceEndpoints(KubeApiBackend backend, KubeApiOptions options)
{
    public Task HandleAsync(ApiCall call) => call.Info.Verb switch
    {
        "get" => GetAsync(call),
        "list" => ListAsync(call),
        "create" => CreateAsync(call),
        "update" => UpdateAsync(call),
        "patch" => PatchAsync(call),
        "delete" => DeleteAsync(call),
        "deletecollection" => DeleteCollectionAsync(call),
        _ => throw new ApiException(StatusErrors.MethodNotSupported(call.Resource, call.Info.Verb)),
    };

    // The subresources this front end implements; discovery may list more (namespaces/finalize).
    private static readonly HashSet<string> Handled = ["status", "scale", "binding", "eviction", "log"];

    /// <summary>
    /// Checks the resource or subresource exists and allows the verb, from the same metadata discovery
    /// serves: an unknown subresource is a 404, a verb it does not have a 405, as the real apiserver.
    /// </summary>
    public static void CheckVerb(ApiCall call)
    {
        var verb = call.Info.Verb;
        var verbs = call.Resource.Verbs;
        if (call.Info.Subresource is { } name)
        {
            var sub = call.Resource.Subresource(name);
            if (sub is null)
            {
                throw new ApiException(StatusErrors.NotFoundKind("the server could not find the requested resource"));
            }

            verbs = Handled.Contains(name) ? sub.Verbs : [];
        }

        if (!verbs.Contains(verb))
        {
            throw new ApiException(StatusErrors.MethodNotSupported(call.Resource, verb));
        }
    }

    public async Task<ApiResponse> SendAsync(ApiCall call, ApiRequest request)
    {
        var reply = await backend.ApiServer.Ask<ApiResponse>(request, options.RequestTimeout, call.Http.RequestAborted).ConfigureAwait(false);
        return reply;
    }

    public async Task<ApiListResponse> ListObjectsAsync(ApiCall call, string? labelSelector, string? fieldSelector, long limit, string? continueToken)
    {
        var request = call.Stamp(new ListObjects(call.Resource, call.Namespace, labelSelector, fieldSelector, limit, continueToken));
        var reply = await backend.ApiServer.Ask<ApiListResponse>(request, options.RequestTimeout, call.Http.RequestAborted).ConfigureAwait(false);
        return reply.Error is { } e ? throw new ApiException(e) : reply;
    }

    private async Task GetAsync(ApiCall call)
    {
        var reply = await SendAsync(call, new GetObject(call.Resource, call.Namespace, call.Name, call.Info.Subresource == "scale" ? "scale" : null) { From = call.From }).ConfigureAwait(false);
        var obj = Unwrap(reply);
        if (call.Info.Subresource is null && MediaTypes.WantsTable(call.Http.Request.Headers.Accept))
        {
            await WriteTableAsync(call, [obj], obj.Metadata.ResourceVersion, null).ConfigureAwait(false);
            return;
        }

        await ResponseWriter.WriteObjectAsync(call.Http, 200, obj).ConfigureAwait(false);
    }

    private async Task ListAsync(ApiCall call)
    {
        var limit = 0L;
        if (call.Query("limit") is { Length: > 0 } l && (!long.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 0))
        {
            throw new ApiException(StatusErrors.BadRequest($"limit must be a non-negative integer, got \"{l}\""));
        }

        var list = await ListObjectsAsync(call, call.Query("labelSelector"), call.Query("fieldSelector"), limit, call.Query("continue")).ConfigureAwait(false);
        if (MediaTypes.WantsTable(call.Http.Request.Headers.Accept))
        {
            await WriteTableAsync(call, list.Items, list.ResourceVersion.ToString(CultureInfo.InvariantCulture), list.Continue).ConfigureAwait(false);
            return;
        }

        await ResponseWriter.WriteBytesAsync(call.Http, 200, ResponseWriter.ListBytes(call.Resource, list.Items, list.ResourceVersion, list.Continue)).ConfigureAwait(false);
    }

    private Task WriteTableAsync(ApiCall call, IReadOnlyList<IKubernetesObject<V1ObjectMeta>> items, string? resourceVersion, string? continueToken)
    {
        var table = TablePrinter.ToTable(call.Resource, items, backend.Clock.UtcNow, IncludeObject(call), resourceVersion: resourceVersion, continueToken: continueToken);
        return ResponseWriter.WriteBytesAsync(call.Http, 200, TablePrinter.ToJsonBytes(table));
    }

    public static TableIncludeObject IncludeObject(ApiCall call) => TablePrinter.ParseIncludeObject(call.Query("includeObject"));

    private async Task CreateAsync(ApiCall call)
    {
        var json = await BodyReader.ReadJsonAsync(call.Http, call.Resource, options.MaxRequestBytes).ConfigureAwait(false);
        switch (call.Info.Subresource)
        {
            case "binding":
                var binding = (V1Binding)BodyReader.Decode(json, typeof(V1Binding), "Binding", "v1");
                var bound = await SendAsync(call, call.Stamp(new BindPod(call.Namespace!, call.Name, binding.Target?.Name ?? "", binding.Metadata?.Uid))).ConfigureAwait(false);
                Unwrap(bound);
                await ResponseWriter.WriteStatusAsync(call.Http, Success(201)).ConfigureAwait(false);
                return;
            case "eviction":
                var eviction = (V1Eviction)BodyReader.Decode(json, typeof(V1Eviction), "Eviction", "v1");
                var evicted = await SendAsync(call, call.Stamp(new EvictPod(call.Namespace!, call.Name, eviction.DeleteOptions))).ConfigureAwait(false);
                Unwrap(evicted);
                await ResponseWriter.WriteStatusAsync(call.Http, Success(201)).ConfigureAwait(false);
                return;
        }

        var obj = DecodeFor(call, json);
        CheckFields(call, json, call.Resource.ClrType, "CreateOptions");
        var created = await SendAsync(call, call.Stamp(new CreateObject(obj))).ConfigureAwait(false);
        await ResponseWriter.WriteObjectAsync(call.Http, 201, Unwrap(created)).ConfigureAwait(false);
    }

    private async Task UpdateAsync(ApiCall call)
    {
        var json = await BodyReader.ReadJsonAsync(call.Http, call.Resource, options.MaxRequestBytes).ConfigureAwait(false);
        IKubernetesObject<V1ObjectMeta> obj;
        if (call.Info.Subresource == "scale")
        {
            var scale = (V1Scale)BodyReader.Decode(json, typeof(V1Scale), "Scale", "v1");
            scale.Metadata ??= new V1ObjectMeta();
            scale.Metadata.Name ??= call.Name;
            scale.Metadata.NamespaceProperty ??= call.Namespace;
            obj = scale;
        }
        else
        {
            obj = DecodeFor(call, json);
        }

        CheckFields(call, json, call.Info.Subresource == "scale" ? typeof(V1Scale) : call.Resource.ClrType, "UpdateOptions");
        CheckName(call, obj);
        var updated = await SendAsync(call, call.Stamp(new UpdateObject(obj, call.Info.Subresource, call.Resource))).ConfigureAwait(false);
        await ResponseWriter.WriteObjectAsync(call.Http, 200, Unwrap(updated)).ConfigureAwait(false);
    }

    private async Task PatchAsync(ApiCall call)
    {
        var type = MediaTypes.Base(call.Http.Request.ContentType) switch
        {
            "application/merge-patch+json" => PatchType.Merge,
            "application/strategic-merge-patch+json" => PatchType.StrategicMerge,
            "application/json-patch+json" => PatchType.Json,
            "application/apply-patch+yaml" => PatchType.Apply,
            var other => throw new ApiException(StatusErrors.UnsupportedMediaType(
                $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json (got \"{other}\")")),
        };
        if (type == PatchType.Apply && string.IsNullOrEmpty(call.Query("fieldManager")))
        {
            throw new ApiException(StatusErrors.BadRequest("PATCH requests with apply content type require fieldManager to be set"));
        }

        var body = await BodyReader.ReadTextAsync(call.Http, options.MaxRequestBytes).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(body))
        {
            throw new ApiException(StatusErrors.BadRequest("the patch is empty"));
        }

        var validation = StrictDecoding.ParseDirective(call.Query("fieldValidation"), "PatchOptions");
        var patched = await SendAsync(call, call.Stamp(new PatchObject(call.Resource, call.Namespace, call.Name, type, body, call.Info.Subresource)) with { FieldValidation = validation }).ConfigureAwait(false);
        AddWarnings(call, patched.Warnings);
        // A server-side apply of an object that did not exist is a create (201); the apiserver says which it was.
        await ResponseWriter.WriteObjectAsync(call.Http, patched.Created ? 201 : 200, Unwrap(patched)).ConfigureAwait(false);
    }

    private async Task DeleteAsync(ApiCall call)
    {
        var deleteOptions = await DeleteOptionsAsync(call).ConfigureAwait(false);
        var deleted = await SendAsync(call, call.Stamp(new DeleteObject(call.Resource, call.Namespace, call.Name, deleteOptions))).ConfigureAwait(false);
        await ResponseWriter.WriteObjectAsync(call.Http, 200, Unwrap(deleted)).ConfigureAwait(false);
    }

    private async Task DeleteCollectionAsync(ApiCall call)
    {
        var deleteOptions = await DeleteOptionsAsync(call).ConfigureAwait(false);
        var list = await ListObjectsAsync(call, call.Query("labelSelector"), call.Query("fieldSelector"), 0, null).ConfigureAwait(false);
        var deleted = new List<IKubernetesObject<V1ObjectMeta>>(list.Items.Count);
        foreach (var item in list.Items)
        {
            var reply = await SendAsync(call, call.Stamp(new DeleteObject(call.Resource, item.Metadata.NamespaceProperty, item.Metadata.Name, deleteOptions))).ConfigureAwait(false);
            if (reply.Object is { } o)
            {
                deleted.Add(o);
            }
            else if (reply.Error is { Code: not 404 } e)
            {
                throw new ApiException(e); // gone already is fine; anything else stops, as the apiserver does
            }
        }

        await ResponseWriter.WriteBytesAsync(call.Http, 200, ResponseWriter.ListBytes(call.Resource, deleted, list.ResourceVersion, null)).ConfigureAwait(false);
    }

    /// <summary>DeleteOptions from the body (kubectl sends one), else from the query (gracePeriodSeconds, propagationPolicy, orphanDependents).</summary>
    private async Task<V1DeleteOptions?> DeleteOptionsAsync(ApiCall call)
    {
        var body = await BodyReader.ReadOptionalJsonAsync(call.Http, options.MaxRequestBytes).ConfigureAwait(false);
        var result = string.IsNullOrWhiteSpace(body) ? null : (V1DeleteOptions)BodyReader.Decode(body, typeof(V1DeleteOptions), "DeleteOptions", "v1");
        if (call.Query("gracePeriodSeconds") is { Length: > 0 } g)
        {
            result ??= new V1DeleteOptions();
            result.GracePeriodSeconds = long.TryParse(g, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var s)
                ? s
                : throw new ApiException(StatusErrors.BadRequest($"gracePeriodSeconds must be an integer, got \"{g}\""));
        }

        if (call.Query("propagationPolicy") is { Length: > 0 } p)
        {
            result ??= new V1DeleteOptions();
            result.PropagationPolicy = p;
        }

        if (call.Query("orphanDependents") is { Length: > 0 } o)
        {
            result ??= new V1DeleteOptions();
            result.OrphanDependents = o == "true";
        }

        return result;
    }

    /// <summary>Decodes a body for this resource and checks its kind and namespace against the URL, as the apiserver does.</summary>
    private static IKubernetesObject<V1ObjectMeta> DecodeFor(ApiCall call, string json)
    {
        var obj = BodyReader.DecodeObject(json, call.Resource);
        var r = call.Resource;
        if (!string.IsNullOrEmpty(obj.Kind) && obj.Kind != r.Kind)
        {
            throw new ApiException(StatusErrors.BadRequest($"the kind of the body ({obj.Kind}) does not match the resource of the URL ({r.Kind})"));
        }

        if (!string.IsNullOrEmpty(obj.ApiVersion) && obj.ApiVersion != r.ApiVersion)
        {
            throw new ApiException(StatusErrors.BadRequest($"the API version in the data ({obj.ApiVersion}) does not match the expected API version ({r.ApiVersion})"));
        }

        obj.Metadata ??= new V1ObjectMeta();
        if (r.Namespaced)
        {
            var ns = call.Namespace ?? WellKnown.NamespaceDefault;
            if (!string.IsNullOrEmpty(obj.Metadata.NamespaceProperty) && obj.Metadata.NamespaceProperty != ns)
            {
                throw new ApiException(StatusErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request"));
            }

            obj.Metadata.NamespaceProperty = ns;
        }

        return obj;
    }

    /// <summary>
    /// fieldValidation of a create or update body (kube-apiserver's strict decoding): unknown and
    /// duplicate fields fail the request with Strict, become Warning headers with Warn (the default).
    /// </summary>
    private static void CheckFields(ApiCall call, string json, Type type, string optionsKind)
    {
        var directive = StrictDecoding.ParseDirective(call.Query("fieldValidation"), optionsKind);
        if (directive == FieldValidation.Ignore)
        {
            return;
        }

        var problems = StrictDecoding.FindProblems(System.Text.Encoding.UTF8.GetBytes(json), type);
        if (problems.Count == 0)
        {
            return;
        }

        if (directive == FieldValidation.Strict)
        {
            throw new ApiException(type == typeof(V1Scale) ? StrictDecoding.DecodeError("Scale", "v1", problems) : StrictDecoding.DecodeError(call.Resource, problems));
        }

        AddWarnings(call, problems);
    }

    private static void AddWarnings(ApiCall call, IReadOnlyList<string>? warnings)
    {
        foreach (var w in warnings ?? [])
        {
            call.Http.Response.Headers.Append("Warning", StrictDecoding.WarningHeader(w));
        }
    }

    private static void CheckName(ApiCall call, IKubernetesObject<V1ObjectMeta> obj)
    {
        if (string.IsNullOrEmpty(obj.Metadata.Name))
        {
            obj.Metadata.Name = call.Name;
        }
        else if (obj.Metadata.Name != call.Name)
        {
            throw new ApiException(StatusErrors.BadRequest($"the name of the object ({obj.Metadata.Name}) does not match the name on the URL ({call.Name})"));
        }
    }

    public static IKubernetesObject<V1ObjectMeta> Unwrap(ApiResponse reply) =>
        reply.Error is { } e ? throw new ApiException(e) : reply.Object!;

    private static V1Status Success(int code)
    {
        var s = StatusErrors.Success();
        s.Code = code;
        return s;
    }
}
