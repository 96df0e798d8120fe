using Akka.Actor;
using ActorKube.Core.Node;

namespace ActorKube.Node.ContainerRuntime;

// The CRI-like messages between a pod actor (or the kubelet) and its node's container runtime. Every
// request is answered to its sender; nothing blocks. They never leave the node's process.

/// <summary>Pull the container's image (per-node cache). Replies ImagePulling (only when it really
/// pulls), then ImagePulled or ImagePullFailed.</summary>
public sealed record PullImage(string Container, ContainerBehavior Behavior, string PullPolicy) : INoSerializationVerificationNeeded;

public sealed record ImagePulling(string Container, string Image) : INoSerializationVerificationNeeded;

public sealed record ImagePulled(string Container, string Image, TimeSpan Took, bool AlreadyPresent) : INoSerializationVerificationNeeded;

public sealed record ImagePullFailed(string Container, string Image, string Message) : INoSerializationVerificationNeeded;

/// <summary>Create and start a container; replies ContainerStarted after the start duration, then ContainerExited when its plan exits.</summary>
public sealed record StartContainer(string PodUid, string PodName, string ContainerId, ContainerBehavior Behavior) : INoSerializationVerificationNeeded;

public sealed record ContainerStarted(string Container, string ContainerId, DateTime StartedAt) : INoSerializationVerificationNeeded;

public sealed record ContainerExited(string Container, string ContainerId, int ExitCode, DateTime FinishedAt) : INoSerializationVerificationNeeded;

/// <summary>SIGTERM: the container exits with ExitCode after After (emulated); replies ContainerExited.</summary>
public sealed record StopContainer(string ContainerId, TimeSpan After, int ExitCode) : INoSerializationVerificationNeeded;

/// <summary>The pod is gone: kill its containers silently and forget their logs.</summary>
public sealed record RemovePodSandbox(string PodUid) : INoSerializationVerificationNeeded;

/// <summary>Replies <see cref="ActorKube.Node.Kubelet.LogsResult"/>.</summary>
public sealed record GetContainerLogs(string PodUid, string PodName, string Container, bool Previous, long? TailLines) : INoSerializationVerificationNeeded;

/// <summary>Appends a line to a running container's log (emulated HTTP access logs and the like).</summary>
public sealed record AppendContainerLog(string PodUid, string Container, string Line) : INoSerializationVerificationNeeded;

/// <summary>Told to the runtime's parent (the kubelet) when the set of images on the node changes.</summary>
public sealed record NodeImagesChanged(IReadOnlyList<V1ContainerImage> Images) : INoSerializationVerificationNeeded;
