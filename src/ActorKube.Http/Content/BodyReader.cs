using System.Text;
using ActorKube.Core.Api;
using ActorKube.Core.Objects;
using ActorKube.Core.Objects.Protobuf;
using Microsoft.AspNetCore.Http;

namespace ActorKube.Http.Content;

/// <summary>Reads request bodies with the apiserver's size limit, as JSON (YAML bodies are converted).</summary>
public static class BodyReader
{
    /// <summary>The body as text, or an ApiException 413 when it is larger than the limit.</summary>
    public static async Task<string> ReadTextAsync(HttpContext ctx, long maxBytes)
    {
        var bytes = await ReadBytesAsync(ctx, maxBytes).ConfigureAwait(false);
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>A body that may be empty (DeleteOptions), as JSON text; protobuf bodies are converted.</summary>
    public static async Task<string> ReadOptionalJsonAsync(HttpContext ctx, long maxBytes)
    {
        var bytes = await ReadBytesAsync(ctx, maxBytes).ConfigureAwait(false);
        return bytes.Length > 0 && MediaTypes.Base(ctx.Request.ContentType) == KubeProtobuf.ContentType
            ? KubeProtobuf.ToJson(bytes)
            : Encoding.UTF8.GetString(bytes);
    }

    /// <summary>The body's bytes, or an ApiException 413 when it is larger than the limit.</summary>
    public static async Task<byte[]> ReadBytesAsync(HttpContext ctx, long maxBytes)
    {
        if (ctx.Request.ContentLength is { } length && length > maxBytes)
        {
            throw new ApiException(StatusErrors.RequestEntityTooLarge($"the request body is {length} bytes; the limit is {maxBytes}"));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = await ctx.Request.Body.ReadAsync(chunk, ctx.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + n > maxBytes)
            {
                throw new ApiException(StatusErrors.RequestEntityTooLarge($"the request body is larger than the limit of {maxBytes} bytes"));
            }

            buffer.Write(chunk, 0, n);
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// A body as JSON text for the resource: YAML (application/yaml) is read as the resource's type, and
    /// protobuf (application/vnd.kubernetes.protobuf, what kubectl's typed clients send) is converted.
    /// </summary>
    public static async Task<string> ReadJsonAsync(HttpContext ctx, ResourceInfo resource, long maxBytes)
    {
        if (MediaTypes.Base(ctx.Request.ContentType) == KubeProtobuf.ContentType)
        {
            return KubeProtobuf.ToJson(await ReadBytesAsync(ctx, maxBytes).ConfigureAwait(false));
        }

        var text = await ReadTextAsync(ctx, maxBytes).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ApiException(StatusErrors.BadRequest("the request body is empty"));
        }

        return MediaTypes.IsYaml(ctx.Request.ContentType) ? KubeSerializer.ApplyBodyToJson(text, resource) : text;
    }

    /// <summary>Decodes a body as the resource's kind; malformed JSON is a 400 that names the problem, as the apiserver words it.</summary>
    public static IKubernetesObject<V1ObjectMeta> DecodeObject(string json, ResourceInfo resource) =>
        (IKubernetesObject<V1ObjectMeta>)Decode(json, resource.ClrType, resource.Kind, resource.Version);

    /// <summary>Decodes a body as <paramref name="type"/> (DeleteOptions, Eviction, Binding, Scale, ...).</summary>
    public static object Decode(string json, Type type, string kind, string version)
    {
        try
        {
            return KubeSerializer.FromJson(json, type) ?? throw new ApiException(StatusErrors.BadRequest($"the request body is not a {kind}"));
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException or InvalidOperationException)
        {
            throw new ApiException(StatusErrors.BadRequest($"{kind} in version \"{version}\" cannot be handled as a {kind}: {e.Message}"));
        }
    }
}
