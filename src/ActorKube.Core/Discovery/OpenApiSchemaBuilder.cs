using System.Text.Json.Nodes;
using ActorKube.Core.Api;
using ActorKube.Core.Objects;

namespace ActorKube.Core.Discovery;

/// <summary>
/// Builds <c>components.schemas</c> of one OpenAPI v3 document by reflection over the KubernetesClient
/// models: an object schema per model type (properties by JSON name), <c>$ref</c>s wrapped in <c>allOf</c> as
/// kube-openapi writes them, and the strategic merge patch extensions of <see cref="PatchStrategies"/> on lists.
/// </summary>
internal sealed class OpenApiSchemaBuilder
{
    private readonly SortedDictionary<string, JsonObject> _schemas = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, string> _names = [];

    /// <summary><c>{"allOf": [{"$ref": ...}]}</c> to the component of <paramref name="type"/>, building it if needed.</summary>
    public JsonObject RefTo(Type type) => new() { ["allOf"] = new JsonArray(Ref(type)) };

    /// <summary><c>{"$ref": ...}</c> to the component of <paramref name="type"/>, building it if needed.</summary>
    public JsonObject Ref(Type type) => RefToName(Define(type));

    public static JsonObject RefToName(string name) => new() { ["$ref"] = $"#/components/schemas/{name}" };

    /// <summary>Adds a group-version-kind to the <c>x-kubernetes-group-version-kind</c> list of a type's component.</summary>
    public void AddGroupVersionKind(Type type, string group, string version, string kind)
    {
        var schema = _schemas[Define(type)];
        if (schema["x-kubernetes-group-version-kind"] is not JsonArray gvks)
        {
            schema["x-kubernetes-group-version-kind"] = gvks = [];
        }

        if (!gvks.Any(g => (string?)g!["group"] == group && (string?)g!["version"] == version && (string?)g!["kind"] == kind))
        {
            gvks.Add(new JsonObject { ["group"] = group, ["kind"] = kind, ["version"] = version });
        }
    }

    /// <summary>Adds a component that is not a model type (meta.v1.Patch).</summary>
    public void AddRaw(string name, JsonObject schema) => _schemas[name] = schema;

    /// <summary>The components, sorted by name.</summary>
    public JsonObject Build()
    {
        var result = new JsonObject();
        foreach (var (name, schema) in _schemas)
        {
            result[name] = schema;
        }

        return result;
    }

    private string Define(Type type)
    {
        if (_names.TryGetValue(type, out var known))
        {
            return known;
        }

        var name = OpenApiNames.For(type);
        _names[type] = name;
        if (type == typeof(IntOrString))
        {
            _schemas[name] = new JsonObject
            {
                ["description"] = "An int32 or a string (IntOrString); JSON carries either.",
                ["format"] = "int-or-string",
                ["oneOf"] = new JsonArray(new JsonObject { ["type"] = "integer" }, new JsonObject { ["type"] = "string" }),
                ["x-kubernetes-int-or-string"] = true,
            };
            return name;
        }

        if (type == typeof(ResourceQuantity))
        {
            _schemas[name] = new JsonObject
            {
                ["description"] = "A fixed-point number with a suffix (Quantity), serialized as a string such as \"100m\" or \"1Gi\"; numbers are accepted.",
                ["oneOf"] = new JsonArray(new JsonObject { ["type"] = "string" }, new JsonObject { ["type"] = "number" }),
                ["x-kubernetes-int-or-string"] = true,
            };
            return name;
        }

        // Registered before the properties so that recursive types end.
        var schema = new JsonObject { ["type"] = "object" };
        _schemas[name] = schema;
        var properties = new JsonObject();
        foreach (var (field, p) in ModelShape.Properties(type).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            properties[field] = PropertySchema(type, field, p.PropertyType);
        }

        schema["properties"] = properties;
        return name;
    }

    private JsonObject PropertySchema(Type owner, string field, Type propertyType)
    {
        var schema = ValueSchema(propertyType);
        if (schema["type"]?.GetValue<string>() == "array" && PatchStrategies.For(owner, field) is { } strategy)
        {
            schema["x-kubernetes-list-type"] = strategy.ListType;
            if (strategy.MapKeys is { } keys)
            {
                schema["x-kubernetes-list-map-keys"] = new JsonArray(keys.Select(k => (JsonNode)JsonValue.Create(k)).ToArray());
            }

            if (strategy.MergeKey is not null)
            {
                schema["x-kubernetes-patch-merge-key"] = strategy.MergeKey;
            }

            schema["x-kubernetes-patch-strategy"] = strategy.Strategy;
        }

        return schema;
    }

    /// <summary>The schema of a value of a CLR type: a scalar, an array, a map or a reference to a component.</summary>
    public JsonObject ValueSchema(Type type)
    {
        var t = ModelShape.Unwrap(type);
        if (t == typeof(string))
        {
            return new JsonObject { ["type"] = "string" };
        }

        if (t == typeof(bool))
        {
            return new JsonObject { ["type"] = "boolean" };
        }

        if (t == typeof(int) || t == typeof(short) || t == typeof(byte))
        {
            return new JsonObject { ["type"] = "integer", ["format"] = "int32" };
        }

        if (t == typeof(long))
        {
            return new JsonObject { ["type"] = "integer", ["format"] = "int64" };
        }

        if (t == typeof(double) || t == typeof(float) || t == typeof(decimal))
        {
            return new JsonObject { ["type"] = "number", ["format"] = "double" };
        }

        if (t == typeof(DateTime) || t == typeof(DateTimeOffset))
        {
            return new JsonObject { ["type"] = "string", ["format"] = "date-time" };
        }

        if (t == typeof(byte[]))
        {
            return new JsonObject { ["type"] = "string", ["format"] = "byte" };
        }

        if (t.IsEnum)
        {
            return new JsonObject { ["type"] = "string" };
        }

        if (ModelShape.IsFreeForm(t))
        {
            return new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true };
        }

        if (ModelShape.ListElement(t) is { } element)
        {
            return new JsonObject { ["type"] = "array", ["items"] = ValueSchema(element) };
        }

        if (ModelShape.MapValue(t) is { } value)
        {
            return new JsonObject { ["type"] = "object", ["additionalProperties"] = ValueSchema(value) };
        }

        return RefTo(t);
    }
}
