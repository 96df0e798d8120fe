using k8s.Models;
using ActorKube.Core.Objects;

namespace ActorKube.Core.Api;

/// <summary>Kubernetes <c>Status</c> failures with the reason and code the real apiserver uses.</summary>
public static class StatusErrors
{
    public static V1Status Make(int code, string reason, string message, V1StatusDetails? details = null) => new()
    {
        ApiVersion = "v1",
        Kind = "Status",
        Metadata = new V1ListMeta(),
        Status = "Failure",
        Code = code,
        Reason = reason,
        Message = message,
        Details = details,
    };

    private static V1StatusDetails Details(ResourceInfo r, string? name) => new() { Group = r.Group, Kind = r.Plural, Name = name };

    public static V1Status BadRequest(string message) => Make(400, "BadRequest", message);

    public static V1Status Unauthorized(string message = "Unauthorized") => Make(401, "Unauthorized", message);

    public static V1Status Forbidden(ResourceInfo r, string? name, string message) =>
        Make(403, "Forbidden", $"{r.GroupResource} \"{name}\" is forbidden: {message}", Details(r, name));

    public static V1Status NotFound(ResourceInfo r, string name) =>
        Make(404, "NotFound", $"{r.GroupResource} \"{name}\" not found", Details(r, name));

    public static V1Status NotFoundKind(string what) => Make(404, "NotFound", what);

    public static V1Status MethodNotSupported(ResourceInfo r, string action) =>
        Make(405, "MethodNotAllowed", $"{action} is not supported on resources of kind \"{r.GroupResource}\"", Details(r, null));

    public static V1Status AlreadyExists(ResourceInfo r, string name) =>
        Make(409, "AlreadyExists", $"{r.GroupResource} \"{name}\" already exists", Details(r, name));

    public static V1Status Conflict(ResourceInfo r, string name, string why) =>
        Make(409, "Conflict", $"Operation cannot be fulfilled on {r.GroupResource} \"{name}\": {why}", Details(r, name));

    public static V1Status StaleResourceVersion(ResourceInfo r, string name) =>
        Conflict(r, name, "the object has been modified; please apply your changes to the latest version and try again");

    public static V1Status Gone(string message) => Make(410, "Expired", message);

    public static V1Status Invalid(ResourceInfo r, string name, IReadOnlyList<FieldError> errors)
    {
        // NewInvalid names the kind (kubectl prints "The Deployment \"web\" is invalid"), the others the resource.
        var details = new V1StatusDetails { Group = r.Group, Kind = r.Kind, Name = name };
        details.Causes = errors.Select(e => new V1StatusCause { Field = e.Field, Message = e.Message, Reason = e.Type }).ToList();
        var summary = string.Join(", ", errors.Select(e => e.ToString()));
        var listed = errors.Count == 1 ? summary : $"[{summary}]";
        return Make(422, "Invalid", $"{r.Kind} \"{name}\" is invalid: {listed}", details);
    }

    public static V1Status TooManyRequests(string message) => Make(429, "TooManyRequests", message);

    public static V1Status UnsupportedMediaType(string message) => Make(415, "UnsupportedMediaType", message);

    public static V1Status RequestEntityTooLarge(string message) => Make(413, "RequestEntityTooLarge", message);

    public static V1Status Internal(string message) => Make(500, "InternalError", $"Internal error occurred: {message}");

    public static V1Status ServiceUnavailable(string message) => Make(503, "ServiceUnavailable", message);

    public static V1Status Timeout(string message) => Make(504, "Timeout", message);

    public static V1Status Success() => new() { ApiVersion = "v1", Kind = "Status", Metadata = new V1ListMeta(), Status = "Success" };
}

/// <summary>One field validation error, printed as Kubernetes does: <c>metadata.name: Invalid value: "X": ...</c>.</summary>
public sealed record FieldError(string Field, string Type, string Message, string? BadValue = null)
{
    public static FieldError Required(string field, string detail = "") => new(field, "FieldValueRequired", detail.Length == 0 ? "Required value" : $"Required value: {detail}");

    public static FieldError InvalidValue(string field, string? value, string detail) => new(field, "FieldValueInvalid", $"Invalid value: \"{value}\": {detail}", value);

    public static FieldError Forbidden(string field, string detail) => new(field, "FieldValueForbidden", $"Forbidden: {detail}");

    public static FieldError NotSupported(string field, string? value, IEnumerable<string> supported) =>
        new(field, "FieldValueNotSupported", $"Unsupported value: \"{value}\": supported values: {string.Join(", ", supported.Select(s => $"\"{s}\""))}", value);

    public static FieldError Immutable(string field) => new(field, "FieldValueInvalid", "Invalid value: field is immutable");

    /// <summary>ValidateImmutableField: <c>Invalid value: "new": field is immutable</c> (value printed as Go's %#v).</summary>
    public static FieldError Immutable(string field, string printedValue) => new(field, "FieldValueInvalid", $"Invalid value: {printedValue}: field is immutable", printedValue);

    /// <summary>Invalid with a value already printed as Kubernetes prints it (numbers bare, strings quoted, maps as Go).</summary>
    public static FieldError InvalidPrinted(string field, string printedValue, string detail) =>
        new(field, "FieldValueInvalid", $"Invalid value: {printedValue}: {detail}", printedValue);

    public static FieldError InvalidNumber(string field, long value, string detail) =>
        InvalidPrinted(field, value.ToString(System.Globalization.CultureInfo.InvariantCulture), detail);

    public static FieldError Duplicate(string field, string? value) => new(field, "FieldValueDuplicate", $"Duplicate value: \"{value}\"", value);

    public static FieldError NotFound(string field, string? value) => new(field, "FieldValueNotFound", $"Not found: \"{value}\"", value);

    public static FieldError TooLong(string field, int max) => new(field, "FieldValueTooLong", $"Too long: may not be more than {max} bytes");

    public override string ToString() => $"{Field}: {Message}";
}
