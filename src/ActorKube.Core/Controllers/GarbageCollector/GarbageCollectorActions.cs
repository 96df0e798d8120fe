using ActorKube.Core.Objects;

namespace ActorKube.Core.Controllers.GarbageCollector;

/// <summary>What the garbage collector decided for one object; the actor turns each into an apiserver request.</summary>
public abstract record GcAction;

/// <summary>DELETE the object with this propagationPolicy and a uid precondition.</summary>
public sealed record GcDeleteAction(ResourceInfo Resource, string? Namespace, string Name, string Uid, string PropagationPolicy) : GcAction;

/// <summary>PUT the object as changed (ownerReferences or finalizers), with the resourceVersion it was read at.</summary>
public sealed record GcUpdateAction(IKubernetesObject<V1ObjectMeta> Object, string Reason) : GcAction;

/// <summary>GET an owner that is not in the graph, to learn whether it exists (isDangling's live lookup).</summary>
public sealed record GcVerifyOwnerAction(ResourceInfo Resource, string? Namespace, string Name, string Uid) : GcAction;

/// <summary>Consider this object (a dependent of an owner deleted in the foreground).</summary>
public sealed record GcEnqueueAction(string Uid) : GcAction;
