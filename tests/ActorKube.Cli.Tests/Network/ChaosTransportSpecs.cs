using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using ActorKube.Cluster.Network;

namespace ActorKube.Cli.Tests.Network;

/// <summary>
/// Two actor systems with remoting over loopback and the chaos transport adapter, as between ActorKube's processes:
/// the faults in a sender's table delay or drop what it sends, on a connection it opened or one it accepted.
/// </summary>
public sealed class ChaosTransportSpecs : Akka.TestKit.Xunit2.TestKit
{
    private static readonly Config Remoting = ConfigurationFactory.ParseString("""
        akka.actor.provider = remote
        akka.remote.adapters.chaos = "ActorKube.Cluster.Network.ChaosTransportProvider,ActorKube.Cluster"
        akka.remote.dot-netty.tcp {
          hostname = "127.0.0.1"
          port = 0
          applied-adapters = [chaos]
        }
        akka.loglevel = WARNING
        """);

    private readonly ActorSystem _b;
    private readonly Address _addressA;
    private readonly Address _addressB;

    public ChaosTransportSpecs()
        : base(Remoting, "a")
    {
        _b = ActorSystem.Create("b", Remoting);
        _b.ActorOf(Props.Create(() => new Echo()), "echo");
        _addressA = ((ExtendedActorSystem)Sys).Provider.DefaultAddress;
        _addressB = ((ExtendedActorSystem)_b).Provider.DefaultAddress;
    }

    private string KeyA => NetworkFaultTable.Key(_addressA.Host, _addressA.Port);

    private string KeyB => NetworkFaultTable.Key(_addressB.Host, _addressB.Port);

    private ActorSelection EchoOnB => Sys.ActorSelection(new RootActorPath(_addressB) / "user" / "echo");

    [Fact]
    public void Addresses_keep_the_plain_akka_tcp_scheme() => Assert.Equal("akka.tcp", _addressA.Protocol);

    [Fact]
    public void A_delay_on_the_process_that_opened_the_connection_holds_its_messages_back()
    {
        Warm();
        Apply(new NetworkFaultRule(KeyA, KeyB, 600, 0));

        var roundTrip = RoundTrip("ping");

        Assert.InRange(roundTrip.TotalMilliseconds, 590, 1190);
    }

    [Fact]
    public void A_delay_on_the_process_that_accepted_the_connection_holds_its_replies_back_once()
    {
        // B's replies go back over the connection A opened: B knows A there only from A's ASSOCIATE handshake
        // (the socket shows an ephemeral port), and delays them once.
        Warm();
        Apply(new NetworkFaultRule(KeyB, KeyA, 600, 0));

        var roundTrip = RoundTrip("ping");

        Assert.InRange(roundTrip.TotalMilliseconds, 590, 1190);
    }

    [Fact]
    public void Delayed_messages_keep_their_order()
    {
        Warm();
        Apply(new NetworkFaultRule(KeyA, KeyB, 200, 0));

        for (var i = 0; i < 50; i++)
        {
            EchoOnB.Tell(i, TestActor);
        }

        for (var i = 0; i < 50; i++)
        {
            ExpectMsg(i, TimeSpan.FromSeconds(10));
        }
    }

    [Fact]
    public void Full_loss_drops_every_message_until_it_is_lifted()
    {
        Warm();
        Apply(new NetworkFaultRule(KeyA, KeyB, 0, 100));

        for (var i = 0; i < 20; i++)
        {
            EchoOnB.Tell($"lost {i}", TestActor);
        }

        ExpectNoMsg(TimeSpan.FromSeconds(1));

        Apply();
        EchoOnB.Tell("after", TestActor);
        ExpectMsg("after", TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Partial_loss_drops_some_and_passes_some()
    {
        Warm();
        Apply(new NetworkFaultRule(KeyB, KeyA, 0, 50));

        for (var i = 0; i < 200; i++)
        {
            EchoOnB.Tell(i, TestActor);
        }

        var received = 0;
        while (ReceiveOne(TimeSpan.FromMilliseconds(500)) is int)
        {
            received++;
        }

        // 200 draws at 50%: outside [40, 160] has a probability far below 1e-15.
        Assert.InRange(received, 40, 160);
    }

    /// <summary>Both processes get the same rules, as the agents do; each applies those it sends under.</summary>
    private void Apply(params NetworkFaultRule[] rules)
    {
        NetworkChaos.Get(Sys).Apply(NetworkFaultTable.For(KeyA, rules));
        NetworkChaos.Get(_b).Apply(NetworkFaultTable.For(KeyB, rules));
    }

    /// <summary>A opens the connection (the first message goes from A to B) before any fault.</summary>
    private void Warm()
    {
        EchoOnB.Tell("warm", TestActor);
        ExpectMsg("warm", TimeSpan.FromSeconds(20));
    }

    private TimeSpan RoundTrip(string message)
    {
        var clock = Stopwatch.StartNew();
        EchoOnB.Tell(message, TestActor);
        ExpectMsg(message, TimeSpan.FromSeconds(10));
        return clock.Elapsed;
    }

    protected override void AfterAll()
    {
        _b.Terminate().Wait(TimeSpan.FromSeconds(10));
        base.AfterAll();
    }

    private sealed class Echo : ReceiveActor
    {
        public Echo() => ReceiveAny(m => Sender.Tell(m));
    }
}
