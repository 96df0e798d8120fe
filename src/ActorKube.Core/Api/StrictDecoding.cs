using System.Text.Json;
using ActorKube.Core.Objects;

namespace ActorKube.Core.Api;

/// <summary>
/// Server-side field validation as kube-apiserver does it with sigs.k8s.io/json's strict decoder: the request
/// body is walked against the CLR type of the kind (JSON names from <c>[JsonPropertyName]</c>, case-sensitive),
/// reporting <c>unknown field "spec.template.spec.containers[0].imagePullPolicyy"</c> and
/// <c>duplicate field "spec.replicas"</c> in document order, each once, at most 100. Maps take any key (duplicate
/// keys are still reported), int-or-string, quantities and times are scalars, RawExtension-like fields take anything.
/// </summary>
/// <remarks>
/// How the HTTP layer uses it (apiserver handlers create.go, update.go, patch.go):
/// <list type="bullet">
/// <item>Read <c>fieldValidation</c> with <see cref="ParseDirective"/> (absent: Warn; an unknown value: 422 from the
/// options kind, e.g. <c>CreateOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: ...</c>).</item>
/// <item>POST/PUT bodies: <see cref="FindProblems(ReadOnlySpan{byte}, Type)"/>; Strict with problems answers
/// <see cref="DecodeError(string, string, IReadOnlyList{string})"/> (400); Warn adds <see cref="WarningHeader"/>
/// per problem (<c>Warning</c> response header) and goes on; Ignore does not look.</item>
/// <item>PATCH (merge, JSON and strategic merge patches): <see cref="FindDuplicateFields"/> of the patch body, then
/// <see cref="FindProblems(ReadOnlySpan{byte}, Type)"/> of the patched object; Strict answers
/// <see cref="PatchError"/> (422) with the patch printed as kube-apiserver prints it: for a strategic merge patch
/// <see cref="GoFormat.Value"/> of the patch body, for JSON and merge patches the patched object's JSON.</item>
/// </list>
/// </remarks>
public static class StrictDecoding
{
    /// <summary>sigs.k8s.io/json keeps at most this many strict errors.</summary>
    public const int MaxProblems = 100;

    private static readonly string[] DirectiveValues = ["", "Ignore", "Strict", "Warn"];

