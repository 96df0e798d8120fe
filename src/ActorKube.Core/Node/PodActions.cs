namespace ActorKube.Core.Node;

/// <summary>What the pod lifecycle asks its actor to do (the actor turns these into messages and timers).</summary>
public abstract record PodAction;

/// <summary>Ask the container runtime to pull the container's image.</summary>
public sealed record PullImageAction(ContainerBehavior Container, string PullPolicy) : PodAction;

/// <summary>Ask the runtime to create and start the container with this id.</summary>
public sealed record StartContainerAction(ContainerBehavior Container, string ContainerId) : PodAction;

/// <summary>Ask the runtime to stop the container: it exits with ExitCode after After.</summary>
public sealed record StopContainerAction(string Container, string ContainerId, TimeSpan After, int ExitCode) : PodAction;

/// <summary>Call <see cref="PodLifecycle.OnTimer"/> with Key after the emulated duration.</summary>
public sealed record ScheduleAction(string Key, TimeSpan After) : PodAction;

/// <summary>Record a core/v1 Event on the pod.</summary>
public sealed record RecordEventAction(string Type, string Reason, string Message) : PodAction;

/// <summary>Every container has stopped: the sandbox (pod IP) can be released; with Delete, the pod
/// object is deleted (grace period 0) once the final status is written.</summary>
public sealed record PodFinishedAction(bool Delete) : PodAction;
