using ActorKube.Core.Controllers.Fault;
using ActorKube.Core.Objects.Chaos;

namespace ActorKube.Core.Tests.Controllers.Fault;

/// <summary>The fault controller's decisions, as a table of (fault, other faults, now) to actions, as client-go controller tests assert actions.</summary>
public class FaultReconcilerTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);
    private const string Lift = FaultReconciler.LiftFinalizer;

    private static V1alpha1Fault Fault(
        string type = FaultTypes.NodeStop,
        string node = "node-2",
        string? duration = null,
        string? phase = FaultPhases.Pending,
        DateTime? startedAt = null,
        bool finalizer = true,
        bool deleting = false,
        string name = "f1") => new()
    {
        ApiVersion = "chaos.actorkube.io/v1alpha1",
        Kind = "Fault",
        Metadata = new V1ObjectMeta
        {
            Name = name,
            Uid = $"uid-{name}",
            ResourceVersion = "7",
            Finalizers = finalizer ? [Lift] : null,
            DeletionTimestamp = deleting ? T0 : null,
        },
        Spec = FaultTypes.IsNetworkFault(type)
            ? new V1alpha1FaultSpec { Type = type, From = "worker-1", To = "control-plane", DelayMs = type == FaultTypes.NetworkDelay ? 100 : null, LossPercent = type == FaultTypes.NetworkLoss ? 10 : null }
            : new V1alpha1FaultSpec { Type = type, Node = node, Duration = duration },
        Status = phase is null ? null : new V1alpha1FaultStatus { Phase = phase, StartedAt = startedAt },
    };

    /// <summary>One line per action: "PowerOff node-2", "status Active: node node-2 powered off", "finalizers []", "event Normal Injected: ...".</summary>
    private static string[] Describe(IEnumerable<FaultAction> actions) => actions.Select(a => a switch
    {
        FaultCommandAction { Command: NodeCommand c } => $"{c.Kind} {c.Node}",
        FaultCommandAction { Command: NetworkCommand n } => $"{(n.Lift ? "Lift" : "Inject")} {n.Fault}: {n.From}->{n.To} delay {n.DelayMs}ms loss {n.LossPercent}%",
        UpdateFaultStatusAction s => $"status {s.Fault.Status!.Phase}: {s.Fault.Status.Message}",
        UpdateFaultAction u => $"finalizers [{string.Join(",", u.Fault.Metadata.Finalizers ?? [])}]",
        FaultEventAction e => $"event {e.Type} {e.Reason}: {e.Message}",
        _ => a.ToString()!,
    }).ToArray();

    private static FaultPlan Reconcile(V1alpha1Fault fault, DateTime? now = null, params V1alpha1Fault[] others) =>
        FaultReconciler.Reconcile(fault, [fault, .. others], now ?? T0);

    public static TheoryData<string, V1alpha1Fault, string[]> Cases => new()
    {
        {
            "a new fault gets the lift finalizer before anything is broken",
            Fault(finalizer: false),
            ["finalizers [chaos.actorkube.io/lift]"]
        },
        {
            "a new fault without a status yet is Pending",
            Fault(phase: null, finalizer: false),
            ["finalizers [chaos.actorkube.io/lift]"]
        },
        {
            "a pending NodeStop powers the node off, then is Active",
            Fault(),
            ["PowerOff node-2", "status Active: node node-2 powered off", "event Normal Injected: Node node-2 powered off"]
        },
        {
            "a pending NodePartition with a duration cuts the node off",
            Fault(FaultTypes.NodePartition, duration: "90s"),
            ["Partition node-2", "status Active: node node-2 cut off from the control plane for 90s", "event Normal Injected: Node node-2 cut off from the control plane for 90s"]
        },
        {
            "an active fault is asserted again (idempotent), nothing written",
            Fault(phase: FaultPhases.Active, startedAt: T0.AddSeconds(-10), duration: "60s"),
            ["PowerOff node-2"]
        },
        {
            "an active fault whose duration passed is lifted and Ended",
            Fault(phase: FaultPhases.Active, startedAt: T0.AddSeconds(-60), duration: "60s"),
            ["PowerOn node-2", "status Ended: ended after 60s: node node-2 powered on", "event Normal Recovered: Ended after 60s: node node-2 powered on"]
        },
        {
            "an expired partition heals",
            Fault(FaultTypes.NodePartition, phase: FaultPhases.Active, startedAt: T0.AddMinutes(-5), duration: "2m"),
            ["Heal node-2", "status Ended: ended after 2m: node node-2 reconnected to the control plane", "event Normal Recovered: Ended after 2m: node node-2 reconnected to the control plane"]
        },
        {
            "a deleted active fault is lifted, then its finalizer removed",
            Fault(phase: FaultPhases.Active, startedAt: T0.AddSeconds(-5), deleting: true),
            ["PowerOn node-2", "event Normal Recovered: Fault deleted: node node-2 powered on", "finalizers []"]
        },
        {
            "a deleted partition heals the node before it goes",
            Fault(FaultTypes.NodePartition, phase: FaultPhases.Active, startedAt: T0.AddSeconds(-5), deleting: true),
            ["Heal node-2", "event Normal Recovered: Fault deleted: node node-2 reconnected to the control plane", "finalizers []"]
        },
        {
            "a deleted fault that had ended only loses its finalizer",
            Fault(phase: FaultPhases.Ended, deleting: true),
            ["finalizers []"]
        },
        {
            "a deleted pending fault only loses its finalizer",
            Fault(deleting: true),
            ["finalizers []"]
        },
        {
            "a deleted fault without the finalizer is none of the controller's business",
            Fault(phase: FaultPhases.Active, finalizer: false, deleting: true),
            []
        },
        {
            "an ended fault stays as it is",
            Fault(phase: FaultPhases.Ended, startedAt: T0.AddMinutes(-3), duration: "1m"),
            []
        },
        {
            "a failed fault stays as it is",
            Fault(phase: FaultPhases.Failed),
            []
        },
        {
            "a new network fault gets the lift finalizer first too",
            Fault(FaultTypes.NetworkDelay, finalizer: false),
            ["finalizers [chaos.actorkube.io/lift]"]
        },
        {
            "a pending NetworkDelay delays the traffic between the two processes, then is Active",
            Fault(FaultTypes.NetworkDelay),
            ["Inject f1: worker-1->control-plane delay 100ms loss 0%", "status Active: traffic from worker-1 to control-plane delayed by 100ms", "event Normal Injected: Traffic from worker-1 to control-plane delayed by 100ms"]
        },
        {
            "a pending NetworkLoss drops a share of it",
            Fault(FaultTypes.NetworkLoss),
            ["Inject f1: worker-1->control-plane delay 0ms loss 10%", "status Active: 10% of the traffic from worker-1 to control-plane dropped", "event Normal Injected: 10% of the traffic from worker-1 to control-plane dropped"]
        },
        {
            "an active network fault is asserted again",
            Fault(FaultTypes.NetworkLoss, phase: FaultPhases.Active, startedAt: T0.AddSeconds(-10)),
            ["Inject f1: worker-1->control-plane delay 0ms loss 10%"]
        },
        {
            "a deleted network fault lifts its own rule, then loses its finalizer",
            Fault(FaultTypes.NetworkDelay, phase: FaultPhases.Active, startedAt: T0.AddSeconds(-5), deleting: true),
            ["Lift f1: worker-1->control-plane delay 100ms loss 0%", "event Normal Recovered: Fault deleted: traffic from worker-1 to control-plane no longer delayed", "finalizers []"]
        },
        {
            "a failed network fault (an unknown process) is deleted without a lift",
            Fault(FaultTypes.NetworkDelay, phase: FaultPhases.Failed, deleting: true),
            ["finalizers []"]
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reconcile_decides(string because, V1alpha1Fault fault, string[] expected)
    {
        _ = because;
        Assert.Equal(expected, Describe(Reconcile(fault).Actions));
    }

    [Fact]
    public void Injection_starts_the_clock_and_requeues_at_the_end()
    {
        var plan = Reconcile(Fault(duration: "90s"), T0.AddMilliseconds(700));

        Assert.Equal(TimeSpan.FromSeconds(90), plan.RequeueAfter);
        var status = plan.Actions.OfType<UpdateFaultStatusAction>().Single().Fault;
        Assert.Equal(T0, status.Status!.StartedAt);
        Assert.Equal("7", status.Metadata.ResourceVersion);
        Assert.Null(Reconcile(Fault()).RequeueAfter);
    }

    [Fact]
    public void An_active_fault_is_looked_at_again_when_it_ends() =>
        Assert.Equal(TimeSpan.FromSeconds(45), Reconcile(Fault(phase: FaultPhases.Active, startedAt: T0.AddSeconds(-15), duration: "1m")).RequeueAfter);

    [Fact]
    public void The_ended_status_keeps_the_start_and_records_the_end()
    {
        var ended = Reconcile(Fault(phase: FaultPhases.Active, startedAt: T0.AddSeconds(-61), duration: "60s")).Actions.OfType<UpdateFaultStatusAction>().Single().Fault.Status!;
        Assert.Equal((T0.AddSeconds(-61), T0), (ended.StartedAt, ended.EndedAt));
    }

    [Fact]
    public void A_node_held_by_another_active_fault_of_the_same_type_is_not_repaired()
    {
        var other = Fault(phase: FaultPhases.Active, startedAt: T0.AddSeconds(-1), name: "f2");
        var partition = Fault(FaultTypes.NodePartition, phase: FaultPhases.Active, startedAt: T0.AddSeconds(-1), name: "f3");

        Assert.Equal(
            ["event Normal Recovered: Fault deleted: node node-2 stays powered off: fault f2 still holds it", "finalizers []"],
            Describe(Reconcile(Fault(phase: FaultPhases.Active, startedAt: T0.AddSeconds(-5), deleting: true), others: other).Actions));
        Assert.Equal(
            ["status Ended: ended after 1s: node node-2 stays powered off: fault f2 still holds it", "event Normal Recovered: Ended after 1s: node node-2 stays powered off: fault f2 still holds it"],
            Describe(Reconcile(Fault(phase: FaultPhases.Active, startedAt: T0.AddSeconds(-5), duration: "1s"), others: other).Actions));

        // A partition of the same node, an expired or deleted NodeStop, or one on another node: the node is powered on.
        foreach (var notHolding in new[]
                 {
                     partition,
                     Fault(phase: FaultPhases.Active, startedAt: T0.AddMinutes(-2), duration: "1m", name: "f4"),
                     Fault(phase: FaultPhases.Active, startedAt: T0.AddSeconds(-1), deleting: true, name: "f5"),
                     Fault(node: "node-3", phase: FaultPhases.Active, startedAt: T0.AddSeconds(-1), name: "f6"),
                 })
        {
            Assert.Equal("PowerOn node-2", Describe(Reconcile(Fault(phase: FaultPhases.Active, startedAt: T0.AddSeconds(-5), deleting: true), others: notHolding).Actions)[0]);
        }
    }

    [Fact]
    public void An_expired_network_fault_is_lifted_even_when_another_holds_the_same_processes()
    {
        var expired = Fault(FaultTypes.NetworkLoss, phase: FaultPhases.Active, startedAt: T0.AddSeconds(-31));
        expired.Spec!.Duration = "30s";
        var other = Fault(FaultTypes.NetworkLoss, phase: FaultPhases.Active, startedAt: T0.AddSeconds(-1), name: "f2");

        Assert.Equal(
            [
                "Lift f1: worker-1->control-plane delay 0ms loss 10%",
                "status Ended: ended after 30s: traffic from worker-1 to control-plane no longer dropped",
                "event Normal Recovered: Ended after 30s: traffic from worker-1 to control-plane no longer dropped",
            ],
            Describe(Reconcile(expired, others: other).Actions));
    }

    [Fact]
    public void A_refused_network_injection_fails_the_fault()
    {
        var fault = Fault(FaultTypes.NetworkDelay);
        var command = (NetworkCommand)((FaultCommandAction)Reconcile(fault).Actions[0]).Command;

        var next = FaultReconciler.CommandFailed(fault, command, "no process named control-plane in the cluster", []);

        Assert.Equal(["status Failed: no process named control-plane in the cluster", "event Warning Failed: no process named control-plane in the cluster"], Describe(next!));
        Assert.False(command.IsLift);
        Assert.True((command with { Lift = true }).IsLift);
    }

    [Fact]
    public void A_refused_first_injection_fails_the_fault()
    {
        var fault = Fault(node: "node-9");
        var command = new NodeCommand(NodeCommandKind.PowerOff, "node-9");

        var next = FaultReconciler.CommandFailed(fault, command, "node node-9 is not known to the provisioner", []);

        Assert.Equal(
            ["status Failed: node node-9 is not known to the provisioner", "event Warning Failed: node node-9 is not known to the provisioner"],
            Describe(next!));
    }

    [Fact]
    public void A_refused_reassertion_is_retried_and_a_refused_lift_goes_on()
    {
        var active = Fault(phase: FaultPhases.Active, startedAt: T0);
        Assert.Null(FaultReconciler.CommandFailed(active, new NodeCommand(NodeCommandKind.PowerOff, "node-2"), "not known", []));

        var deleting = Fault(FaultTypes.NodePartition, phase: FaultPhases.Active, startedAt: T0, deleting: true);
        var plan = Reconcile(deleting);
        var rest = plan.Actions.Skip(1).ToList();
        Assert.Same(rest, FaultReconciler.CommandFailed(deleting, ((FaultCommandAction)plan.Actions[0]).Command, "not known", rest));
    }

    [Fact]
    public void Finalizers_of_others_are_kept()
    {
        var fault = Fault(finalizer: false);
        fault.Metadata.Finalizers = ["example.com/keep"];
        Assert.Equal(["finalizers [example.com/keep,chaos.actorkube.io/lift]"], Describe(Reconcile(fault).Actions));

        var deleting = Fault(phase: FaultPhases.Ended, deleting: true);
        deleting.Metadata.Finalizers = ["example.com/keep", Lift];
        Assert.Equal(["finalizers [example.com/keep]"], Describe(Reconcile(deleting).Actions));
    }

    [Fact]
    public void The_cached_fault_is_not_changed()
    {
        var fault = Fault(finalizer: false);
        Reconcile(fault);
        var pending = Fault();
        Reconcile(pending);

        Assert.Null(fault.Metadata.Finalizers);
        Assert.Equal(FaultPhases.Pending, pending.Status!.Phase);
    }
}
