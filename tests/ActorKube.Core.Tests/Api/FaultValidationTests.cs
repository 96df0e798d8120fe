using ActorKube.Core.Api;
using ActorKube.Core.Objects;
using ActorKube.Core.Objects.Chaos;

namespace ActorKube.Core.Tests.Api;

/// <summary>Faults through the apiserver strategy: defaults, the fields each type needs (422 with field paths), update rules.</summary>
public class FaultValidationTests
{
    private static readonly DateTime Now = new(2026, 11, 27, 10, 0, 0, DateTimeKind.Utc);

    internal static V1alpha1Fault Fault(V1alpha1FaultSpec spec, string name = "stop-node-2") => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = spec,
    };

    private static V1alpha1Fault Create(V1alpha1Fault fault) =>
        (V1alpha1Fault)ApiStrategy.PrepareCreate(Resources.Faults, fault, null, Now, "trace-1");

    /// <summary>The causes of the 422, as "field: message".</summary>
    private static string[] Invalid(V1alpha1Fault fault)
    {
        var e = Assert.Throws<ApiException>(() => Create(fault));
        Assert.Equal((422, "Invalid"), (e.Code, e.Status.Reason));
        return e.Status.Details.Causes.Select(c => $"{c.Field}: {c.Message}").ToArray();
    }

    [Theory]
    [InlineData("NodeStop", null)]
    [InlineData("NodePartition", "90s")]
    [InlineData("NodeStop", "1h30m")]
    public void Node_faults_need_a_node_and_get_a_pending_status(string type, string? duration)
    {
        var created = Create(Fault(new V1alpha1FaultSpec { Type = type, Node = "node-2", Duration = duration }));

        Assert.Equal(("chaos.actorkube.io/v1alpha1", "Fault"), (created.ApiVersion, created.Kind));
        Assert.Null(created.Metadata.NamespaceProperty);
        Assert.Equal(1, created.Metadata.Generation);
        Assert.Equal(FaultPhases.Pending, created.Status!.Phase);
    }

    [Fact]
    public void A_create_does_not_take_the_status_it_is_sent()
    {
        var fault = Fault(new V1alpha1FaultSpec { Type = FaultTypes.NodeStop, Node = "node-2" });
        fault.Status = new V1alpha1FaultStatus { Phase = FaultPhases.Active, StartedAt = Now };

        var created = Create(fault);

        Assert.Equal(FaultPhases.Pending, created.Status!.Phase);
        Assert.Null(created.Status.StartedAt);
    }

    public static TheoryData<V1alpha1FaultSpec, string[]> InvalidSpecs => new()
    {
        { new V1alpha1FaultSpec(), ["spec.type: Required value: one of NodeStop, NodePartition, NetworkDelay, NetworkLoss"] },
        { new V1alpha1FaultSpec { Type = "PodKill" }, ["spec.type: Unsupported value: \"PodKill\": supported values: \"NodeStop\", \"NodePartition\", \"NetworkDelay\", \"NetworkLoss\""] },
        { new V1alpha1FaultSpec { Type = "NodeStop" }, ["spec.node: Required value: the node a NodeStop fault targets"] },
        { new V1alpha1FaultSpec { Type = "NodePartition", Node = "Node_2" }, ["spec.node: Invalid value: \"Node_2\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"] },
        {
            new V1alpha1FaultSpec { Type = "NodeStop", Node = "node-2", From = "a", DelayMs = 5 },
            ["spec.from: Forbidden: may not be set for NodeStop faults", "spec.delayMs: Forbidden: may not be set for NodeStop faults"]
        },
        {
            new V1alpha1FaultSpec { Type = "NetworkDelay" },
            ["spec.from: Required value: the process whose outgoing messages are affected", "spec.to: Required value: the process the affected messages go to", "spec.delayMs: Required value: the added latency in milliseconds"]
        },
        { new V1alpha1FaultSpec { Type = "NetworkDelay", From = "worker-1", To = "control-plane", DelayMs = 0 }, ["spec.delayMs: Invalid value: 0: must be greater than 0"] },
        {
            new V1alpha1FaultSpec { Type = "NetworkDelay", From = "worker-1", To = "control-plane", DelayMs = 60_001 },
            ["spec.delayMs: Invalid value: 60001: must be at most 60000 (a minute: longer, and the processes have long declared each other unreachable)"]
        },
        { new V1alpha1FaultSpec { Type = "NetworkLoss", From = "worker-1", To = "worker-1", LossPercent = 5 }, ["spec.to: Invalid value: \"worker-1\": must be another process than spec.from"] },
        { new V1alpha1FaultSpec { Type = "NetworkLoss", From = "worker-1", To = "control-plane", LossPercent = 101 }, ["spec.lossPercent: Invalid value: 101: must be between 1 and 100, inclusive"] },
        {
            new V1alpha1FaultSpec { Type = "NetworkLoss", From = "worker-1", To = "control-plane", Node = "node-1", LossPercent = 10, DelayMs = 3 },
            ["spec.node: Forbidden: may not be set for NetworkLoss faults", "spec.delayMs: Forbidden: may not be set for NetworkLoss faults"]
        },
        { new V1alpha1FaultSpec { Type = "NodeStop", Node = "node-2", Duration = "a minute" }, ["spec.duration: Invalid value: \"a minute\": must be a duration such as \"60s\", \"5m\" or \"1h30m\""] },
        { new V1alpha1FaultSpec { Type = "NodeStop", Node = "node-2", Duration = "0s" }, ["spec.duration: Invalid value: \"0s\": must be greater than 0"] },
    };

    [Theory]
    [MemberData(nameof(InvalidSpecs))]
    public void Invalid_specs_are_422_with_field_paths(V1alpha1FaultSpec spec, string[] causes) =>
        Assert.Equal(causes, Invalid(Fault(spec)));

    [Fact]
    public void A_fault_without_spec_is_invalid() =>
        Assert.Equal(["spec: Required value"], Invalid(new V1alpha1Fault { Metadata = new V1ObjectMeta { Name = "x" } }));

    [Fact]
    public void Network_faults_are_valid_with_from_to_and_their_amount()
    {
        Create(Fault(new V1alpha1FaultSpec { Type = FaultTypes.NetworkDelay, From = "worker-1", To = "control-plane", DelayMs = 200 }));
        Create(Fault(new V1alpha1FaultSpec { Type = FaultTypes.NetworkLoss, From = "worker-1", To = "control-plane", LossPercent = 30, Duration = "5m" }));
    }

    [Fact]
    public void The_target_is_immutable_the_duration_may_change_and_bumps_the_generation()
    {
        var stored = Create(Fault(new V1alpha1FaultSpec { Type = FaultTypes.NodeStop, Node = "node-2", Duration = "60s" }));
        stored.Metadata.ResourceVersion = "5";

        var retarget = KubeSerializer.DeepCopy(stored);
        retarget.Spec.Node = "node-3";
        retarget.Spec.Type = FaultTypes.NodePartition;
        var e = Assert.Throws<ApiException>(() => ApiStrategy.PrepareUpdate(Resources.Faults, retarget, stored, null));
        Assert.Equal(
            ["spec.type: Invalid value: \"NodePartition\": field is immutable", "spec.node: Invalid value: \"node-3\": field is immutable"],
            e.Status.Details.Causes.Select(c => $"{c.Field}: {c.Message}"));

        var longer = KubeSerializer.DeepCopy(stored);
        longer.Spec.Duration = "5m";
        var updated = (V1alpha1Fault)ApiStrategy.PrepareUpdate(Resources.Faults, longer, stored, null);
        Assert.Equal(("5m", 2L), (updated.Spec.Duration, updated.Metadata.Generation));
    }

    [Fact]
    public void Status_goes_through_the_status_subresource_only()
    {
        var stored = Create(Fault(new V1alpha1FaultSpec { Type = FaultTypes.NodeStop, Node = "node-2" }));
        stored.Metadata.ResourceVersion = "5";

        var viaMain = KubeSerializer.DeepCopy(stored);
        viaMain.Status = new V1alpha1FaultStatus { Phase = FaultPhases.Active };
        Assert.Equal(FaultPhases.Pending, ((V1alpha1Fault)ApiStrategy.PrepareUpdate(Resources.Faults, viaMain, stored, null)).Status!.Phase);

        var viaStatus = KubeSerializer.DeepCopy(stored);
        viaStatus.Spec = new V1alpha1FaultSpec { Type = FaultTypes.NodeStop, Node = "node-9" };
        viaStatus.Status = new V1alpha1FaultStatus { Phase = FaultPhases.Active, StartedAt = Now, Message = "node node-2 powered off" };
        var written = (V1alpha1Fault)ApiStrategy.PrepareUpdate(Resources.Faults, viaStatus, stored, "status");
        Assert.Equal((FaultPhases.Active, "node-2"), (written.Status!.Phase, written.Spec.Node));

        var bad = KubeSerializer.DeepCopy(stored);
        bad.Status = new V1alpha1FaultStatus { Phase = "Running" };
        var e = Assert.Throws<ApiException>(() => ApiStrategy.PrepareUpdate(Resources.Faults, bad, stored, "status"));
        Assert.Equal("status.phase", Assert.Single(e.Status.Details.Causes).Field);
    }

    [Fact]
    public void The_lift_finalizer_is_a_valid_qualified_name() =>
        Create(Fault(new V1alpha1FaultSpec { Type = FaultTypes.NodeStop, Node = "node-2" }) with
        {
            Metadata = new V1ObjectMeta { Name = "f", Finalizers = ["chaos.actorkube.io/lift"] },
        });
}
