using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ActorKube.Core.Objects;

namespace ActorKube.Core.Api;

/// <summary>
/// The three PATCH content types of the apiserver over JSON documents: JSON merge patch (RFC 7386),
/// JSON patch (RFC 6902) and strategic merge patch (k8s.io/apimachinery/pkg/util/strategicpatch).
/// A malformed patch raises a 400 ApiException; a JSON patch that does not apply (failed test,
/// missing path) raises 422, as the apiserver does.
/// </summary>
public static class Patches
{
    public const string MergePatchContentType = "application/merge-patch+json";
    public const string JsonPatchContentType = "application/json-patch+json";
    public const string StrategicMergePatchContentType = "application/strategic-merge-patch+json";
    public const string ApplyPatchContentType = "application/apply-patch+yaml";

    /// <summary>Applies a patch by its Content-Type (merge, json or strategic). Unknown types: 415.</summary>
    public static string Apply(string contentType, string currentJson, string patchJson, ResourceInfo r)
    {
        var mediaType = contentType.Split(';')[0].Trim().ToLowerInvariant();
        return mediaType switch
        {
            MergePatchContentType => ApplyMergePatch(currentJson, patchJson),
            JsonPatchContentType => ApplyJsonPatch(currentJson, patchJson),
            StrategicMergePatchContentType => ApplyStrategicMergePatch(currentJson, patchJson, r),
            _ => throw new ApiException(StatusErrors.UnsupportedMediaType(
                $"the body of the request was in an unknown format - accepted media types include: {JsonPatchContentType}, {MergePatchContentType}, {StrategicMergePatchContentType}, {ApplyPatchContentType}")),
        };
    }

    // ---- JSON merge patch (RFC 7386) ----

    public static string ApplyMergePatch(string currentJson, string patchJson)
    {
        var current = ParseDocument(currentJson, "current object");
        var patch = ParsePatch(patchJson);
        if (patch is not JsonObject)
        {
            throw new ApiException(StatusErrors.BadRequest($"json: cannot unmarshal {JsonKind(patch)} into Go value of type map[string]interface {{}}"));
        }

        return MergePatch(current, patch)?.ToJsonString() ?? "null";
    }

    /// <summary>RFC 7386 MergePatch over nodes; <paramref name="target"/> may be modified and returned.</summary>
    public static JsonNode? MergePatch(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject po)
        {
            return patch?.DeepClone();
        }

        if (target is not JsonObject to)
        {
            to = [];
        }

        foreach (var (key, value) in po)
        {
            if (value is null)
            {
                to.Remove(key);
            }
            else
            {
                var existing = to[key];
                to.Remove(key);
                to[key] = MergePatch(existing, value);
            }
        }

