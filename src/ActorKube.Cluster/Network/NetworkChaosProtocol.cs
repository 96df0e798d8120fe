using ActorKube.Core.Controllers.Fault;

namespace ActorKube.Cluster.Network;

/// <summary>
/// To every process's <see cref="NetworkChaosAgent"/>: the network faults of the whole cluster now (each process
/// keeps those that concern it). The whole set every time, so a lost or late message is healed by the next one.
/// </summary>
public sealed record SetNetworkFaults(long Version, IReadOnlyList<NetworkFaultRule> Rules);

/// <summary>To the <see cref="NetworkFaultCoordinator"/>: carry out a NetworkDelay or NetworkLoss fault's command.</summary>
public sealed record NetworkCommandRequest(NetworkCommand Command, string RequestId) : Akka.Actor.INoSerializationVerificationNeeded;

/// <summary>The coordinator's answer: the rule is (or is no longer) sent to the processes, or why not.</summary>
public sealed record NetworkCommandResult(bool Succeeded, string Message, string RequestId) : Akka.Actor.INoSerializationVerificationNeeded;
