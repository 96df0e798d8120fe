using Akka.Actor;
using ActorKube.Client;

namespace ActorKube.ControlPlane.Scheduler;

// Messages of kube-scheduler. The scheduler talks to the cluster only through the apiserver
// (BindPod, UpdateObject status, Events); these are its own timer/self messages and a status query.

/// <summary>Self message: schedule up to batch-size pods from activeQ, then send another if pods remain.</summary>
public sealed record ScheduleNext : INoSerializationVerificationNeeded
{
    public static readonly ScheduleNext Instance = new();
}

/// <summary>Timer (every second): move pods whose backoff expired to activeQ.</summary>
public sealed record FlushBackoffQ : INoSerializationVerificationNeeded
{
    public static readonly FlushBackoffQ Instance = new();
}

/// <summary>Timer (every 30 s): retry pods unschedulable for longer than pod-max-in-unschedulable-pods-duration.</summary>
public sealed record FlushUnschedulablePods : INoSerializationVerificationNeeded
{
    public static readonly FlushUnschedulablePods Instance = new();
}

/// <summary>Asks for the queue and cache sizes; answered with <see cref="SchedulerStatus"/>.</summary>
public sealed record GetSchedulerStatus
{
    public static readonly GetSchedulerStatus Instance = new();
}

public sealed record SchedulerStatus(bool Synced, int Nodes, int Active, int Backoff, int Unschedulable, int Assumed, int BindsInFlight, long Scheduled, long Attempts);

/// <summary>Tag of the PodScheduled=False status updates the scheduler sends; their replies are ignored.</summary>
public sealed record PodConditionTag(string PodKey) : IWireTag;
