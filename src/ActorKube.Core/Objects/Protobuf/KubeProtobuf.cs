using System.Globalization;
using System.Text.Json;
using ActorKube.Core.Api;

namespace ActorKube.Core.Objects.Protobuf;

/// <summary>
/// Reads Kubernetes protobuf bodies (<c>application/vnd.kubernetes.protobuf</c>), which client-go's typed
/// clients send, kubectl's included: the magic <c>k8s\0</c>, then a runtime.Unknown envelope with the
/// TypeMeta and the object's bytes. The object becomes the JSON a JSON client would have sent, so the
/// rest of the apiserver reads one format. As Go's JSON, empty strings and zero times are left out.
/// </summary>
public static class KubeProtobuf
{
    public const string ContentType = "application/vnd.kubernetes.protobuf";

    private static readonly byte[] Magic = [0x6B, 0x38, 0x73, 0x00];

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The body as JSON text, with apiVersion and kind from the envelope; a malformed body is a 400.</summary>
    public static string ToJson(ReadOnlySpan<byte> body)
    {
        try
        {
            return Decode(body);
        }
        catch (FormatException e)
        {
            throw new ApiException(StatusErrors.BadRequest($"the protobuf body could not be read: {e.Message}"));
        }
    }

    private static string Decode(ReadOnlySpan<byte> body)
    {
        if (body.Length < Magic.Length || !body[..Magic.Length].SequenceEqual(Magic))
        {
            throw new FormatException("it does not start with the Kubernetes protobuf prefix \"k8s\\0\"");
        }

        // runtime.Unknown: 1 typeMeta {1 apiVersion, 2 kind}, 2 raw, 3 contentEncoding, 4 contentType
        string apiVersion = "", kind = "";
        ReadOnlySpan<byte> raw = default;
        var r = new ProtoReader(body[Magic.Length..]);
        while (!r.End)
        {
            var (field, wire) = r.ReadTag();
            if (field == 1 && wire == 2)
            {
                var tm = new ProtoReader(r.ReadBytes());
                while (!tm.End)
                {
                    var (f, w) = tm.ReadTag();
                    if (f == 1 && w == 2)
                    {
                        apiVersion = tm.ReadString();
                    }
                    else if (f == 2 && w == 2)
                    {
                        kind = tm.ReadString();
                    }
                    else
                    {
                        tm.Skip(w);
                    }
                }
            }
            else if (field == 2 && wire == 2)
            {
                raw = r.ReadBytes();
            }
            else
            {
                r.Skip(wire);
            }
        }

        var message = MessageFor(apiVersion, kind) ?? throw new FormatException($"no protobuf type is known for {apiVersion}/{kind}");
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("apiVersion", apiVersion);
            w.WriteString("kind", kind);
            WriteFields(w, message, raw);
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>The message of a kind: k8s.io.api.&lt;group&gt;.&lt;version&gt;.&lt;Kind&gt;, or meta/v1 (DeleteOptions, ...).</summary>
    internal static ProtoMessage? MessageFor(string apiVersion, string kind)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var (group, version) = slash < 0 ? ("core", apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
        var package = group == "meta.k8s.io" ? "k8s.io.apimachinery.pkg.apis.meta" : $"k8s.io.api.{group.Split('.')[0]}";
        return ProtoSchema.Find($"{package}.{version}.{kind}") ?? ProtoSchema.Find($"k8s.io.apimachinery.pkg.apis.meta.v1.{kind}");
    }

    private static void WriteFields(Utf8JsonWriter w, ProtoMessage message, ReadOnlySpan<byte> data)
    {
        // Repeated fields may be split on the wire; gather each field's occurrences in order first.
        var occurrences = new SortedDictionary<int, List<(int Wire, ulong Scalar, byte[]? Bytes)>>();
        var r = new ProtoReader(data);
        while (!r.End)
        {
            var (number, wire) = r.ReadTag();
            if (!message.Fields.ContainsKey(number))
            {
                r.Skip(wire);
                continue;
            }

            if (!occurrences.TryGetValue(number, out var list))
            {
                list = [];
                occurrences[number] = list;
            }

            list.Add(wire switch
            {
                0 => (0, r.ReadVarint(), null),
                1 => (1, r.ReadFixed64(), null),
                5 => (5, r.ReadFixed32(), null),
                2 => (2, 0UL, r.ReadBytes().ToArray()),
                _ => throw new FormatException($"unsupported wire type {wire}"),
            });
        }

        foreach (var (number, values) in occurrences)
        {
            var field = message.Fields[number];
            var nested = field.TypeName is null ? null : ProtoSchema.Find(field.TypeName);
            if (nested is { IsMapEntry: true })
            {
                w.WritePropertyName(field.Name);
                w.WriteStartObject();
                foreach (var v in values)
                {
                    WriteMapEntry(w, nested, v.Bytes ?? []);
                }

                w.WriteEndObject();
                continue;
            }

            if (field.Repeated)
            {
                w.WritePropertyName(field.Name);
                w.WriteStartArray();
                foreach (var v in values)
                {
                    if (v.Wire == 2 && field.Type is not (ProtoField.TypeString or ProtoField.TypeBytes or ProtoField.TypeMessage))
                    {
                        WritePacked(w, field, v.Bytes ?? []);
                    }
                    else
                    {
                        WriteValue(w, field, nested, v.Scalar, v.Bytes);
                    }
                }

                w.WriteEndArray();
                continue;
            }

            var last = values[^1];
            if (IsOmitted(field, nested, last.Bytes))
            {
                continue;
            }

            w.WritePropertyName(field.Name);
            WriteValue(w, field, nested, last.Scalar, last.Bytes);
        }
    }

    /// <summary>As Go's JSON with omitempty: an empty string or a zero time is not written.</summary>
    private static bool IsOmitted(ProtoField field, ProtoMessage? nested, byte[]? bytes) =>
        (field.Type == ProtoField.TypeString && bytes is { Length: 0 }) ||
        (nested?.FullName is TimeType or MicroTimeType && IsZeroTime(bytes ?? []));

    private const string TimeType = "k8s.io.apimachinery.pkg.apis.meta.v1.Time";
    private const string MicroTimeType = "k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime";

    private static void WriteMapEntry(Utf8JsonWriter w, ProtoMessage entry, byte[] data)
    {
        string key = "";
        (ulong Scalar, byte[]? Bytes) value = (0, null);
        var r = new ProtoReader(data);
        while (!r.End)
        {
            var (number, wire) = r.ReadTag();
            if (number == 1 && wire == 2)
            {
                key = r.ReadString();
            }
            else if (number == 2)
            {
                value = wire switch
                {
                    0 => (r.ReadVarint(), null),
                    1 => (r.ReadFixed64(), null),
                    5 => (r.ReadFixed32(), null),
                    _ => (0UL, r.ReadBytes().ToArray()),
                };
            }
            else
            {
                r.Skip(wire);
            }
        }

        var valueField = entry.Fields.GetValueOrDefault(2) ?? throw new FormatException($"map entry {entry.FullName} has no value field");
        w.WritePropertyName(key);
        var nested = valueField.TypeName is null ? null : ProtoSchema.Find(valueField.TypeName);
        if (valueField.Type == ProtoField.TypeString && value.Bytes is null)
        {
            w.WriteStringValue("");
            return;
        }

        WriteValue(w, valueField, nested, value.Scalar, value.Bytes ?? (valueField.Type is ProtoField.TypeBytes or ProtoField.TypeMessage ? [] : null));
    }

    private static void WritePacked(Utf8JsonWriter w, ProtoField field, byte[] data)
    {
        var r = new ProtoReader(data);
        while (!r.End)
        {
            var scalar = field.Type switch
            {
                ProtoField.TypeDouble or ProtoField.TypeFixed64 or ProtoField.TypeSFixed64 => r.ReadFixed64(),
                ProtoField.TypeFloat or ProtoField.TypeFixed32 or ProtoField.TypeSFixed32 => r.ReadFixed32(),
                _ => r.ReadVarint(),
            };
            WriteValue(w, field, null, scalar, null);
        }
    }

    private static void WriteValue(Utf8JsonWriter w, ProtoField field, ProtoMessage? nested, ulong scalar, byte[]? bytes)
    {
        switch (field.Type)
        {
            case ProtoField.TypeString:
                w.WriteStringValue(System.Text.Encoding.UTF8.GetString(bytes ?? []));
                break;
            case ProtoField.TypeBytes:
                w.WriteBase64StringValue(bytes ?? []);
                break;
            case ProtoField.TypeBool:
                w.WriteBooleanValue(scalar != 0);
                break;
            case ProtoField.TypeInt32 or ProtoField.TypeEnum:
                w.WriteNumberValue((int)(long)scalar);
                break;
            case ProtoField.TypeInt64:
                w.WriteNumberValue((long)scalar);
                break;
            case ProtoField.TypeUInt32 or ProtoField.TypeFixed32:
                w.WriteNumberValue((uint)scalar);
                break;
            case ProtoField.TypeUInt64 or ProtoField.TypeFixed64:
                w.WriteNumberValue(scalar);
                break;
            case ProtoField.TypeSFixed32:
                w.WriteNumberValue((int)(uint)scalar);
                break;
            case ProtoField.TypeSFixed64:
                w.WriteNumberValue((long)scalar);
                break;
            case ProtoField.TypeSInt32:
                w.WriteNumberValue((int)((uint)scalar >> 1) ^ -(int)(scalar & 1));
                break;
            case ProtoField.TypeSInt64:
                w.WriteNumberValue((long)(scalar >> 1) ^ -(long)(scalar & 1));
                break;
            case ProtoField.TypeDouble:
                w.WriteNumberValue(BitConverter.Int64BitsToDouble((long)scalar));
                break;
            case ProtoField.TypeFloat:
                w.WriteNumberValue(BitConverter.Int32BitsToSingle((int)(uint)scalar));
                break;
            case ProtoField.TypeMessage:
                WriteMessage(w, nested ?? throw new FormatException($"unknown message type {field.TypeName}"), bytes ?? []);
                break;
            default:
                throw new FormatException($"unsupported field type {field.Type} of {field.Name}");
        }
    }

    /// <summary>A nested message; the apimachinery types with their own JSON forms are written as Go writes them.</summary>
    private static void WriteMessage(Utf8JsonWriter w, ProtoMessage message, byte[] data)
    {
        switch (message.FullName)
        {
            case TimeType:
                w.WriteStringValue(TimeOf(data).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                return;
            case MicroTimeType:
                w.WriteStringValue(TimeOf(data).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
                return;
            case "k8s.io.apimachinery.pkg.api.resource.Quantity":
                w.WriteStringValue(StringField(data, 1));
                return;
            case "k8s.io.apimachinery.pkg.util.intstr.IntOrString":
                WriteIntOrString(w, data);
                return;
            case "k8s.io.apimachinery.pkg.apis.meta.v1.Duration":
                w.WriteStringValue(GoDurationString((long)ScalarField(data, 1)));
                return;
            case "k8s.io.apimachinery.pkg.runtime.RawExtension" or "k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1":
                var raw = BytesField(data, 1);
                if (raw.Length > 0 && raw[0] is (byte)'{' or (byte)'[')
                {
                    w.WriteRawValue(raw);
                }
                else
                {
                    w.WriteNullValue();
                }

                return;
        }

        w.WriteStartObject();
        WriteFields(w, message, data);
        w.WriteEndObject();
    }

    private static void WriteIntOrString(Utf8JsonWriter w, byte[] data)
    {
        // 1 type (0 int, 1 string), 2 intVal, 3 strVal
        if (ScalarField(data, 1) == 1)
        {
            w.WriteStringValue(StringField(data, 3));
        }
        else
        {
            w.WriteNumberValue((int)(long)ScalarField(data, 2));
        }
    }

    private static DateTime TimeOf(byte[] data) =>
        DateTime.UnixEpoch.AddSeconds((long)ScalarField(data, 1)).AddTicks((int)(long)ScalarField(data, 2) / 100);

    private static bool IsZeroTime(byte[] data) => ScalarField(data, 1) == 0 && ScalarField(data, 2) == 0;

    private static ulong ScalarField(byte[] data, int number)
    {
        var r = new ProtoReader(data);
        ulong value = 0;
        while (!r.End)
        {
            var (f, wire) = r.ReadTag();
            if (f == number && wire == 0)
            {
                value = r.ReadVarint();
            }
            else
            {
                r.Skip(wire);
            }
        }

        return value;
    }

    private static byte[] BytesField(byte[] data, int number)
    {
        var r = new ProtoReader(data);
        byte[] value = [];
        while (!r.End)
        {
            var (f, wire) = r.ReadTag();
            if (f == number && wire == 2)
            {
                value = r.ReadBytes().ToArray();
            }
            else
            {
                r.Skip(wire);
            }
        }

        return value;
    }

    private static string StringField(byte[] data, int number) => System.Text.Encoding.UTF8.GetString(BytesField(data, number));

    /// <summary>Go's time.Duration.String() for whole and fractional seconds: "1h2m3s", "1.5s", "0s".</summary>
    public static string GoDurationString(long nanos)
    {
        if (nanos == 0)
        {
            return "0s";
        }

        var sign = nanos < 0 ? "-" : "";
        var t = TimeSpan.FromTicks(Math.Abs(nanos) / 100);
        var seconds = t.Seconds + (t.Ticks % TimeSpan.TicksPerSecond / (double)TimeSpan.TicksPerSecond);
        var s = seconds.ToString("0.#########", CultureInfo.InvariantCulture) + "s";
        var hours = (long)t.TotalHours;
        return hours > 0 ? $"{sign}{hours}h{t.Minutes}m{s}" : t.Minutes > 0 ? $"{sign}{t.Minutes}m{s}" : sign + s;
    }
}
