using ActorKube.Core.Api;
using ActorKube.Core.Node;
using ActorKube.Core.Objects.Chaos;

namespace ActorKube.Core.Controllers.Fault;

/// <summary>
/// The fault controller's decisions, as Chaos Mesh's controllers make them for its experiment objects: pure
/// functions from a Fault and the cached Faults to the actions to take. A fault gets the lift finalizer first, so
/// that deleting it always repairs what it broke; then it is injected (the node powered off or cut off) and
/// Active; when its duration has passed it is lifted and Ended; deleting it lifts it before the finalizer goes.
/// Level-triggered: an Active fault is asserted again on every look (the provisioner's and the transports' commands
/// are idempotent), which re-injects it after a control-plane restart. Several faults of one type on one node: the
/// node is repaired only when the last of them is lifted. Network faults are each their own rule in the processes'
/// transports (several between the same processes add up), so each lifts only itself.
/// </summary>
public static class FaultReconciler
{
    /// <summary>The finalizer that holds a Fault until what it broke is repaired.</summary>
    public const string LiftFinalizer = "chaos.actorkube.io/lift";

    public static FaultPlan Reconcile(V1alpha1Fault fault, IEnumerable<V1alpha1Fault> all, DateTime now)
    {
        var phase = PhaseOf(fault);
        var type = fault.Spec?.Type;
        var hasFinalizer = fault.Metadata.Finalizers?.Contains(LiftFinalizer) == true;

        if (fault.Metadata.DeletionTimestamp is not null)
        {
            if (!hasFinalizer)
            {
                return FaultPlan.Nothing;
            }

            var actions = new List<FaultAction>();
            if (phase == FaultPhases.Active && (FaultTypes.IsNodeFault(type) || FaultTypes.IsNetworkFault(type)))
            {
                var (lift, message) = Lift(fault, all, now);
                if (lift is not null)
                {
                    actions.Add(new FaultCommandAction(lift));
                }

                actions.Add(new FaultEventAction("Normal", "Recovered", $"Fault deleted: {message}"));
            }

            actions.Add(new UpdateFaultAction(WithFinalizers(fault, fault.Metadata.Finalizers!.Where(f => f != LiftFinalizer).ToList()), $"finalizer {LiftFinalizer} removed"));
            return new FaultPlan(actions);
        }

        if (phase is FaultPhases.Ended or FaultPhases.Failed)
        {
            return FaultPlan.Nothing;
        }

        if (!FaultTypes.IsNodeFault(type) && !FaultTypes.IsNetworkFault(type))
        {
            // Validation lets no other type in.
            return FaultPlan.Nothing;
        }

        if (!hasFinalizer)
        {
            // Nothing is broken before the finalizer is stored: a Fault deleted later is always repaired.
            return new FaultPlan([new UpdateFaultAction(WithFinalizers(fault, [.. fault.Metadata.Finalizers ?? [], LiftFinalizer]), $"finalizer {LiftFinalizer} added")]);
        }

        var inject = Inject(fault);
        var duration = DurationOf(fault.Spec);
        if (phase == FaultPhases.Pending)
        {
            var message = Injected(inject) + (duration is null ? "" : $" for {fault.Spec!.Duration}");
            var status = new V1alpha1FaultStatus { Phase = FaultPhases.Active, StartedAt = ObjectDefaults.TruncateToSeconds(now), Message = message };
            return new FaultPlan(
                [new FaultCommandAction(inject), new UpdateFaultStatusAction(fault with { Status = status }), new FaultEventAction("Normal", "Injected", Capitalize(message))],
                duration);
        }

        // Active.
        var remaining = Remaining(fault, now);
        if (remaining is { } r && r <= TimeSpan.Zero)
        {
            var (lift, message) = Lift(fault, all, now);
            var actions = new List<FaultAction>();
            if (lift is not null)
            {
                actions.Add(new FaultCommandAction(lift));
            }

            var ended = $"ended after {fault.Spec!.Duration}: {message}";
            var status = (fault.Status ?? new V1alpha1FaultStatus()) with { Phase = FaultPhases.Ended, EndedAt = ObjectDefaults.TruncateToSeconds(now), Message = ended };
            actions.Add(new UpdateFaultStatusAction(fault with { Status = status }));
            actions.Add(new FaultEventAction("Normal", "Recovered", Capitalize(ended)));
            return new FaultPlan(actions);
        }

        return new FaultPlan([new FaultCommandAction(inject)], remaining);
    }

