using Akka.Actor;
using ActorKube.Core.Node;
using ActorKube.Core.Time;
using ActorKube.Node.ContainerRuntime;
using ActorKube.Node.Kubelet;
using Akka.TestKit.Xunit2;

namespace ActorKube.Node.Tests;

public class ContainerRuntimeSpecs : TestKit
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(10);

    private static ContainerBehavior B(string image, params string[] command) =>
        ContainerBehavior.Resolve(new V1Container { Name = "c", Image = image, Command = command.Length == 0 ? null : command }, null, "Never", "p");

    [Fact]
    public void Second_pull_of_an_image_is_served_from_the_node_cache()
    {
        var runtime = Sys.ActorOf(ContainerRuntimeActor.Props("n1", new ClusterClock(100)));

        runtime.Tell(new PullImage("c", B("nginx:1.27"), "IfNotPresent"));
        ExpectMsg<ImagePulling>(Long);
        var first = ExpectMsg<ImagePulled>(Long);
        Assert.False(first.AlreadyPresent);
        Assert.True(first.Took >= TimeSpan.FromSeconds(1.5), $"took {first.Took}");

        runtime.Tell(new PullImage("c", B("nginx:1.27"), "IfNotPresent"));
        Assert.True(ExpectMsg<ImagePulled>(Long).AlreadyPresent);
    }

    [Fact]
    public void Logs_of_current_and_previous_instances_with_tail()
    {
        var runtime = Sys.ActorOf(ContainerRuntimeActor.Props("n1", new ClusterClock(100)));

        runtime.Tell(new StartContainer("u1", "p", "id1", B("busybox:1.36", "sh", "-c", "echo one; echo two; exit 3")));
        ExpectMsg<ContainerStarted>(Long);
        Assert.Equal(3, ExpectMsg<ContainerExited>(Long).ExitCode);

        runtime.Tell(new StartContainer("u1", "p", "id2", B("busybox:1.36", "sh", "-c", "echo three; sleep 3600")));
        ExpectMsg<ContainerStarted>(Long);

        runtime.Tell(new GetContainerLogs("u1", "p", "c", Previous: false, TailLines: null));
        Assert.Equal("three\n", ExpectMsg<LogsResult>(Long).Text);
        runtime.Tell(new GetContainerLogs("u1", "p", "c", Previous: true, TailLines: 1));
        Assert.Equal("two\n", ExpectMsg<LogsResult>(Long).Text);

        runtime.Tell(new StopContainer("id2", TimeSpan.FromSeconds(1), 143));
        var exited = ExpectMsg<ContainerExited>(Long);
        Assert.Equal(("id2", 143), (exited.ContainerId, exited.ExitCode));

        runtime.Tell(new RemovePodSandbox("u1"));
        runtime.Tell(new GetContainerLogs("u1", "p", "c", Previous: false, TailLines: null));
        Assert.Equal(400, ExpectMsg<LogsResult>(Long).Error!.Code);
    }
}
