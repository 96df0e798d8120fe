using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Serialization;

namespace ActorKube.Core.Objects;

/// <summary>
/// The JSON shape of the KubernetesClient models, read by reflection: object properties by their
/// <c>[JsonPropertyName]</c>, the element type of lists and the value type of maps. Strict decoding, the
/// OpenAPI schemas and the strategic merge patch all walk JSON against this one view of the types.
/// </summary>
public static class ModelShape
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyDictionary<string, PropertyInfo>> PropertyCache = new();

    /// <summary>
    /// The JSON properties of an object type, by JSON name (case-sensitive, like apimachinery's decoder). Only
    /// properties with a <c>[JsonPropertyName]</c>: the models name every API field, and helpers such as
    /// V1Status.HasObject are not API fields.
    /// </summary>
    public static IReadOnlyDictionary<string, PropertyInfo> Properties(Type type) =>
        PropertyCache.GetOrAdd(type, static t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>() is null && p.GetIndexParameters().Length == 0)
            .Select(p => (Name: p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name, Property: p))
            .Where(p => p.Name is not null)
            .ToDictionary(p => p.Name!, p => p.Property, StringComparer.Ordinal));

    /// <summary>The type without <see cref="Nullable{T}"/>.</summary>
    public static Type Unwrap(Type type) => Nullable.GetUnderlyingType(type) ?? type;

    /// <summary>The element type when <paramref name="type"/> is a JSON array (a list or array, not byte[]), else null.</summary>
    public static Type? ListElement(Type type)
    {
        if (type == typeof(string) || type == typeof(byte[]))
        {
            return null;
        }

        if (type.IsArray)
        {
            return type.GetElementType();
        }

        return type.IsGenericType && type.GetGenericTypeDefinition() is var g &&
               (g == typeof(IList<>) || g == typeof(List<>) || g == typeof(IReadOnlyList<>) || g == typeof(IEnumerable<>) || g == typeof(ICollection<>))
            ? type.GetGenericArguments()[0]
            : null;
    }

    /// <summary>The value type when <paramref name="type"/> is a JSON object with free keys (a string-keyed dictionary), else null.</summary>
    public static Type? MapValue(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() is var g &&
        (g == typeof(IDictionary<,>) || g == typeof(Dictionary<,>) || g == typeof(IReadOnlyDictionary<,>)) &&
        type.GetGenericArguments()[0] == typeof(string)
            ? type.GetGenericArguments()[1]
            : null;

    /// <summary>True for the types that hold any JSON (<c>object</c>, JsonElement): RawExtension and FieldsV1.</summary>
    public static bool IsFreeForm(Type type) =>
        type == typeof(object) || type == typeof(System.Text.Json.JsonElement) || type == typeof(System.Text.Json.Nodes.JsonNode);

    /// <summary>True for types that serialize as a JSON scalar (string, number, bool, time, bytes, quantity, int-or-string).</summary>
    public static bool IsScalar(Type type)
    {
        var t = Unwrap(type);
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(DateTime) ||
               t == typeof(DateTimeOffset) || t == typeof(byte[]) || t == typeof(ResourceQuantity) || t == typeof(IntOrString);
    }

    /// <summary>
    /// The type of the value at a dotted path of JSON field names below <paramref name="root"/>; a list field
    /// stands for its elements and a map field is followed by a key ("spec.template.spec.containers" is
    /// V1Container under V1Deployment). Null when the path leaves the model.
    /// </summary>
    public static Type? TypeAt(Type root, string path)
    {
        var t = root;
        if (path.Length == 0)
        {
            return t;
        }

        foreach (var segment in path.Split('.'))
        {
            if (MapValue(t) is { } value)
            {
                t = Unwrap(value);
            }
            else if (Properties(t).TryGetValue(segment, out var p))
            {
                t = Unwrap(p.PropertyType);
            }
            else
            {
                return null;
            }

            if (ListElement(t) is { } element)
            {
                t = Unwrap(element);
            }
        }

        return t;
    }
}
