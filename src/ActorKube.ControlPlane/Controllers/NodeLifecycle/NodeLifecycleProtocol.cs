using Akka.Actor;
using ActorKube.Client;

namespace ActorKube.ControlPlane.Controllers.NodeLifecycle;

/// <summary>Timer: one node-monitor pass over every node (every node-monitor-period).</summary>
public sealed record MonitorNodes : INoSerializationVerificationNeeded
{
    public static readonly MonitorNodes Instance = new();
}

/// <summary>Timer: delete the pods whose toleration time is over.</summary>
public sealed record ProcessTaintEvictions : INoSerializationVerificationNeeded
{
    public static readonly ProcessTaintEvictions Instance = new();
}

/// <summary>Tag of the controller's requests, to tell their replies apart.</summary>
public sealed record NodeLifecycleRequestTag(string Operation, string Key) : IWireTag;
