using ActorKube.Core.Objects;
using ActorKube.Core.Objects.Chaos;
using ActorKube.Core.Printing;
using static ActorKube.Core.Tests.Printing.PrintingFixtures;

namespace ActorKube.Core.Tests.Printing;

public class FaultPrinterTests
{
    [Fact]
    public void Node_fault_shows_type_node_and_phase()
    {
        var fault = new V1alpha1Fault
        {
            Metadata = Meta("stop-node-2", ns: null),
            Spec = new V1alpha1FaultSpec { Type = FaultTypes.NodeStop, Node = "node-2", Duration = "60s" },
            Status = new V1alpha1FaultStatus { Phase = FaultPhases.Active, Message = "node node-2 powered off for 60s" },
        };

        Assert.Equal(["Name", "Type", "Target", "Phase", "Age", "Duration", "Message"], FaultPrinter.Columns.Select(c => c.Name));
        Assert.Equal([0, 0, 0, 0, 0, 1, 1], FaultPrinter.Columns.Select(c => c.Priority));
        Assert.Equal(
            new object[] { "stop-node-2", "NodeStop", "node-2", "Active", "5m", "60s", "node node-2 powered off for 60s" },
            TablePrinter.ToTable(Resources.Faults, [fault], Now).Rows[0].Cells);
    }

    [Fact]
    public void Network_fault_target_is_from_to_and_missing_values_are_none()
    {
        var fault = new V1alpha1Fault
        {
            Metadata = Meta("slow", ns: null),
            Spec = new V1alpha1FaultSpec { Type = FaultTypes.NetworkDelay, From = "worker-1", To = "control-plane", DelayMs = 200 },
        };

        Assert.Equal(new object[] { "slow", "NetworkDelay", "worker-1->control-plane", "", "5m", "<none>", "<none>" }, FaultPrinter.Cells(fault, Now));
    }
}
