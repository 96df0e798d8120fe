using ActorKube.Core.Objects.Chaos;

namespace ActorKube.Core.Controllers.Fault;

/// <summary>What the node provisioner is asked to do to a node.</summary>
public enum NodeCommandKind
{
    PowerOff,
    PowerOn,
    Partition,
    Heal,
}

/// <summary>A command that injects or lifts a fault; the actor sends it to whoever can carry it out and waits for the answer.</summary>
public abstract record FaultCommand
{
    /// <summary>True when the command repairs what a fault broke.</summary>
    public abstract bool IsLift { get; }
}

/// <summary>A command for the node provisioner; PowerOn and Heal lift a fault, the others inject one.</summary>
public sealed record NodeCommand(NodeCommandKind Kind, string Node) : FaultCommand
{
    public override bool IsLift => Kind is NodeCommandKind.PowerOn or NodeCommandKind.Heal;
}

/// <summary>
/// A command for the processes' transports: from now on, delay (<paramref name="DelayMs"/>) or drop
/// (<paramref name="LossPercent"/>) the traffic from process <paramref name="From"/> to process <paramref name="To"/>
/// on behalf of the fault named <paramref name="Fault"/>; with <paramref name="Lift"/>, stop doing so.
/// </summary>
public sealed record NetworkCommand(string Fault, string From, string To, int DelayMs, int LossPercent, bool Lift = false) : FaultCommand
{
    public override bool IsLift => Lift;
}

/// <summary>One step of a fault's reconcile; the actor runs them in order.</summary>
public abstract record FaultAction;

/// <summary>Send the command and go on with the next actions once it succeeded.</summary>
public sealed record FaultCommandAction(FaultCommand Command) : FaultAction;

/// <summary>PUT faults/{name}/status (with the cached resourceVersion: a stale one is a 409, and the key is looked at again).</summary>
public sealed record UpdateFaultStatusAction(V1alpha1Fault Fault) : FaultAction;

/// <summary>PUT faults/{name}: the lift finalizer added or removed.</summary>
public sealed record UpdateFaultAction(V1alpha1Fault Fault, string Description) : FaultAction;

/// <summary>An Event on the Fault (kubectl describe fault).</summary>
public sealed record FaultEventAction(string Type, string Reason, string Message) : FaultAction;

/// <summary>The actions of one reconcile, and when to look at the fault again (its end, for a fault with a duration).</summary>
public sealed record FaultPlan(IReadOnlyList<FaultAction> Actions, TimeSpan? RequeueAfter = null)
{
    public static readonly FaultPlan Nothing = new([]);
}
