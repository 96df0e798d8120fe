using ActorKube.Client;

namespace ActorKube.Cluster.Faults;

/// <summary>Timer: the node provisioner did not answer a command in time (a singleton moving); the fault is looked at again.</summary>
public sealed record FaultCommandTimedOut(string RequestId) : Akka.Actor.INoSerializationVerificationNeeded;

/// <summary>Tag of the controller's writes of a Fault, to retry its key when one fails.</summary>
public sealed record FaultWriteTag(string Key) : IWireTag;