        return to;
    }

    // ---- JSON patch (RFC 6902) ----

    public static string ApplyJsonPatch(string currentJson, string patchJson)
    {
        var doc = ParseDocument(currentJson, "current object");
        var patch = ParsePatch(patchJson);
        if (patch is not JsonArray ops)
        {
            throw new ApiException(StatusErrors.BadRequest($"json: cannot unmarshal {JsonKind(patch)} into Go value of type jsonpatch.Patch"));
        }

        foreach (var node in ops)
        {
            if (node is not JsonObject op)
            {
                throw new ApiException(StatusErrors.BadRequest($"json: cannot unmarshal {JsonKind(node)} into Go value of type jsonpatch.Operation"));
            }

            doc = ApplyOperation(doc, op);
        }

        return doc?.ToJsonString() ?? "null";
    }

    private static ApiException NotApplicable(string message) => new(StatusErrors.Make(422, "Invalid", message));

    private static string RequiredString(JsonObject op, string name, string kind)
    {
        if (op[name] is JsonValue v && v.TryGetValue<string>(out var s))
        {
            return s;
        }

        throw new ApiException(StatusErrors.BadRequest($"{kind} operation missing or invalid \"{name}\" string"));
    }

    private static JsonNode? ApplyOperation(JsonNode? doc, JsonObject op)
    {
        var kind = op["op"] is JsonValue k && k.TryGetValue<string>(out var ks) ? ks : "";
        switch (kind)
        {
            case "add":
            {
                var path = RequiredString(op, "path", kind);
                if (!op.ContainsKey("value"))
                {
                    throw NotApplicable("add operation does not apply: missing value");
                }

                return Add(doc, path, op["value"]?.DeepClone(), kind);
            }

            case "remove":
            {
                var path = RequiredString(op, "path", kind);
                Remove(doc, path, kind);
                return doc;
            }

            case "replace":
            {
                var path = RequiredString(op, "path", kind);
                if (!op.ContainsKey("value"))
                {
                    throw NotApplicable("replace operation does not apply: missing value");
                }

                if (path.Length == 0)
                {
                    return op["value"]?.DeepClone();
                }

                if (!TryGet(doc, path, out _))
                {
                    throw NotApplicable($"replace operation does not apply: doc is missing key: {path}: missing value");
                }

                Remove(doc, path, kind);
                return Add(doc, path, op["value"]?.DeepClone(), kind);
            }

            case "move":
            {
                var from = RequiredString(op, "from", kind);
                var path = RequiredString(op, "path", kind);
                if (!TryGet(doc, from, out var value))
                {
                    throw NotApplicable($"move operation does not apply: doc is missing from path: {from}: missing value");
                }

                if (path.StartsWith(from + "/", StringComparison.Ordinal))
                {
                    throw NotApplicable($"move operation does not apply: cannot move {from} into its own child {path}");
                }

                var moved = value?.DeepClone();
                Remove(doc, from, kind);
                return Add(doc, path, moved, kind);
            }

            case "copy":
            {
                var from = RequiredString(op, "from", kind);
                var path = RequiredString(op, "path", kind);
                if (!TryGet(doc, from, out var value))
                {
                    throw NotApplicable($"copy operation does not apply: doc is missing from path: {from}: missing value");
                }

                return Add(doc, path, value?.DeepClone(), kind);
            }

            case "test":
            {
                var path = RequiredString(op, "path", kind);
                var expected = op["value"];
                var found = TryGet(doc, path, out var actual);
                if ((!found && expected is not null) || (found && !JsonNode.DeepEquals(actual, expected)))
                {
                    throw NotApplicable($"testing value {path} failed: test failed");
                }

                return doc;
            }

            default:
                throw NotApplicable($"Unexpected kind: {kind}");
        }
    }

    private static List<string> Pointer(string path)
    {
        if (path.Length == 0)
        {
            return [];
        }

        if (path[0] != '/')
        {
            throw NotApplicable($"JSON pointer must be empty or start with a \"/\": {path}");
        }

        return path[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToList();
    }

    private static bool TryIndex(string token, int count, bool allowEnd, out int index)
    {
        if (allowEnd && token == "-")
        {
            index = count;
            return true;
        }

        if (token.Length == 0 || (token.Length > 1 && token[0] == '0') || !int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out index))
        {
            index = -1;
            return false;
        }

        return allowEnd ? index <= count : index < count;
    }

    private static bool TryGet(JsonNode? doc, string path, out JsonNode? value)
    {
        value = doc;
        foreach (var token in Pointer(path))
        {
            switch (value)
            {
                case JsonObject o when o.TryGetPropertyValue(token, out var child):
                    value = child;
                    break;
                case JsonArray a when TryIndex(token, a.Count, false, out var i):
                    value = a[i];
                    break;
                default:
                    value = null;
                    return false;
            }
        }

        return true;
    }

    private static (JsonNode Parent, string Last) Parent(JsonNode? doc, string path, string kind)
    {
        var tokens = Pointer(path);
        var parentPath = "/" + string.Join("/", tokens.Take(tokens.Count - 1).Select(t => t.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)));
        if (!TryGet(doc, tokens.Count <= 1 ? "" : parentPath, out var parent) || parent is not (JsonObject or JsonArray))
        {
            throw NotApplicable($"{kind} operation does not apply: doc is missing path: \"{path}\": missing value");
        }

        return (parent, tokens[^1]);
    }

    private static JsonNode? Add(JsonNode? doc, string path, JsonNode? value, string kind)
    {
        if (path.Length == 0)
        {
            return value;
        }

        var (parent, last) = Parent(doc, path, kind);
        if (parent is JsonObject o)
        {
            o.Remove(last);
            o[last] = value;
        }
        else
        {
            var a = (JsonArray)parent;
            if (!TryIndex(last, a.Count, true, out var i))
            {
                throw NotApplicable($"Unable to access invalid index: {last}: invalid index referenced");
            }

            a.Insert(i, value);
        }

        return doc;
    }

    private static void Remove(JsonNode? doc, string path, string kind)
    {
        if (path.Length == 0)
        {
            throw NotApplicable($"{kind} operation does not apply: cannot remove the document root");
        }

        var (parent, last) = Parent(doc, path, kind);
        if (parent is JsonObject o)
        {
            if (!o.Remove(last))
            {
                throw NotApplicable($"{kind} operation does not apply: doc is missing path: \"{path}\": missing value");
            }
        }
        else
        {
            var a = (JsonArray)parent;
            if (!TryIndex(last, a.Count, false, out var i))
            {
                throw NotApplicable($"Unable to access invalid index: {last}: invalid index referenced");
            }

            a.RemoveAt(i);
        }
    }

    // ---- strategic merge patch ----

    public static string ApplyStrategicMergePatch(string currentJson, string patchJson, ResourceInfo r)
    {
        var current = ParseDocument(currentJson, "current object");
        var patch = ParsePatch(patchJson);
        if (patch is not JsonObject po)
        {
            throw new ApiException(StatusErrors.BadRequest($"json: cannot unmarshal {JsonKind(patch)} into Go value of type map[string]interface {{}}"));
        }

        var target = current as JsonObject ?? [];
        var result = StrategicMerge.MergeMap(target, po, r, "");
        return result?.ToJsonString() ?? "{}";
    }

    // ---- helpers ----

    private static JsonNode? ParseDocument(string json, string what)
    {
        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new ApiException(StatusErrors.BadRequest($"invalid JSON in {what}: {e.Message}"));
        }
    }

    private static JsonNode? ParsePatch(string json)
    {
        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new ApiException(StatusErrors.BadRequest($"error decoding patch: invalid JSON: {e.Message}"));
        }
    }

    internal static string JsonKind(JsonNode? node) => node switch
    {
        null => "null",
        JsonArray => "array",
        JsonObject => "object",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.Number => "number",
            JsonValueKind.True or JsonValueKind.False => "bool",
            _ => "value",
        },
        _ => "value",
    };
}
