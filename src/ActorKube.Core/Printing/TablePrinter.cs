using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using ActorKube.Core.Api;
using ActorKube.Core.Objects;

namespace ActorKube.Core.Printing;

/// <summary>
/// Server-side printing as kube-apiserver does it for <c>Accept: application/json;as=Table;v=v1;g=meta.k8s.io</c>:
/// objects to a <see cref="MetaTable"/> with the columns of their kind, and the Table to its JSON wire form.
/// </summary>
public static class TablePrinter
{
    /// <summary>
    /// One row per object, with the columns kube-apiserver's printers give the kind. The cells of priority 1
    /// (wide) columns are always present; kubectl drops them unless asked for <c>-o wide</c>. For a single
    /// object pass it alone and its resourceVersion; for a list, the list's resourceVersion and continue token.
    /// </summary>
    public static MetaTable ToTable(
        ResourceInfo resource,
        IReadOnlyList<IKubernetesObject<V1ObjectMeta>> objects,
        DateTime now,
        TableIncludeObject include = TableIncludeObject.Metadata,
        bool noHeaders = false,
        string? resourceVersion = null,
        string? continueToken = null)
    {
        var printer = KindPrinters.For(resource);
        var rows = new TableRow[objects.Count];
        for (var i = 0; i < objects.Count; i++)
        {
            var obj = objects[i];
            rows[i] = new TableRow(printer.Cells(obj, now), printer.Conditions(obj), RowObject(resource, obj, include));
        }

        return new MetaTable(resourceVersion, continueToken, noHeaders ? null : printer.Columns, rows);
    }

    /// <summary>
    /// The Table as the apiserver writes it: <c>{"kind":"Table","apiVersion":"meta.k8s.io/v1","metadata":{..},
    /// "columnDefinitions":[..],"rows":[{"cells":[..],"object":{..}}]}</c>. Without headers
    /// <c>columnDefinitions</c> is null, and rows without an object have <c>"object":null</c>, as Go encodes them.
    /// </summary>
    public static byte[] ToJsonBytes(MetaTable table)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + (table.Rows.Count * 512));
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = KubeSerializer.Options.Encoder }))
        {
            w.WriteStartObject();
            w.WriteString("kind", MetaTable.Kind);
            w.WriteString("apiVersion", MetaTable.ApiVersion);
            w.WriteStartObject("metadata");
            if (!string.IsNullOrEmpty(table.ResourceVersion))
            {
                w.WriteString("resourceVersion", table.ResourceVersion);
            }

            if (!string.IsNullOrEmpty(table.Continue))
            {
                w.WriteString("continue", table.Continue);
            }

            w.WriteEndObject();
            WriteColumns(w, table.ColumnDefinitions);
            w.WriteStartArray("rows");
            foreach (var row in table.Rows)
            {
                WriteRow(w, row);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Reads <c>?includeObject=</c>: None, Metadata (also when absent) or Object; anything else is a 400, with
    /// the apiserver's message.
    /// </summary>
    public static TableIncludeObject ParseIncludeObject(string? value) => value switch
    {
        null or "" or "Metadata" => TableIncludeObject.Metadata,
        "None" => TableIncludeObject.None,
        "Object" => TableIncludeObject.Object,
        _ => throw new ApiException(StatusErrors.BadRequest($"unrecognized includeObject value: \"{value}\"")),
    };

    private static object? RowObject(ResourceInfo resource, IKubernetesObject<V1ObjectMeta> obj, TableIncludeObject include)
    {
        switch (include)
        {
            case TableIncludeObject.None:
                return null;
            case TableIncludeObject.Object:
                if (obj.Kind == resource.Kind && obj.ApiVersion == resource.ApiVersion)
                {
                    return obj;
                }

                // set kind and apiVersion on a copy: the object may be shared with a cache
                var node = JsonSerializer.SerializeToNode(obj, obj.GetType(), KubeSerializer.Options)!.AsObject();
                node.Remove("apiVersion");
                node.Remove("kind");
                node.Insert(0, "apiVersion", resource.ApiVersion);
                node.Insert(1, "kind", resource.Kind);
                return node;
            default:
                return PartialObjectMetadata.Of(obj);
        }
    }

    private static void WriteColumns(Utf8JsonWriter w, IReadOnlyList<TableColumnDefinition>? columns)
    {
        if (columns is null)
        {
            w.WriteNull("columnDefinitions");
            return;
        }

        w.WriteStartArray("columnDefinitions");
        foreach (var c in columns)
        {
            w.WriteStartObject();
            w.WriteString("name", c.Name);
            w.WriteString("type", c.Type);
            w.WriteString("format", c.Format);
            w.WriteString("description", c.Description);
            w.WriteNumber("priority", c.Priority);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteRow(Utf8JsonWriter w, TableRow row)
    {
        w.WriteStartObject();
        w.WriteStartArray("cells");
        foreach (var cell in row.Cells)
        {
            switch (cell)
            {
                case null:
                    w.WriteNullValue();
                    break;
                case string s:
                    w.WriteStringValue(s);
                    break;
                case long l:
                    w.WriteNumberValue(l);
                    break;
                case int i:
                    w.WriteNumberValue(i);
                    break;
                case bool b:
                    w.WriteBooleanValue(b);
                    break;
                default:
                    JsonSerializer.Serialize(w, cell, cell.GetType(), KubeSerializer.Options);
                    break;
            }
        }

        w.WriteEndArray();
        if (row.Conditions.Count > 0)
        {
            w.WriteStartArray("conditions");
            foreach (var c in row.Conditions)
            {
                w.WriteStartObject();
                w.WriteString("type", c.Type);
                w.WriteString("status", c.Status);
                if (c.Reason.Length > 0)
                {
                    w.WriteString("reason", c.Reason);
                }

                if (c.Message.Length > 0)
                {
                    w.WriteString("message", c.Message);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WritePropertyName("object");
        if (row.Object is null)
        {
            w.WriteNullValue();
        }
        else
        {
            JsonSerializer.Serialize(w, row.Object, row.Object.GetType(), KubeSerializer.Options);
        }

        w.WriteEndObject();
    }
}
