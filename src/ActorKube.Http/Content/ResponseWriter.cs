using System.Globalization;
using System.Text.Json;
using ActorKube.Core.Objects;
using Microsoft.AspNetCore.Http;

namespace ActorKube.Http.Content;

/// <summary>Writes Kubernetes objects, lists and Status errors as the apiserver does (application/json).</summary>
public static class ResponseWriter
{
    // As Go's encoding/json: quotes and '+' stay readable in messages.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Task WriteStatusAsync(HttpContext ctx, V1Status status) => WriteBytesAsync(ctx, status.Code ?? 500, StatusBytes(status));

    /// <summary>
    /// A Status as JSON. Written by hand: KubernetesClient's V1Status converter reads both shapes of a
    /// Status but cannot write one.
    /// </summary>
    public static byte[] StatusBytes(V1Status status)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("kind", "Status");
            w.WriteString("apiVersion", "v1");
            w.WriteStartObject("metadata");
            w.WriteEndObject();
            w.WriteString("status", status.Status ?? ((status.Code ?? 500) < 400 ? "Success" : "Failure"));
            WriteIfSet(w, "message", status.Message);
            WriteIfSet(w, "reason", status.Reason);
            if (status.Details is { } d)
            {
                w.WriteStartObject("details");
                WriteIfSet(w, "name", d.Name);
                WriteIfSet(w, "group", d.Group);
                WriteIfSet(w, "kind", d.Kind);
                WriteIfSet(w, "uid", d.Uid);
                if (d.Causes is { Count: > 0 } causes)
                {
                    w.WriteStartArray("causes");
                    foreach (var c in causes)
                    {
                        w.WriteStartObject();
                        WriteIfSet(w, "reason", c.Reason);
                        WriteIfSet(w, "message", c.Message);
                        WriteIfSet(w, "field", c.Field);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                }

                if (d.RetryAfterSeconds is { } retry)
                {
                    w.WriteNumber("retryAfterSeconds", retry);
                }

                w.WriteEndObject();
            }

            w.WriteNumber("code", status.Code ?? 500);
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteIfSet(Utf8JsonWriter w, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            w.WriteString(name, value);
        }
    }

    public static Task WriteObjectAsync(HttpContext ctx, int code, object obj) => WriteBytesAsync(ctx, code, KubeSerializer.ToBytes(obj));

    public static async Task WriteBytesAsync(HttpContext ctx, int code, byte[] body, string contentType = MediaTypes.Json)
    {
        ctx.Response.StatusCode = code;
        ctx.Response.ContentType = contentType;
        ctx.Response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(ctx.Request.Method))
        {
            await ctx.Response.Body.WriteAsync(body, ctx.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>A list in the wire shape of the real apiserver: <c>{"kind":"PodList","apiVersion":"v1","metadata":{...},"items":[...]}</c>.</summary>
    public static byte[] ListBytes(ResourceInfo resource, IEnumerable<IKubernetesObject<V1ObjectMeta>> items, long resourceVersion, string? continueToken)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("kind", resource.Kind + "List");
            w.WriteString("apiVersion", resource.ApiVersion);
            w.WriteStartObject("metadata");
            w.WriteString("resourceVersion", resourceVersion.ToString(CultureInfo.InvariantCulture));
            if (!string.IsNullOrEmpty(continueToken))
            {
                w.WriteString("continue", continueToken);
            }

            w.WriteEndObject();
            w.WriteStartArray("items");
            foreach (var item in items)
            {
                w.WriteRawValue(KubeSerializer.ToBytes(item), skipInputValidation: true);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