    /// <summary>
    /// The problems of a JSON document decoded as <paramref name="clrType"/>, as kube-apiserver words them. Empty when
    /// there are none. Throws <see cref="JsonException"/> for malformed JSON (a decode error, not a strict one).
    /// </summary>
    public static IReadOnlyList<string> FindProblems(ReadOnlySpan<byte> json, Type clrType)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        using var doc = JsonDocument.ParseValue(ref reader);
        return FindProblems(doc.RootElement, clrType);
    }

    /// <summary>The problems of an already parsed document (JsonDocument keeps duplicate properties, so they are found).</summary>
    public static IReadOnlyList<string> FindProblems(JsonElement json, Type clrType)
    {
        var problems = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        Walk(json, clrType, "", problems, seen);
        return problems;
    }

    /// <summary>
    /// Duplicate fields anywhere in a document read without a schema, as the apiserver checks a patch body
    /// (decoded strictly into <c>map[string]interface{}</c>) before applying it.
    /// </summary>
    public static IReadOnlyList<string> FindDuplicateFields(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        using var doc = JsonDocument.ParseValue(ref reader);
        var problems = new List<string>();
        Walk(doc.RootElement, null, "", problems, new HashSet<string>(StringComparer.Ordinal));
        return problems;
    }

    /// <summary>Walks <paramref name="e"/> as <paramref name="type"/>; a null type is schema-less JSON (duplicates only).</summary>
    private static void Walk(JsonElement e, Type? type, string path, List<string> problems, HashSet<string> seen)
    {
        if (type is null)
        {
            WalkUntyped(e, path, problems, seen);
            return;
        }

        var t = ModelShape.Unwrap(type);
        if (ModelShape.IsFreeForm(t) || ModelShape.IsScalar(t))
        {
            return;
        }

        if (ModelShape.ListElement(t) is { } element)
        {
            if (e.ValueKind == JsonValueKind.Array)
            {
                var i = 0;
                foreach (var item in e.EnumerateArray())
                {
                    Walk(item, element, $"{path}[{i++}]", problems, seen);
                }
            }

            return;
        }

        if (e.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        if (ModelShape.MapValue(t) is { } value)
        {
            foreach (var p in e.EnumerateObject())
            {
                var child = Join(path, p.Name);
                if (!keys.Add(p.Name))
                {
                    Add(problems, seen, $"duplicate field \"{child}\"");
                }

                Walk(p.Value, value, child, problems, seen);
            }

            return;
        }

        var properties = ModelShape.Properties(t);
        foreach (var p in e.EnumerateObject())
        {
            var child = Join(path, p.Name);
            if (properties.TryGetValue(p.Name, out var property))
            {
                if (!keys.Add(p.Name))
                {
                    Add(problems, seen, $"duplicate field \"{child}\"");
                }

                Walk(p.Value, property.PropertyType, child, problems, seen);
            }
            else
            {
                Add(problems, seen, $"unknown field \"{child}\"");
            }
        }
    }

    private static void WalkUntyped(JsonElement e, string path, List<string> problems, HashSet<string> seen)
    {
        if (e.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in e.EnumerateArray())
            {
                WalkUntyped(item, $"{path}[{i++}]", problems, seen);
            }
        }
        else if (e.ValueKind == JsonValueKind.Object)
        {
            var keys = new HashSet<string>(StringComparer.Ordinal);
            foreach (var p in e.EnumerateObject())
            {
                var child = Join(path, p.Name);
                if (!keys.Add(p.Name))
                {
                    Add(problems, seen, $"duplicate field \"{child}\"");
                }

                WalkUntyped(p.Value, child, problems, seen);
            }
        }
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static void Add(List<string> problems, HashSet<string> seen, string problem)
    {
        if (problems.Count < MaxProblems && seen.Add(problem))
        {
            problems.Add(problem);
        }
    }

    /// <summary>runtime.StrictDecodingError's text: <c>strict decoding error: unknown field "spec.foo", duplicate field "x"</c>.</summary>
    public static string Message(IReadOnlyList<string> problems) => $"strict decoding error: {string.Join(", ", problems)}";

    /// <summary>
    /// The 400 of a create or update body with strict problems (apiserver's transformDecodeError):
    /// <c>Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.foo"</c>.
    /// </summary>
    public static V1Status DecodeError(string kind, string version, IReadOnlyList<string> problems) =>
        StatusErrors.BadRequest($"{kind} in version \"{version}\" cannot be handled as a {kind}: {Message(problems)}");

    /// <summary>The 400 of a body of resource <paramref name="r"/>.</summary>
    public static V1Status DecodeError(ResourceInfo r, IReadOnlyList<string> problems) => DecodeError(r.Kind, r.Version, problems);

    /// <summary>
    /// The 422 of a patch whose result has strict problems (apiserver patch.go): no kind or name,
    /// one cause on field <c>patch</c>; the message reads
    /// <c> "" is invalid: patch: Invalid value: "map[spec:map[foo:1]]": strict decoding error: unknown field "spec.foo"</c>
    /// (kubectl prints it as "The request is invalid: ...").
    /// </summary>
    /// <param name="invalidValue">The patch as the apiserver prints it (see the remarks of <see cref="StrictDecoding"/>).</param>
    public static V1Status PatchError(string invalidValue, IReadOnlyList<string> problems)
    {
        var causeMessage = $"Invalid value: {GoFormat.Quote(invalidValue)}: {Message(problems)}";
        return StatusErrors.Make(422, "Invalid", $" \"\" is invalid: patch: {causeMessage}", new V1StatusDetails
        {
            Causes = [new V1StatusCause { Reason = "FieldValueInvalid", Message = causeMessage, Field = "patch" }],
        });
    }

    /// <summary>A <c>Warning</c> response header value for one problem: <c>299 - "unknown field \"spec.foo\""</c>.</summary>
    public static string WarningHeader(string problem) => $"299 - {GoFormat.Quote(problem)}";

    /// <summary>
    /// The directive of a <c>fieldValidation</c> query value: absent or empty is Warn (the apiserver's default).
    /// Any other value than Ignore, Warn and Strict (case-sensitive) throws a 422 naming
    /// <paramref name="optionsKind"/> ("CreateOptions", "UpdateOptions", "PatchOptions"), as ValidateFieldValidation.
    /// </summary>
    public static FieldValidation ParseDirective(string? value, string optionsKind) => value switch
    {
        null or "" or "Warn" => FieldValidation.Warn,
        "Ignore" => FieldValidation.Ignore,
        "Strict" => FieldValidation.Strict,
        _ => throw new ApiException(InvalidOptions(optionsKind, FieldError.NotSupported("fieldValidation", value, DirectiveValues))),
    };

    private static V1Status InvalidOptions(string optionsKind, FieldError error) =>
        StatusErrors.Make(422, "Invalid", $"{optionsKind}.meta.k8s.io \"\" is invalid: {error}", new V1StatusDetails
        {
            Group = "meta.k8s.io",
            Kind = optionsKind,
            Causes = [new V1StatusCause { Reason = error.Type, Message = error.Message, Field = error.Field }],
        });
}
