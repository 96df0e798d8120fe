using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ActorKube.Core.Objects;

namespace ActorKube.Core.Api;

/// <summary>
/// Strategic merge patch over JSON nodes, with the patch strategies and merge keys of the built-in
/// types (the <c>patchStrategy</c>/<c>patchMergeKey</c> struct tags of k8s.io/api, <see cref="PatchStrategies"/>) and the directives
/// <c>$patch</c> (replace, delete, merge), <c>$retainKeys</c>, <c>$deleteFromPrimitiveList/&lt;field&gt;</c>
/// and <c>$setElementOrder/&lt;field&gt;</c> (accepted, ordering ignored).
/// </summary>
internal static class StrategicMerge
{
    private const string PatchDirective = "$patch";
    private const string RetainKeysDirective = "$retainKeys";
    private const string DeleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList/";
    private const string SetElementOrderPrefix = "$setElementOrder/";

    /// <summary>How a list field merges: replaced whole, merged as a set of primitives, or merged by a key.</summary>
    private readonly record struct ListStrategy(bool Merge, string? MergeKey);

    private static readonly ListStrategy Replace = new(false, null);

    /// <summary>
    /// Strategy of list field <paramref name="field"/> inside the object at <paramref name="path"/> (field names
    /// joined by '.'): the struct tags of the type found at that path (<see cref="PatchStrategies"/>), or replace.
    /// </summary>
    private static ListStrategy StrategyFor(ResourceInfo r, string path, string field) =>
        OwnerTypes.GetOrAdd((r.ClrType, path), static k => ModelShape.TypeAt(k.Root, k.Path)) is { } owner &&
        PatchStrategies.For(owner, field) is { } s
            ? new ListStrategy(true, s.MergeKey)
            : Replace;

    private static readonly ConcurrentDictionary<(Type Root, string Path), Type?> OwnerTypes = new();

    private static ApiException Bad(string message) => new(StatusErrors.BadRequest(message));

    /// <summary>Merges <paramref name="patch"/> into <paramref name="original"/> (modified in place); null means "delete this map".</summary>
    public static JsonObject? MergeMap(JsonObject original, JsonObject patch, ResourceInfo r, string path)
    {
        if (patch.TryGetPropertyValue(PatchDirective, out var directiveNode))
        {
            var directive = directiveNode is JsonValue dv && dv.TryGetValue<string>(out var ds) ? ds : Patches.JsonKind(directiveNode);
            switch (directive)
            {
                case "replace":
                    var replaced = (JsonObject)patch.DeepClone();
                    replaced.Remove(PatchDirective);
                    return StripDirectives(replaced);
                case "delete":
                    return null;
                case "merge":
                    break;
                default:
                    throw Bad($"Unknown patch type: {directive} in map: {patch.ToJsonString()}");
            }
        }

        if (patch.TryGetPropertyValue(RetainKeysDirective, out var retainNode))
        {
            if (retainNode is not JsonArray retain)
            {
                throw Bad($"invalid patch: {RetainKeysDirective} must be a list of strings, got {Patches.JsonKind(retainNode)}");
            }

            var keep = new HashSet<string>(retain.Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw Bad($"invalid patch: {RetainKeysDirective} must be a list of strings")), StringComparer.Ordinal);
            foreach (var key in patch.Select(kv => kv.Key))
            {
                if (!key.StartsWith('$') && !keep.Contains(key))
                {
                    throw Bad($"doesn't match the retainKeys list: patch content doesn't match retainKeys list: {key} is not in {RetainKeysDirective}");
                }
            }

            foreach (var key in original.Select(kv => kv.Key).ToList())
            {
                if (!keep.Contains(key))
                {
                    original.Remove(key);
                }
            }
        }

