using ActorKube.Core.Objects;
using ActorKube.Core.Printing;
using static ActorKube.Core.Tests.Printing.PrintingFixtures;

namespace ActorKube.Core.Tests.Printing;

public class PodPrinterTests
{
    private static V1Pod With(V1Pod pod, Action<V1Pod> change)
    {
        change(pod);
        return pod;
    }

    private static V1Pod WithInit(V1Pod pod, int initContainers, params V1ContainerStatus[] statuses) => With(pod, p =>
    {
        p.Spec.InitContainers = Enumerable.Range(0, initContainers).Select(i => new V1Container { Name = "init" + i, Image = "busybox" }).ToList();
        p.Status.InitContainerStatuses = statuses.ToList();
    });

    private static V1ContainerStatus Named(V1ContainerStatus s, string name)
    {
        s.Name = name;
        return s;
    }

    private static readonly Dictionary<string, (V1Pod Pod, string Status, string Ready)> Cases = new()
    {
        ["pending without statuses"] = (Pod(phase: "Pending"), "Pending", "0/1"),
        ["a container state overrides status.reason"] = (With(Pod(1, "Failed", Terminated("Error", 1)), p => p.Status.Reason = "Evicted"), "Error", "0/1"),
        ["evicted without container statuses"] = (With(Pod(1, "Failed"), p => p.Status.Reason = "Evicted"), "Evicted", "0/1"),
        ["scheduling gated"] = (With(Pod(phase: "Pending"), p => p.Status.Conditions = [Condition("PodScheduled", "False", "SchedulingGated")]), "SchedulingGated", "0/1"),
        ["init container running"] = (WithInit(Pod(phase: "Pending", statuses: Waiting("PodInitializing")), 2, Named(Terminated("Completed", 0), "init0"), Named(Running(ready: false), "init1")), "Init:1/2", "0/1"),
        ["init waiting on PodInitializing counts as progress"] = (WithInit(Pod(phase: "Pending"), 1, Named(Waiting("PodInitializing"), "init0")), "Init:0/1", "0/1"),
        ["init crash loop"] = (WithInit(Pod(phase: "Pending"), 2, Named(Waiting("CrashLoopBackOff", restarts: 3), "init0")), "Init:CrashLoopBackOff", "0/1"),
        ["init failed with a reason"] = (WithInit(Pod(phase: "Failed"), 1, Named(Terminated("Error", 1), "init0")), "Init:Error", "0/1"),
        ["init failed with an exit code"] = (WithInit(Pod(phase: "Pending"), 1, Named(Terminated(null, 2), "init0")), "Init:ExitCode:2", "0/1"),
        ["init killed by a signal"] = (WithInit(Pod(phase: "Pending"), 1, Named(Terminated(null, 137, 9), "init0")), "Init:Signal:9", "0/1"),
        ["container creating"] = (Pod(phase: "Pending", statuses: Waiting("ContainerCreating")), "ContainerCreating", "0/1"),
        ["crash loop"] = (Pod(1, "Running", Waiting("CrashLoopBackOff", restarts: 4)), "CrashLoopBackOff", "0/1"),
        ["image pull error"] = (Pod(phase: "Pending", statuses: Waiting("ErrImagePull")), "ErrImagePull", "0/1"),
        ["image pull back-off"] = (Pod(phase: "Pending", statuses: Waiting("ImagePullBackOff")), "ImagePullBackOff", "0/1"),
        ["completed"] = (Pod(1, "Succeeded", Terminated("Completed", 0)), "Completed", "0/1"),
        ["terminated with an exit code"] = (Pod(1, "Failed", Terminated(null, 3)), "ExitCode:3", "0/1"),
        ["terminated by a signal"] = (Pod(1, "Failed", Terminated(null, 143, 15)), "Signal:15", "0/1"),
        ["running and ready"] = (Pod(2, "Running", Running("c0"), Running("c1")), "Running", "2/2"),
        ["running but not ready"] = (Pod(2, "Running", Running("c0"), Running("c1", ready: false)), "Running", "1/2"),
        ["a waiting container beside a ready one"] = (Pod(2, "Running", Waiting("CrashLoopBackOff", "c0"), Running("c1")), "CrashLoopBackOff", "1/2"),
        ["the first container's state wins (statuses read last to first)"] = (Pod(2, "Pending", Waiting("ContainerCreating", "c0"), Waiting("ErrImagePull", "c1")), "ContainerCreating", "0/2"),
        ["completed container beside a running one, pod not ready"] = (Pod(2, "Running", Running("c0"), Terminated("Completed", 0, name: "c1")), "NotReady", "1/2"),
        ["completed container beside a running one, pod ready"] = (With(Pod(2, "Running", Running("c0"), Terminated("Completed", 0, name: "c1")), p => p.Status.Conditions = [Condition("Ready", "True")]), "Running", "1/2"),
        ["terminating"] = (With(Pod(1, "Running", Running()), p => p.Metadata.DeletionTimestamp = Now), "Terminating", "1/1"),
        ["terminating does not hide a finished pod"] = (With(Pod(1, "Succeeded", Terminated("Completed", 0)), p => p.Metadata.DeletionTimestamp = Now), "Completed", "0/1"),
        ["lost with its node"] = (With(Pod(1, "Running", Running()), p => { p.Metadata.DeletionTimestamp = Now; p.Status.Reason = "NodeLost"; }), "Unknown", "1/1"),
        ["NodeLost without deletion is just a reason"] = (With(Pod(1, "Running", Running()), p => p.Status.Reason = "NodeLost"), "NodeLost", "1/1"),
    };

