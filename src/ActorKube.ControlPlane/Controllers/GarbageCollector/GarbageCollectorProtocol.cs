using Akka.Actor;
using ActorKube.Client;

namespace ActorKube.ControlPlane.Controllers.GarbageCollector;

/// <summary>Self message: work through the queue (a batch at a time, so informer messages interleave).</summary>
public sealed record ProcessGarbageQueue : INoSerializationVerificationNeeded
{
    public static readonly ProcessGarbageQueue Instance = new();
}

/// <summary>Timer: consider an object again (after a failed request's backoff).</summary>
public sealed record RetryGarbageItem(string Uid) : INoSerializationVerificationNeeded;

/// <summary>Tag of a DELETE or PUT: the object changed, and the object whose decision it was.</summary>
public sealed record GarbageRequestTag(string TargetUid, string DecisionUid) : IWireTag;

/// <summary>Tag of the GET that checks whether an owner that was not observed exists.</summary>
public sealed record VerifyOwnerTag(string OwnerUid) : IWireTag;
