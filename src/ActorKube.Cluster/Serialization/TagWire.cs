using System.Collections.Concurrent;
using System.Runtime.Serialization;
using System.Text.Json;
using ActorKube.Client;
using ActorKube.Core.Wire;

namespace ActorKube.Cluster.Serialization;

/// <summary>
/// The typed envelope of a request's Tag (echoed back in its reply): one byte of kind, then the value. Tags compare
/// by value on both sides (<see cref="IWireTag"/>): null, string, long, int, bool, Guid, an enum value, the
/// informers' <see cref="InformerTag"/> (on every watch delivery, so it has a compact form), or any record marked
/// <see cref="IWireTag"/> as its type name and JSON.
/// </summary>
internal static class TagWire
{
    private const byte Null = 0;
    private const byte String = 1;
    private const byte Long = 2;
    private const byte Int = 3;
    private const byte Bool = 4;
    private const byte Guid = 5;
    private const byte Informer = 6;
    private const byte Enum = 7;
    private const byte Record = 8;

    private static readonly JsonSerializerOptions RecordOptions = new();
    private static readonly ConcurrentDictionary<Type, string> TypeNames = new();
    private static readonly ConcurrentDictionary<string, Type> TypesByName = new(StringComparer.Ordinal);

    public static void Write(WireWriter w, object? tag)
    {
        switch (tag)
        {
            case null:
                w.WriteByte(Null);
                break;
            case string s:
                w.WriteByte(String);
                w.WriteString(s);
                break;
            case long l:
                w.WriteByte(Long);
                w.WriteZigZag(l);
                break;
            case int i:
                w.WriteByte(Int);
                w.WriteZigZag(i);
                break;
            case bool b:
                w.WriteByte(Bool);
                w.WriteBool(b);
                break;
            case System.Guid g:
                w.WriteByte(Guid);
                w.WriteGuid(g);
                break;
            case InformerTag t:
                w.WriteByte(Informer);
                w.WriteString(t.Name);
                w.WriteZigZag(t.Generation);
                w.WriteBool(t.IsWatch);
                break;
            case System.Enum e:
                w.WriteByte(Enum);
                w.WriteString(TypeNames.GetOrAdd(e.GetType(), NameOf));
                w.WriteZigZag(Convert.ToInt64(e, System.Globalization.CultureInfo.InvariantCulture));
                break;
            case IWireTag record:
                w.WriteByte(Record);
                w.WriteString(TypeNames.GetOrAdd(record.GetType(), NameOf));
                w.WriteJson(record, record.GetType(), RecordOptions);
                break;
            default:
                throw new ArgumentException(
                    $"a Tag of type {tag.GetType()} cannot travel between processes: use a string, long, int, bool, Guid, enum or a record marked {nameof(IWireTag)}",
                    nameof(tag));
        }
    }

    public static object? Read(WireReader r)
    {
        var kind = r.ReadByte();
        switch (kind)
        {
            case Null:
                return null;
            case String:
                return r.ReadString();
            case Long:
                return r.ReadZigZag();
            case Int:
                return checked((int)r.ReadZigZag());
            case Bool:
                return r.ReadBool();
            case Guid:
                return r.ReadGuid();
            case Informer:
                return new InformerTag(r.ReadString(), checked((int)r.ReadZigZag()), r.ReadBool());
            case Enum:
                var enumType = TypeOf(r.ReadString());
                var value = r.ReadZigZag();
                return enumType.IsEnum ? System.Enum.ToObject(enumType, value) : throw new SerializationException($"tag type {enumType} is not an enum");
            case Record:
                var recordType = TypeOf(r.ReadString());
                return typeof(IWireTag).IsAssignableFrom(recordType)
                    ? r.ReadJson(recordType, RecordOptions)
                    : throw new SerializationException($"tag type {recordType} is not marked {nameof(IWireTag)}");
            default:
                throw new SerializationException($"unknown tag kind {kind}");
        }
    }

    private static string NameOf(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";

    private static Type TypeOf(string name) =>
        TypesByName.GetOrAdd(name, static n => Type.GetType(n, throwOnError: false) ?? throw new SerializationException($"unknown tag type {n}"));
}