    /// <summary>
    /// A command was refused: a fault that was never injected is Failed with its reason; a lift goes on with
    /// <paramref name="remaining"/> (there is nothing to repair on a node the provisioner does not know); null: try
    /// again later (an Active fault that could not be asserted again, e.g. while the nodes restart).
    /// </summary>
    public static IReadOnlyList<FaultAction>? CommandFailed(V1alpha1Fault fault, FaultCommand command, string reason, IReadOnlyList<FaultAction> remaining)
    {
        if (command.IsLift)
        {
            return remaining;
        }

        return PhaseOf(fault) == FaultPhases.Pending ? Failed(fault, reason, "Failed") : null;
    }

    /// <summary>The phase, Pending for a fault with no status yet.</summary>
    public static string PhaseOf(V1alpha1Fault fault) => fault.Status?.Phase is { Length: > 0 } p ? p : FaultPhases.Pending;

    /// <summary>spec.duration, or null when the fault lasts until it is deleted (validation rejects bad ones).</summary>
    public static TimeSpan? DurationOf(V1alpha1FaultSpec? spec) =>
        GoDuration.TryParse(spec?.Duration, out var d) && d > TimeSpan.Zero ? d : null;

    /// <summary>Time left of an Active fault with a duration (zero or less: it is over); null without a duration or start.</summary>
    public static TimeSpan? Remaining(V1alpha1Fault fault, DateTime now) =>
        DurationOf(fault.Spec) is { } d && fault.Status?.StartedAt is { } started ? started + d - now : null;

    private static IReadOnlyList<FaultAction> Failed(V1alpha1Fault fault, string reason, string eventReason)
    {
        var status = (fault.Status ?? new V1alpha1FaultStatus()) with { Phase = FaultPhases.Failed, Message = reason };
        return [new UpdateFaultStatusAction(fault with { Status = status }), new FaultEventAction("Warning", eventReason, reason)];
    }

    /// <summary>The command that injects the fault (validation guarantees the fields of its type).</summary>
    private static FaultCommand Inject(V1alpha1Fault fault)
    {
        var spec = fault.Spec!;
        return spec.Type switch
        {
            FaultTypes.NodeStop => new NodeCommand(NodeCommandKind.PowerOff, spec.Node!),
            FaultTypes.NodePartition => new NodeCommand(NodeCommandKind.Partition, spec.Node!),
            _ => new NetworkCommand(fault.Metadata.Name, spec.From!, spec.To!, spec.DelayMs ?? 0, spec.LossPercent ?? 0),
        };
    }

    /// <summary>The command that repairs what the fault broke, or none while another fault of the same type still holds its node.</summary>
    private static (FaultCommand? Command, string Message) Lift(V1alpha1Fault fault, IEnumerable<V1alpha1Fault> all, DateTime now)
    {
        if (Inject(fault) is NetworkCommand network)
        {
            var lift = network with { Lift = true };
            return (lift, Lifted(lift));
        }

        var node = fault.Spec!.Node!;
        var stop = fault.Spec.Type == FaultTypes.NodeStop;
        var other = all
            .Where(f => f.Metadata.Name != fault.Metadata.Name && f.Spec?.Type == fault.Spec.Type && f.Spec?.Node == node &&
                        PhaseOf(f) == FaultPhases.Active && f.Metadata.DeletionTimestamp is null && !(Remaining(f, now) <= TimeSpan.Zero))
            .Select(f => f.Metadata.Name)
            .Order(StringComparer.Ordinal)
            .FirstOrDefault();
        if (other is not null)
        {
            return (null, stop
                ? $"node {node} stays powered off: fault {other} still holds it"
                : $"node {node} stays cut off: fault {other} still holds it");
        }

        return stop
            ? (new NodeCommand(NodeCommandKind.PowerOn, node), $"node {node} powered on")
            : (new NodeCommand(NodeCommandKind.Heal, node), $"node {node} reconnected to the control plane");
    }

    private static string Injected(FaultCommand command) => command switch
    {
        NodeCommand { Kind: NodeCommandKind.PowerOff } c => $"node {c.Node} powered off",
        NodeCommand c => $"node {c.Node} cut off from the control plane",
        NetworkCommand { LossPercent: > 0 } n => $"{n.LossPercent}% of the traffic from {n.From} to {n.To} dropped",
        NetworkCommand n => $"traffic from {n.From} to {n.To} delayed by {n.DelayMs}ms",
        _ => command.ToString(),
    };

    private static string Lifted(NetworkCommand n) => n.LossPercent > 0
        ? $"traffic from {n.From} to {n.To} no longer dropped"
        : $"traffic from {n.From} to {n.To} no longer delayed";

    private static V1alpha1Fault WithFinalizers(V1alpha1Fault fault, IList<string> finalizers) =>
        fault with { Metadata = fault.Metadata with { Finalizers = finalizers.Count == 0 ? null : finalizers } };

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
