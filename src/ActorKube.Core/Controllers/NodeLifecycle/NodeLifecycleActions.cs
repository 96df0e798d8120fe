namespace ActorKube.Core.Controllers.NodeLifecycle;

/// <summary>What one node-monitor pass decided; the actor turns each into an apiserver request.</summary>
public abstract record NodeLifecycleAction;

/// <summary>PUT nodes/{name}/status with these conditions (resourceVersion of the cached node: a stale one is a 409).</summary>
public sealed record UpdateNodeStatusAction(V1Node Node) : NodeLifecycleAction;

/// <summary>PUT nodes/{name} with these taints (the node controller's NoExecute taints added, swapped or removed).</summary>
public sealed record UpdateNodeTaintsAction(V1Node Node, string Description) : NodeLifecycleAction;

/// <summary>PUT pods/{name}/status with the Ready condition set to False.</summary>
public sealed record UpdatePodStatusAction(V1Pod Pod) : NodeLifecycleAction;

/// <summary>An Event on the involved object (node or pod).</summary>
public sealed record RecordEventAction(IKubernetesObject<V1ObjectMeta> Involved, string Type, string Reason, string Message) : NodeLifecycleAction;
