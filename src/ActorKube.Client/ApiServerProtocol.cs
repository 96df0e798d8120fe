using k8s.Models;
using ActorKube.Core.Api;
using ActorKube.Core.Objects;

namespace ActorKube.Client;

// The messages of the apiserver actor: the one entry to the cluster state, as kube-apiserver is.
// Every request is answered to its sender with an ApiResponse (or ApiListResponse); a failure is an
// ApiResponse whose Error is a Kubernetes Status. Tag is echoed back so a component can match replies
// without Ask. TraceId defaults to the object's trace annotation.

/// <summary>Common options of every request.</summary>
public abstract record ApiRequest
{
    /// <summary>Anything the caller wants back in the reply to match it.</summary>
    public object? Tag { get; init; }

    /// <summary>Trace id for the message-flow log; the apiserver stamps it on objects it creates.</summary>
    public string? TraceId { get; init; }

    /// <summary>dryRun=All: validate and answer, but store nothing.</summary>
    public bool DryRun { get; init; }

    public string? FieldManager { get; init; }

    /// <summary>
    /// fieldValidation of a PATCH, checked on the patched object (the HTTP layer checks create and update
    /// bodies itself). Components inside the cluster send typed objects and leave it at Ignore.
    /// </summary>
    public FieldValidation FieldValidation { get; init; } = FieldValidation.Ignore;

    /// <summary>Component name for the message-flow log ("kube-scheduler"); defaults to the sender's actor name.</summary>
    public string? From { get; init; }
}

public sealed record CreateObject(IKubernetesObject<V1ObjectMeta> Object) : ApiRequest
{
    /// <summary>
    /// The sender made Object for this request and keeps no reference to it, so the apiserver may default and store
    /// it as it is instead of a copy. In one process a copy of every Event would otherwise be the only use of the
    /// object the recorder built. Not on the wire: a message from another process keeps the default (a copy).
    /// </summary>
    public bool HandsOver { get; init; }
}

public sealed record GetObject(ResourceInfo Resource, string? Namespace, string Name, string? Subresource = null) : ApiRequest;

/// <summary>List; LabelSelector and FieldSelector use the Kubernetes string syntax. Limit 0 means all.</summary>
public sealed record ListObjects(
    ResourceInfo Resource,
    string? Namespace = null,
    string? LabelSelector = null,
    string? FieldSelector = null,
    long Limit = 0,
    string? Continue = null) : ApiRequest;

/// <summary>PUT. Subresource "status" changes only status; "scale" takes a V1Scale. An empty
/// resourceVersion is an unconditional update; a stale one is a 409 Conflict.</summary>
public sealed record UpdateObject(IKubernetesObject<V1ObjectMeta> Object, string? Subresource = null, ResourceInfo? Resource = null) : ApiRequest;

public enum PatchType
{
    /// <summary>application/merge-patch+json (RFC 7386).</summary>
    Merge,

    /// <summary>application/strategic-merge-patch+json.</summary>
    StrategicMerge,

    /// <summary>application/json-patch+json (RFC 6902).</summary>
    Json,

    /// <summary>application/apply-patch+yaml: server-side apply as create-or-merge.</summary>
    Apply,
}

public sealed record PatchObject(ResourceInfo Resource, string? Namespace, string Name, PatchType Type, string Patch, string? Subresource = null) : ApiRequest;

/// <summary>DELETE with DeleteOptions (gracePeriodSeconds, propagationPolicy, preconditions).</summary>
public sealed record DeleteObject(ResourceInfo Resource, string? Namespace, string Name, V1DeleteOptions? Options = null) : ApiRequest;

/// <summary>POST pods/{name}/binding: the scheduler's decision.</summary>
public sealed record BindPod(string Namespace, string PodName, string NodeName, string? PodUid = null) : ApiRequest;

/// <summary>POST pods/{name}/eviction.</summary>
public sealed record EvictPod(string Namespace, string PodName, V1DeleteOptions? Options = null) : ApiRequest;

/// <summary>
/// Starts a watch for the sender. ResourceVersion null or "0" starts from now (no replay); a number
/// replays every change after it, or ends at once with a 410 Gone if it is compacted. Events arrive
/// as <see cref="WatchEvents"/> carrying the Tag, until <see cref="CancelWatch"/> or a <see cref="WatchEnded"/>.
/// </summary>
public sealed record StartWatch(
    ResourceInfo Resource,
    string? Namespace = null,
    string? LabelSelector = null,
    string? FieldSelector = null,
    string? ResourceVersion = null,
    bool AllowBookmarks = true) : ApiRequest;

public sealed record CancelWatch(object? WatchTag);

// ---- replies ----

/// <summary>Reply to create/get/update/patch/delete/bind/evict: the object, or a failure Status.</summary>
public sealed record ApiResponse(object? Tag, IKubernetesObject<V1ObjectMeta>? Object, V1Status? Error)
{
    /// <summary>Warnings for the client (fieldValidation=Warn), sent as HTTP Warning headers.</summary>
    public IReadOnlyList<string>? Warnings { get; init; }

    /// <summary>The request created the object: a create, or a server-side apply of one that did not exist (HTTP 201).</summary>
    public bool Created { get; init; }

    public bool IsSuccess => Error is null;

    public int Code => Error?.Code ?? 200;

    public static ApiResponse Ok(object? tag, IKubernetesObject<V1ObjectMeta>? obj) => new(tag, obj, null);

    public static ApiResponse Fail(object? tag, V1Status status) => new(tag, null, status);
}

/// <summary>Reply to a list: the items (shared references: do not change them), the list's resourceVersion, and a continue token.</summary>
public sealed record ApiListResponse(
    object? Tag,
    ResourceInfo Resource,
    IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Items,
    long ResourceVersion,
    string? Continue,
    V1Status? Error = null)
{
    public bool IsSuccess => Error is null;
}

public enum WatchEventType
{
    Added,
    Modified,
    Deleted,
    Bookmark,
}

/// <summary>One watch event; Object is shared: copy before changing. For Bookmark only the resourceVersion counts.</summary>
public readonly record struct WatchEvent(WatchEventType Type, IKubernetesObject<V1ObjectMeta>? Object, long ResourceVersion);

/// <summary>Watch events for one watcher, in resourceVersion order (one message per etcd batch).</summary>
public sealed record WatchEvents(object? Tag, IReadOnlyList<WatchEvent> Events);

/// <summary>The watch has ended; with a 410 Status the watcher must re-list.</summary>
public sealed record WatchEnded(object? Tag, V1Status? Error);
