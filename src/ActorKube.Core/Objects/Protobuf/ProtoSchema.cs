using System.Collections.Frozen;

namespace ActorKube.Core.Objects.Protobuf;

/// <summary>One field of a protobuf message: JSON name, number, type (FieldDescriptorProto.Type) and message type name.</summary>
internal sealed record ProtoField(string Name, int Number, bool Repeated, int Type, string? TypeName)
{
    public const int TypeDouble = 1;
    public const int TypeFloat = 2;
    public const int TypeInt64 = 3;
    public const int TypeUInt64 = 4;
    public const int TypeInt32 = 5;
    public const int TypeFixed64 = 6;
    public const int TypeFixed32 = 7;
    public const int TypeBool = 8;
    public const int TypeString = 9;
    public const int TypeMessage = 11;
    public const int TypeBytes = 12;
    public const int TypeUInt32 = 13;
    public const int TypeEnum = 14;
    public const int TypeSFixed32 = 15;
    public const int TypeSFixed64 = 16;
    public const int TypeSInt32 = 17;
    public const int TypeSInt64 = 18;
}

/// <summary>A protobuf message type; map entries (map&lt;K,V&gt;) are marked.</summary>
internal sealed record ProtoMessage(string FullName, bool IsMapEntry, FrozenDictionary<int, ProtoField> Fields);

/// <summary>
/// The protobuf schema of the Kubernetes API types, read from the FileDescriptorProtos of k8s.io/api's
/// generated.proto files (embedded; extracted from kubectl by tools/extract-proto-descriptors.py).
/// </summary>
internal static class ProtoSchema
{
    private static readonly Lazy<FrozenDictionary<string, ProtoMessage>> Messages = new(Load);

    /// <summary>A message by full name without the leading dot: "k8s.io.api.core.v1.Pod".</summary>
    public static ProtoMessage? Find(string fullName) => Messages.Value.GetValueOrDefault(fullName.TrimStart('.'));

    private static FrozenDictionary<string, ProtoMessage> Load()
    {
        var messages = new Dictionary<string, ProtoMessage>(StringComparer.Ordinal);
        var assembly = typeof(ProtoSchema).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("protobuf/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            ReadFile(buffer.ToArray(), messages);
        }

        return messages.ToFrozenDictionary(StringComparer.Ordinal);
    }

    // FileDescriptorProto: 2 package, 4 message_type
    private static void ReadFile(ReadOnlySpan<byte> data, Dictionary<string, ProtoMessage> messages)
    {
        var package = "";
        var r = new ProtoReader(data);
        var types = new List<byte[]>();
        while (!r.End)
        {
            var (field, wire) = r.ReadTag();
            switch (field)
            {
                case 2 when wire == 2:
                    package = r.ReadString();
                    break;
                case 4 when wire == 2:
                    types.Add(r.ReadBytes().ToArray());
                    break;
                default:
                    r.Skip(wire);
                    break;
            }
        }

        foreach (var t in types)
        {
            ReadMessage(t, package, messages);
        }
    }

    // DescriptorProto: 1 name, 2 field, 3 nested_type, 7 options (MessageOptions: 7 map_entry)
    private static void ReadMessage(ReadOnlySpan<byte> data, string scope, Dictionary<string, ProtoMessage> messages)
    {
        var name = "";
        var fields = new Dictionary<int, ProtoField>();
        var nested = new List<byte[]>();
        var mapEntry = false;
        var r = new ProtoReader(data);
        while (!r.End)
        {
            var (field, wire) = r.ReadTag();
            switch (field)
            {
                case 1 when wire == 2:
                    name = r.ReadString();
                    break;
                case 2 when wire == 2:
                    var f = ReadField(r.ReadBytes());
                    fields[f.Number] = f;
                    break;
                case 3 when wire == 2:
                    nested.Add(r.ReadBytes().ToArray());
                    break;
                case 7 when wire == 2:
                    mapEntry = IsMapEntry(r.ReadBytes());
                    break;
                default:
                    r.Skip(wire);
                    break;
            }
        }

        var fullName = $"{scope}.{name}";
        messages[fullName] = new ProtoMessage(fullName, mapEntry, fields.ToFrozenDictionary());
        foreach (var n in nested)
        {
            ReadMessage(n, fullName, messages);
        }
    }

    // FieldDescriptorProto: 1 name, 3 number, 4 label (3 = repeated), 5 type, 6 type_name, 10 json_name
    private static ProtoField ReadField(ReadOnlySpan<byte> data)
    {
        string name = "", jsonName = "";
        string? typeName = null;
        int number = 0, label = 0, type = 0;
        var r = new ProtoReader(data);
        while (!r.End)
        {
            var (field, wire) = r.ReadTag();
            switch (field)
            {
                case 1 when wire == 2:
                    name = r.ReadString();
                    break;
                case 3 when wire == 0:
                    number = (int)r.ReadVarint();
                    break;
                case 4 when wire == 0:
                    label = (int)r.ReadVarint();
                    break;
                case 5 when wire == 0:
                    type = (int)r.ReadVarint();
                    break;
                case 6 when wire == 2:
                    typeName = r.ReadString().TrimStart('.');
                    break;
                case 10 when wire == 2:
                    jsonName = r.ReadString();
                    break;
                default:
                    r.Skip(wire);
                    break;
            }
        }

        // k8s.io/api's proto field names are the JSON names already (camelCase).
        return new ProtoField(name.Length > 0 ? name : jsonName, number, label == 3, type, typeName);
    }

    private static bool IsMapEntry(ReadOnlySpan<byte> options)
    {
        var r = new ProtoReader(options);
        while (!r.End)
        {
            var (field, wire) = r.ReadTag();
            if (field == 7 && wire == 0)
            {
                return r.ReadVarint() != 0;
            }

            r.Skip(wire);
        }

        return false;
    }
}