    public static TheoryData<string> StatusCases => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(StatusCases))]
    public void Status_and_ready_as_printPod(string name)
    {
        var (pod, status, ready) = Cases[name];
        var cells = PodPrinter.Cells(pod, Now);
        Assert.True(status == (string)cells[2], $"{name}: STATUS {cells[2]}, expected {status}");
        Assert.True(ready == (string)cells[1], $"{name}: READY {cells[1]}, expected {ready}");
    }

    [Fact]
    public void Restartable_init_containers_count_as_containers()
    {
        var pod = WithInit(Pod(1, "Running", Running("c0")), 1, Named(Running(ready: true), "init0"));
        pod.Spec.InitContainers[0].RestartPolicy = "Always";
        pod.Status.Conditions = [Condition("Initialized", "True"), Condition("Ready", "True")];

        var cells = PodPrinter.Cells(pod, Now);

        Assert.Equal("2/2", cells[1]);
        Assert.Equal("Running", cells[2]);
    }

    [Fact]
    public void A_started_sidecar_does_not_block_the_next_init_container()
    {
        var pod = WithInit(Pod(phase: "Pending"), 2, Named(Running(ready: false), "init0"), Named(Waiting("PodInitializing"), "init1"));
        pod.Spec.InitContainers[0].RestartPolicy = "Always";

        var cells = PodPrinter.Cells(pod, Now);

        Assert.Equal("Init:1/2", cells[2]);
        Assert.Equal("0/2", cells[1]);
    }

    [Theory]
    [InlineData(0, null, "0")]
    [InlineData(3, null, "3")]
    [InlineData(2, 5.0, "2 (5m ago)")]
    [InlineData(1, 90.0, "1 (90m ago)")]
    [InlineData(7, 0.5, "7 (30s ago)")]
    public void Restarts_show_when_the_last_container_restarted(int restarts, double? minutesAgo, string expected)
    {
        var pod = Pod(1, "Running", Running(restarts: restarts, lastFinished: minutesAgo is null ? null : Now.AddMinutes(-minutesAgo.Value)));
        Assert.Equal(expected, PodPrinter.Cells(pod, Now)[3]);
    }

    [Fact]
    public void Restarts_add_up_and_take_the_latest_termination()
    {
        var pod = Pod(2, "Running", Running("c0", restarts: 2, lastFinished: Now.AddMinutes(-30)), Running("c1", restarts: 1, lastFinished: Now.AddMinutes(-2)));
        Assert.Equal("3 (2m ago)", PodPrinter.Cells(pod, Now)[3]);
    }

    [Fact]
    public void Restarts_of_a_failing_init_container_count_while_initializing()
    {
        var failing = Named(Waiting("CrashLoopBackOff", restarts: 4), "init0");
        failing.LastState = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 1, FinishedAt = Now.AddSeconds(-40) } };
        var pod = WithInit(Pod(phase: "Pending"), 1, failing);

        var cells = PodPrinter.Cells(pod, Now);

        Assert.Equal("Init:CrashLoopBackOff", cells[2]);
        Assert.Equal("4 (40s ago)", cells[3]);
    }

    [Fact]
    public void Restarts_of_finished_init_containers_do_not_count_once_initialized()
    {
        var init = Named(Terminated("Completed", 0), "init0");
        init.RestartCount = 2;
        var pod = WithInit(Pod(1, "Running", Running()), 1, init);

        Assert.Equal("0", PodPrinter.Cells(pod, Now)[3]);
    }

    [Fact]
    public void Wide_cells_show_ip_node_nominated_node_and_readiness_gates()
    {
        var pod = Pod(1, "Running", Running());
        pod.Spec.NodeName = "node-1";
        pod.Status.PodIP = "10.244.0.9";
        pod.Status.PodIPs = [new V1PodIP { Ip = "10.244.0.7" }];
        pod.Spec.ReadinessGates = [new V1PodReadinessGate { ConditionType = "example.com/lb" }, new V1PodReadinessGate { ConditionType = "example.com/dns" }];
        pod.Status.Conditions = [Condition("example.com/lb", "True"), Condition("example.com/dns", "False")];

        var cells = PodPrinter.Cells(pod, Now);

        Assert.Equal(["web-1", "1/1", "Running", "0", "5m", "10.244.0.7", "node-1", "<none>", "1/2"], cells);
    }

    [Fact]
    public void Unscheduled_pod_has_none_in_wide_cells()
    {
        var cells = PodPrinter.Cells(Pod(phase: "Pending"), Now);
        Assert.Equal(["<none>", "<none>", "<none>", "<none>"], cells[5..]);
    }

    [Fact]
    public void Columns_are_those_of_kube_apiserver()
    {
        Assert.Equal(
            ["Name", "Ready", "Status", "Restarts", "Age", "IP", "Node", "Nominated Node", "Readiness Gates"],
            PodPrinter.Columns.Select(c => c.Name));
        Assert.Equal([0, 0, 0, 0, 0, 1, 1, 1, 1], PodPrinter.Columns.Select(c => c.Priority));
        Assert.Equal("name", PodPrinter.Columns[0].Format);
        Assert.All(PodPrinter.Columns, c => Assert.Equal("string", c.Type));
    }

    [Fact]
    public void Finished_pods_carry_a_completed_row_condition()
    {
        var table = TablePrinter.ToTable(Resources.Pods, [Pod(1, "Succeeded", Terminated("Completed", 0)), Pod(1, "Failed", Terminated("Error", 1)), Pod()], Now);

        Assert.Equal(new TableRowCondition("Completed", "True", "Succeeded", "The pod has completed successfully."), Assert.Single(table.Rows[0].Conditions));
        Assert.Equal("Failed", Assert.Single(table.Rows[1].Conditions).Reason);
        Assert.Empty(table.Rows[2].Conditions);
    }
}
