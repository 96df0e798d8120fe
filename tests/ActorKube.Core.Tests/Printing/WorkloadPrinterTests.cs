using ActorKube.Core.Printing;
using static ActorKube.Core.Tests.Printing.PrintingFixtures;

namespace ActorKube.Core.Tests.Printing;

public class WorkloadPrinterTests
{
    [Fact]
    public void Deployment_ready_up_to_date_available_and_wide_cells()
    {
        var d = new V1Deployment
        {
            Metadata = Meta("web"),
            Spec = new V1DeploymentSpec { Replicas = 3, Selector = Selector(), Template = Template("nginx:1.27", "envoy:1.30") },
            Status = new V1DeploymentStatus { ReadyReplicas = 2, UpdatedReplicas = 3, AvailableReplicas = 2 },
        };

        Assert.Equal(
            new object[] { "web", "2/3", 3L, 2L, "5m", "web,side1", "nginx:1.27,envoy:1.30", "app=web" },
            DeploymentPrinter.Cells(d, Now));
        Assert.Equal(["Name", "Ready", "Up-to-date", "Available", "Age", "Containers", "Images", "Selector"], DeploymentPrinter.Columns.Select(c => c.Name));
        Assert.Equal([0, 0, 0, 0, 0, 1, 1, 1], DeploymentPrinter.Columns.Select(c => c.Priority));
    }

    [Fact]
    public void New_deployment_without_status_counts_zero()
    {
        var d = new V1Deployment { Metadata = Meta("web"), Spec = new V1DeploymentSpec { Replicas = 2, Selector = Selector(), Template = Template("nginx") } };
        Assert.Equal(new object[] { "web", "0/2", 0L, 0L }, DeploymentPrinter.Cells(d, Now)[..4]);
    }

    [Theory]
    [InlineData("In", "app=web,tier in (back,front)")]
    [InlineData("Exists", "app=web,tier")]
    [InlineData("DoesNotExist", "app=web,!tier")]
    [InlineData("Bogus", "<invalid>")]
    public void Deployment_selector_as_the_selector_string(string op, string expected)
    {
        var selector = Selector();
        selector.MatchExpressions = [new V1LabelSelectorRequirement { Key = "tier", OperatorProperty = op, Values = op is "In" or "Bogus" ? ["front", "back"] : null }];
        var d = new V1Deployment { Metadata = Meta("web"), Spec = new V1DeploymentSpec { Replicas = 1, Selector = selector, Template = Template("nginx") } };

        Assert.Equal(expected, DeploymentPrinter.Cells(d, Now)[7]);
    }

    [Fact]
    public void ReplicaSet_desired_current_ready_and_wide_cells()
    {
        var rs = new V1ReplicaSet
        {
            Metadata = Meta("web-5d4f8c7b9", 65),
            Spec = new V1ReplicaSetSpec { Replicas = 3, Selector = Selector(), Template = Template("nginx:1.27") },
            Status = new V1ReplicaSetStatus { Replicas = 3, ReadyReplicas = 1 },
        };

        Assert.Equal(new object[] { "web-5d4f8c7b9", 3L, 3L, 1L, "65m", "web", "nginx:1.27", "app=web" }, ReplicaSetPrinter.Cells(rs, Now));
        Assert.Equal(["Name", "Desired", "Current", "Ready", "Age", "Containers", "Images", "Selector"], ReplicaSetPrinter.Columns.Select(c => c.Name));
        Assert.Equal(["string", "integer", "integer", "integer", "string", "string", "string", "string"], ReplicaSetPrinter.Columns.Select(c => c.Type));
    }

    [Fact]
    public void ReplicaSet_without_selector_prints_none()
    {
        var rs = new V1ReplicaSet { Metadata = Meta("rs"), Spec = new V1ReplicaSetSpec { Replicas = 0, Template = Template("nginx") } };
        Assert.Equal("<none>", ReplicaSetPrinter.Cells(rs, Now)[7]);
        Assert.Equal(0L, ReplicaSetPrinter.Cells(rs, Now)[1]);
    }

    [Fact]
    public void StatefulSet_ready_of_desired()
    {
        var sts = new V1StatefulSet
        {
            Metadata = Meta("db"),
            Spec = new V1StatefulSetSpec { Replicas = 3, Selector = Selector(), Template = Template("postgres:16"), ServiceName = "db" },
            Status = new V1StatefulSetStatus { Replicas = 2, ReadyReplicas = 1 },
        };

        Assert.Equal(new object[] { "db", "1/3", "5m", "web", "postgres:16" }, StatefulSetPrinter.Cells(sts, Now));
        Assert.Equal(["Name", "Ready", "Age", "Containers", "Images"], StatefulSetPrinter.Columns.Select(c => c.Name));
    }

    [Fact]
    public void DaemonSet_counts_and_node_selector()
    {
        var template = Template("fluentd");
        template.Spec.NodeSelector = new Dictionary<string, string> { ["kubernetes.io/os"] = "linux", ["disk"] = "ssd" };
        var ds = new V1DaemonSet
        {
            Metadata = Meta("logs"),
            Spec = new V1DaemonSetSpec { Selector = Selector(), Template = template },
            Status = new V1DaemonSetStatus { DesiredNumberScheduled = 3, CurrentNumberScheduled = 3, NumberReady = 2, UpdatedNumberScheduled = 3, NumberAvailable = 2 },
        };

        Assert.Equal(
            new object[] { "logs", 3L, 3L, 2L, 3L, 2L, "disk=ssd,kubernetes.io/os=linux", "5m", "web", "fluentd", "app=web" },
            DaemonSetPrinter.Cells(ds, Now));
        ds.Spec.Template.Spec.NodeSelector = null;
        Assert.Equal("<none>", DaemonSetPrinter.Cells(ds, Now)[6]);
        Assert.Equal(["Name", "Desired", "Current", "Ready", "Up-to-date", "Available", "Node Selector", "Age", "Containers", "Images", "Selector"], DaemonSetPrinter.Columns.Select(c => c.Name));
    }

    [Fact]
    public void ControllerRevision_names_its_controller_with_group()
    {
        var cr = new V1ControllerRevision
        {
            Metadata = Meta("db-7c9f"),
            Revision = 2,
        };
        cr.Metadata.OwnerReferences =
        [
            new V1OwnerReference { ApiVersion = "v1", Kind = "Pod", Name = "other", Uid = "u0" },
            new V1OwnerReference { ApiVersion = "apps/v1", Kind = "StatefulSet", Name = "db", Uid = "u1", Controller = true },
        ];

        Assert.Equal(new object[] { "db-7c9f", "statefulset.apps/db", 2L, "5m" }, ControllerRevisionPrinter.Cells(cr, Now));
        cr.Metadata.OwnerReferences = null;
        Assert.Equal("<none>", ControllerRevisionPrinter.Cells(cr, Now)[1]);
        Assert.Equal("node/n1", ControllerRevisionPrinter.Controller(new V1OwnerReference { ApiVersion = "v1", Kind = "Node", Name = "n1", Uid = "u" }));
    }
}
