using ActorKube.Core.Printing;
using static ActorKube.Core.Tests.Printing.PrintingFixtures;

namespace ActorKube.Core.Tests.Printing;

public class NodePrinterTests
{
    private static V1Node Node(string? ready, bool unschedulable = false, Dictionary<string, string>? labels = null)
    {
        var meta = Meta("node-1", 60 * 24 * 3, ns: null);
        meta.Labels = labels ?? [];
        return new V1Node
        {
            Metadata = meta,
            Spec = new V1NodeSpec { Unschedulable = unschedulable },
            Status = new V1NodeStatus
            {
                Conditions = ready is null ? [] :
                [
                    new V1NodeCondition { Type = "MemoryPressure", Status = "False" },
                    new V1NodeCondition { Type = "Ready", Status = ready },
                ],
                NodeInfo = new V1NodeSystemInfo { KubeletVersion = "v1.32.0", OsImage = "ActorKube", KernelVersion = "6.1.0", ContainerRuntimeVersion = "actorkube://1.0" },
                Addresses = [new V1NodeAddress { Type = "Hostname", Address = "node-1" }, new V1NodeAddress { Type = "InternalIP", Address = "172.18.0.3" }],
            },
        };
    }

    [Theory]
    [InlineData("True", false, "Ready")]
    [InlineData("False", false, "NotReady")]
    [InlineData("Unknown", false, "NotReady")]
    [InlineData(null, false, "Unknown")]
    [InlineData("True", true, "Ready,SchedulingDisabled")]
    [InlineData("Unknown", true, "NotReady,SchedulingDisabled")]
    [InlineData(null, true, "Unknown,SchedulingDisabled")]
    public void Status_from_the_ready_condition_and_cordon(string? ready, bool unschedulable, string expected) =>
        Assert.Equal(expected, NodePrinter.Cells(Node(ready, unschedulable), Now)[1]);

    [Theory]
    [InlineData("", "<none>")]
    [InlineData("node-role.kubernetes.io/control-plane=", "control-plane")]
    [InlineData("node-role.kubernetes.io/worker=,node-role.kubernetes.io/control-plane=", "control-plane,worker")]
    [InlineData("kubernetes.io/role=master", "master")]
    [InlineData("kubernetes.io/role=", "<none>")]
    [InlineData("node-role.kubernetes.io/=x", "<none>")]
    [InlineData("node-role.kubernetes.io/infra=true,kubernetes.io/role=infra,app=x", "infra")]
    public void Roles_from_labels(string labels, string expected)
    {
        var map = labels.Length == 0 ? [] : labels.Split(',').Select(l => l.Split('=')).ToDictionary(p => p[0], p => p[1]);
        Assert.Equal(expected, NodePrinter.Cells(Node("True", labels: map), Now)[2]);
    }

    [Fact]
    public void Cells_include_version_and_wide_system_info()
    {
        Assert.Equal(
            new object[] { "node-1", "Ready", "<none>", "3d", "v1.32.0", "172.18.0.3", "<none>", "ActorKube", "6.1.0", "actorkube://1.0" },
            NodePrinter.Cells(Node("True"), Now));
    }

    [Fact]
    public void Missing_system_info_is_unknown_in_wide_cells()
    {
        var node = Node("True");
        node.Status.NodeInfo = null;
        node.Status.Addresses = null;

        Assert.Equal(new object[] { "", "<none>", "<none>", "<unknown>", "<unknown>", "<unknown>" }, NodePrinter.Cells(node, Now)[4..]);
    }

    [Fact]
    public void Columns_are_those_of_kube_apiserver()
    {
        Assert.Equal(
            ["Name", "Status", "Roles", "Age", "Version", "Internal-IP", "External-IP", "OS-Image", "Kernel-Version", "Container-Runtime"],
            NodePrinter.Columns.Select(c => c.Name));
        Assert.Equal([0, 0, 0, 0, 0, 1, 1, 1, 1, 1], NodePrinter.Columns.Select(c => c.Priority));
    }
}
