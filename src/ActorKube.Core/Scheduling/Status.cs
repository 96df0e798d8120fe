namespace ActorKube.Core.Scheduling;

/// <summary>Status codes of the scheduling framework (framework.Code).</summary>
public enum StatusCode
{
    Success,
    Error,

    /// <summary>The node does not fit now; preemption may help.</summary>
    Unschedulable,

    /// <summary>The node cannot fit the pod whatever happens to its pods; preemption does not help.</summary>
    UnschedulableAndUnresolvable,
}

/// <summary>
/// A failed plugin result (framework.Status) with its reasons. Instances are shared and immutable
/// so that a filter pass allocates nothing: plugins return cached statuses, null meaning success.
/// </summary>
public sealed class Status
{
    public Status(StatusCode code, string plugin, params string[] reasons)
    {
        Code = code;
        Plugin = plugin;
        Reasons = reasons;
    }

    public StatusCode Code { get; }

    public string Plugin { get; }

    public IReadOnlyList<string> Reasons { get; }

    public string Message => string.Join(", ", Reasons);

    public override string ToString() => $"{Code} {Plugin}: {Message}";
}
