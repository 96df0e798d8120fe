using Akka.Actor;

namespace ActorKube.Cluster.Network;

/// <summary>
/// Every ActorKube cluster process runs one, at /user/network-chaos: it puts the network faults the fault
/// controller sends into this process's <see cref="NetworkChaos"/> table, which the chaos transport applies.
/// </summary>
public sealed class NetworkChaosAgent : ReceiveActor
{
    public const string Name = "network-chaos";

    public NetworkChaosAgent(string self)
    {
        var chaos = NetworkChaos.Get(Context.System);
        Receive<SetNetworkFaults>(m => chaos.Apply(NetworkFaultTable.For(self, m.Rules)));
    }

    /// <summary>The agent of this process, which listens for remote messages at <paramref name="self"/> ("host:port").</summary>
    public static Props Props(string self) => Akka.Actor.Props.Create(() => new NetworkChaosAgent(self));
}