        foreach (var (key, value) in patch.ToList())
        {
            if (key is PatchDirective or RetainKeysDirective || key.StartsWith(SetElementOrderPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            if (key.StartsWith(DeleteFromPrimitiveListPrefix, StringComparison.Ordinal))
            {
                var field = key[DeleteFromPrimitiveListPrefix.Length..];
                if (value is not JsonArray toDelete)
                {
                    throw Bad($"invalid patch: {key} must be a list, got {Patches.JsonKind(value)}");
                }

                if (original[field] is JsonArray list)
                {
                    for (var i = list.Count - 1; i >= 0; i--)
                    {
                        if (toDelete.Any(d => JsonNode.DeepEquals(d, list[i])))
                        {
                            list.RemoveAt(i);
                        }
                    }
                }

                continue;
            }

            if (key.StartsWith('$'))
            {
                throw Bad($"invalid patch: unknown directive {key}");
            }

            if (value is null)
            {
                original.Remove(key);
                continue;
            }

            var childPath = path.Length == 0 ? key : $"{path}.{key}";
            original.TryGetPropertyValue(key, out var existing);
            switch (value)
            {
                case JsonObject patchObj:
                    var merged = MergeMap(existing as JsonObject ?? [], patchObj, r, childPath);
                    if (merged is null)
                    {
                        original.Remove(key);
                    }
                    else if (!ReferenceEquals(merged, existing))
                    {
                        // A new map (no original, or "$patch: replace"): detached, so it can be attached here.
                        original.Remove(key);
                        original[key] = merged;
                    }

                    break;
                case JsonArray patchList:
                    var mergedList = MergeList(existing as JsonArray ?? [], patchList, r, path, key);
                    original.Remove(key);
                    original[key] = mergedList;
                    break;
                default:
                    original.Remove(key);
                    original[key] = value.DeepClone();
                    break;
            }
        }

        return original;
    }

    private static JsonArray MergeList(JsonArray original, JsonArray patch, ResourceInfo r, string path, string field)
    {
        // A {"$patch": "replace"} element replaces the whole list with the other elements.
        if (patch.Any(IsReplaceDirective))
        {
            return new JsonArray(patch.Where(n => !IsReplaceDirective(n)).Select(n => StripDirectives(n?.DeepClone())).ToArray());
        }

        var strategy = StrategyFor(r, path, field);
        if (!strategy.Merge)
        {
            if (patch.Any(n => n is JsonObject o && o.ContainsKey(PatchDirective)))
            {
                throw Bad($"invalid patch: {PatchDirective} directive in list {field} that has no merge key");
            }

            return (JsonArray)patch.DeepClone();
        }

        var result = (JsonArray)original.DeepClone();
        if (strategy.MergeKey is null)
        {
            foreach (var item in patch)
            {
                if (item is JsonObject or JsonArray)
                {
                    throw Bad($"invalid patch: list {field} merges as a set of primitives, got {Patches.JsonKind(item)}");
                }

                if (!result.Any(e => JsonNode.DeepEquals(e, item)))
                {
                    result.Add(item?.DeepClone());
                }
            }

            return result;
        }

        var childPath = path.Length == 0 ? field : $"{path}.{field}";
        foreach (var item in patch)
        {
            if (item is not JsonObject itemObj)
            {
                throw Bad($"invalid patch: list {field} is merged by key \"{strategy.MergeKey}\", element {item?.ToJsonString() ?? "null"} is not an object");
            }

            if (!itemObj.TryGetPropertyValue(strategy.MergeKey, out var keyValue))
            {
                throw Bad($"map: {itemObj.ToJsonString()} does not contain declared merge key: {strategy.MergeKey}");
            }

            var directive = itemObj[PatchDirective] is JsonValue dv && dv.TryGetValue<string>(out var ds) ? ds : null;
            var index = -1;
            for (var i = 0; i < result.Count; i++)
            {
                if (result[i] is JsonObject existing && existing.TryGetPropertyValue(strategy.MergeKey, out var k) && JsonNode.DeepEquals(k, keyValue))
                {
                    index = i;
                    break;
                }
            }

            switch (directive)
            {
                case "delete":
                    for (var i = result.Count - 1; i >= 0; i--)
                    {
                        if (result[i] is JsonObject e && e.TryGetPropertyValue(strategy.MergeKey, out var k) && JsonNode.DeepEquals(k, keyValue))
                        {
                            result.RemoveAt(i);
                        }
                    }

                    continue;
                case "replace":
                    var replacement = (JsonObject)itemObj.DeepClone();
                    replacement.Remove(PatchDirective);
                    if (index >= 0)
                    {
                        result[index] = StripDirectives(replacement);
                    }
                    else
                    {
                        result.Add(StripDirectives(replacement));
                    }

                    continue;
                case null or "merge":
                    break;
                default:
                    throw Bad($"Unknown patch type: {directive} in map: {itemObj.ToJsonString()}");
            }

            if (index >= 0)
            {
                var target = (JsonObject)result[index]!;
                var merged = MergeMap(target, itemObj, r, childPath);
                if (merged is null)
                {
                    result.RemoveAt(index);
                }
            }
            else
            {
                var merged = MergeMap([], itemObj, r, childPath);
                if (merged is not null)
                {
                    result.Add(merged);
                }
            }
        }

        return result;
    }

    private static bool IsReplaceDirective(JsonNode? n) =>
        n is JsonObject o && o.Count == 1 && o[PatchDirective] is JsonValue v && v.TryGetValue<string>(out var s) && s == "replace";

    /// <summary>Removes directive keys from a subtree that is copied as-is.</summary>
    private static T? StripDirectives<T>(T? node) where T : JsonNode
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var key in o.Select(kv => kv.Key).ToList())
                {
                    if (key.StartsWith('$'))
                    {
                        o.Remove(key);
                    }
                    else
                    {
                        StripDirectives(o[key]);
                    }
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    StripDirectives(item);
                }

                break;
        }

        return node;
    }
}
