using Akka.Actor;

namespace ActorKube.Node.Kubelet;

// Messages of the kubelet actor (one per emulated node) from the node provisioner, fault injection and
// the apiserver's log proxy (these cross processes: ActorKubeSerializer), and between the kubelet and its
// children (these never leave the node's process: INoSerializationVerificationNeeded).

/// <summary>The machine loses power: every container stops, the kubelet goes silent (no lease, no status).</summary>
public sealed record PowerOff
{
    public static readonly PowerOff Instance = new();
}

/// <summary>The machine boots again: re-registers the Node, renews its Lease, restarts the pods bound to it.</summary>
public sealed record PowerOn
{
    public static readonly PowerOn Instance = new();
}

/// <summary>
/// The network between the node and the control plane is cut: the node keeps running its pods, but nothing
/// it sends reaches the apiserver (no lease, no status, no events) and it takes nothing from it.
/// </summary>
public sealed record Partition
{
    public static readonly Partition Instance = new();
}

/// <summary>The network is back: the kubelet re-lists its pods (stopping those deleted meanwhile) and reports again.</summary>
public sealed record Heal
{
    public static readonly Heal Instance = new();
}

/// <summary>kubectl logs, proxied by the apiserver. Replies <see cref="LogsResult"/>.</summary>
public sealed record GetPodLogs(string Namespace, string Pod, string? Container = null, long? TailLines = null, bool Previous = false);

/// <summary>The kubelet's own log (kubectl get --raw /api/v1/nodes/x/proxy/logs/...). Replies <see cref="LogsResult"/>.</summary>
public sealed record GetNodeLogs(long? TailLines = null);

/// <summary>Log text, or a Kubernetes Status when there is none.</summary>
public sealed record LogsResult(string? Text, V1Status? Error)
{
    public bool IsSuccess => Error is null;
}

/// <summary>Pod actor -> status manager: the latest status of a pod; with DeleteAfter the pod object is
/// deleted (grace period 0, uid precondition) once this status is written. WriteStatus false: only delete.</summary>
public sealed record PodStatusUpdate(V1Pod Pod, bool DeleteAfter, bool WriteStatus = true) : INoSerializationVerificationNeeded;

/// <summary>Pod actor -> kubelet: the pod's sandbox is gone; its IP can be reused.</summary>
public sealed record PodSandboxReleased(string Key, string Uid) : INoSerializationVerificationNeeded;

/// <summary>Kubelet -> pod actor: a newer version of the pod object (from the watch).</summary>
public sealed record PodUpdated(V1Pod Pod) : INoSerializationVerificationNeeded;

/// <summary>Kubelet -> pod actor: the pod object is gone from the apiserver: clean up and stop.</summary>
public sealed record PodRemoved : INoSerializationVerificationNeeded
{
    public static readonly PodRemoved Instance = new();
}
