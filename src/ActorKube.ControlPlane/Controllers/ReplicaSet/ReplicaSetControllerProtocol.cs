using ActorKube.Client;

namespace ActorKube.ControlPlane.Controllers.ReplicaSet;

// Tags of the replicaset-controller's requests to the apiserver: the replies carry them back.

/// <summary>A pod creation of one slow-start run of a ReplicaSet.</summary>
public sealed record CreatePodTag(string ReplicaSetKey, long Run) : IWireTag;

/// <summary>A pod deletion asked for by a ReplicaSet.</summary>
public sealed record DeletePodTag(string ReplicaSetKey, string PodKey, string PodName) : IWireTag;

/// <summary>An adoption or release of a pod (ownerReferences update).</summary>
public sealed record ClaimPodTag(string ReplicaSetKey) : IWireTag;

/// <summary>A PUT replicasets/status.</summary>
public sealed record ReplicaSetStatusTag(string ReplicaSetKey) : IWireTag;
