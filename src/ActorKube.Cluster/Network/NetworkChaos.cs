using Akka.Actor;

namespace ActorKube.Cluster.Network;

/// <summary>
/// The network faults in force in this process (an Akka extension, one per actor system): the chaos transport
/// reads the table on every message, the <see cref="NetworkChaosAgent"/> replaces it when the fault controller
/// says so. Reads are a volatile field, so a message costs no lock.
/// </summary>
public sealed class NetworkChaos : IExtension
{
    private volatile NetworkFaultTable _table = NetworkFaultTable.Empty;

    public static NetworkChaos Get(ActorSystem system) => system.WithExtension<NetworkChaos, NetworkChaosProvider>();

    public NetworkFaultTable Table => _table;

    public void Apply(NetworkFaultTable table) => _table = table;

    /// <summary>Starts this cluster member's <see cref="NetworkChaosAgent"/>, named after its own endpoint.</summary>
    public static IActorRef StartAgent(ActorSystem system)
    {
        var self = Akka.Cluster.Cluster.Get(system).SelfAddress;
        return system.ActorOf(NetworkChaosAgent.Props(NetworkFaultTable.Key(self.Host, self.Port)), NetworkChaosAgent.Name);
    }
}

public sealed class NetworkChaosProvider : ExtensionIdProvider<NetworkChaos>
{
    public override NetworkChaos CreateExtension(ExtendedActorSystem system) => new();
}
