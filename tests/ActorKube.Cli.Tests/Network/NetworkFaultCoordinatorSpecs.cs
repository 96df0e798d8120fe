using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using ActorKube.Cluster.Hosting;
using ActorKube.Cluster.Network;
using ActorKube.Cluster.Serialization;
using ActorKube.Core.Controllers.Fault;

namespace ActorKube.Cli.Tests.Network;

/// <summary>
/// Two cluster members in one test process, configured as ActorKube's processes are (hocon/cluster.conf: the chaos
/// transport, the ActorKube serializer) and named by their process:NAME roles: the coordinator turns faults on
/// process names into rules, every member's agent puts them in force, and messages between the members feel them.
/// </summary>
public sealed class NetworkFaultCoordinatorSpecs : Akka.TestKit.Xunit2.TestKit
{
    private readonly ActorSystem _b;
    private readonly IActorRef _coordinator;

    public NetworkFaultCoordinatorSpecs()
        : base(Member("cp"), "actorkube")
    {
        _b = ActorSystem.Create("actorkube", Member("worker"));
        _b.ActorOf(Props.Create(() => new Echo()), "echo");
        var seed = Akka.Cluster.Cluster.Get(Sys).SelfAddress;
        Akka.Cluster.Cluster.Get(Sys).Join(seed);
        Akka.Cluster.Cluster.Get(_b).Join(seed);
        AwaitAssert(
            () => Assert.Equal(2, Akka.Cluster.Cluster.Get(Sys).State.Members.Count(m => m.Status == Akka.Cluster.MemberStatus.Up)),
            TimeSpan.FromSeconds(30),
            TimeSpan.FromMilliseconds(200));
        NetworkChaos.StartAgent(Sys);
        NetworkChaos.StartAgent(_b);
        _coordinator = Sys.ActorOf(NetworkFaultCoordinator.Props(), "network");
    }

    private static Config Member(string name) =>
        ConfigurationFactory.ParseString($"""
            akka.cluster.roles = ["{ClusterRoles.Process(name)}"]
            akka.loglevel = WARNING
            """)
            .WithFallback(ClusterOptions.Embedded("cluster.conf"))
            .WithFallback(ActorKubeSerializer.Config);

    private string KeyA => Key(Sys);

    private string KeyB => Key(_b);

    private static string Key(ActorSystem system) =>
        Akka.Cluster.Cluster.Get(system).SelfAddress is var a ? NetworkFaultTable.Key(a.Host, a.Port) : "";

    [Fact]
    public void A_delay_between_named_processes_is_put_in_force_on_both_and_felt_then_lifted()
    {
        var echo = Sys.ActorSelection(new RootActorPath(Akka.Cluster.Cluster.Get(_b).SelfAddress) / "user" / "echo");
        echo.Tell("warm", TestActor);
        ExpectMsg("warm", TimeSpan.FromSeconds(20));

        _coordinator.Tell(new NetworkCommandRequest(new NetworkCommand("slow", "cp", "worker", 500, 0), "r1"), TestActor);
        var injected = ExpectMsg<NetworkCommandResult>(TimeSpan.FromSeconds(10));
        Assert.True(injected.Succeeded, injected.Message);
        Assert.Equal("r1", injected.RequestId);

        AwaitAssert(() =>
        {
            Assert.Equal(TimeSpan.FromMilliseconds(500), NetworkChaos.Get(Sys).Table.Egress(KeyB).Delay);
            Assert.True(NetworkChaos.Get(_b).Table.IsEmpty);
        }, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100));

        var clock = Stopwatch.StartNew();
        echo.Tell("slow", TestActor);
        ExpectMsg("slow", TimeSpan.FromSeconds(10));
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(490), $"round trip {clock.Elapsed.TotalMilliseconds} ms");

        _coordinator.Tell(new NetworkCommandRequest(new NetworkCommand("slow", "cp", "worker", 500, 0, Lift: true), "r2"), TestActor);
        Assert.True(ExpectMsg<NetworkCommandResult>(TimeSpan.FromSeconds(10)).Succeeded);
        AwaitAssert(() =>
        {
            Assert.True(NetworkChaos.Get(Sys).Table.IsEmpty);
            Assert.True(NetworkChaos.Get(_b).Table.IsEmpty);
        }, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Full_loss_from_the_coordinators_process_is_lifted_all_the_same()
    {
        // The lift travels the path the fault blocks: the coordinator's process drops its own rule before it sends.
        var echo = Sys.ActorSelection(new RootActorPath(Akka.Cluster.Cluster.Get(_b).SelfAddress) / "user" / "echo");
        echo.Tell("warm", TestActor);
        ExpectMsg("warm", TimeSpan.FromSeconds(20));

        _coordinator.Tell(new NetworkCommandRequest(new NetworkCommand("cut", "cp", "worker", 0, 100), "r1"), TestActor);
        Assert.True(ExpectMsg<NetworkCommandResult>(TimeSpan.FromSeconds(10)).Succeeded);
        echo.Tell("lost", TestActor);
        ExpectNoMsg(TimeSpan.FromSeconds(1));

        _coordinator.Tell(new NetworkCommandRequest(new NetworkCommand("cut", "cp", "worker", 0, 100, Lift: true), "r2"), TestActor);
        Assert.True(ExpectMsg<NetworkCommandResult>(TimeSpan.FromSeconds(10)).Succeeded);
        echo.Tell("back", TestActor);
        ExpectMsg("back", TimeSpan.FromSeconds(10));
        AwaitAssert(() => Assert.True(NetworkChaos.Get(_b).Table.IsEmpty), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void A_fault_on_the_other_process_is_put_in_force_there()
    {
        _coordinator.Tell(new NetworkCommandRequest(new NetworkCommand("slow", "worker", "cp", 250, 0), "r1"), TestActor);
        Assert.True(ExpectMsg<NetworkCommandResult>(TimeSpan.FromSeconds(10)).Succeeded);

        AwaitAssert(() => Assert.Equal(TimeSpan.FromMilliseconds(250), NetworkChaos.Get(_b).Table.Egress(KeyA).Delay), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100));
        Assert.True(NetworkChaos.Get(Sys).Table.IsEmpty);
    }

    [Fact]
    public void A_fault_naming_a_process_that_is_not_a_member_fails_with_the_members_names()
    {
        _coordinator.Tell(new NetworkCommandRequest(new NetworkCommand("f", "cp", "worker-9", 100, 0), "r1"), TestActor);

        var result = ExpectMsg<NetworkCommandResult>(TimeSpan.FromSeconds(10));
        Assert.False(result.Succeeded);
        Assert.Equal("no process named worker-9 in the cluster (its processes: cp, worker)", result.Message);
        Assert.True(NetworkChaos.Get(Sys).Table.IsEmpty);
    }

    [Fact]
    public async Task Without_a_cluster_there_is_no_network_to_break()
    {
        using var local = ActorSystem.Create("local", "akka.loglevel = WARNING");
        var coordinator = local.ActorOf(NetworkFaultCoordinator.Props());

        var result = await coordinator.Ask<NetworkCommandResult>(new NetworkCommandRequest(new NetworkCommand("f", "a", "b", 100, 0), "r1"), TimeSpan.FromSeconds(10));

        Assert.False(result.Succeeded);
        Assert.Equal(NetworkFaultCoordinator.NotClustered, result.Message);
        await local.Terminate();
    }

    protected override void AfterAll()
    {
        _b.Terminate().Wait(TimeSpan.FromSeconds(15));
        base.AfterAll();
    }

    private sealed class Echo : ReceiveActor
    {
        public Echo() => ReceiveAny(m => Sender.Tell(m));
    }
}
