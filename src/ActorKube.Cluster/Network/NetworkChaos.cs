using Akka.Actor;
using Akka.Event;

namespace ActorKube.Cluster.Network;

/// <summary>
/// The network faults in force in this process (an Akka extension, one per actor system): the chaos transport
/// reads the table on every message, the <see cref="NetworkChaosAgent"/> (and, in its own process, the
/// <see cref="NetworkFaultCoordinator"/>) replaces it. Reads are a volatile field, so a message costs no lock.
/// </summary>
public sealed class NetworkChaos(ExtendedActorSystem system) : IExtension
{
    private readonly object _gate = new();
    private volatile NetworkFaultTable _table = NetworkFaultTable.Empty;

    public static NetworkChaos Get(ActorSystem system) => system.WithExtension<NetworkChaos, NetworkChaosProvider>();

    public NetworkFaultTable Table => _table;

    /// <summary>Puts <paramref name="table"/> in force; logs the rules when they changed.</summary>
    public void Apply(NetworkFaultTable table)
    {
        lock (_gate)
        {
            var before = _table;
            _table = table;
            if (!before.Rules.SequenceEqual(table.Rules))
            {
                // A logger made now: the extension is made while remoting starts, when the event stream's level is
                // still the start-up one (WARNING), and an adapter keeps the level it was made with. Named after this
                // type: string sources log as an Akka type, which Serilog's Akka override keeps at Warning.
                Akka.Event.Logging.GetLogger(system, typeof(NetworkChaos)).Info(
                    "Network faults from this process: {0}", table.IsEmpty ? "none" : string.Join("; ", table.Rules.Select(Describe)));
            }
        }
    }

    /// <summary>Starts this cluster member's <see cref="NetworkChaosAgent"/>, named after its own endpoint.</summary>
    public static IActorRef StartAgent(ActorSystem system)
    {
        var self = Akka.Cluster.Cluster.Get(system).SelfAddress;
        return system.ActorOf(NetworkChaosAgent.Props(NetworkFaultTable.Key(self.Host, self.Port)), NetworkChaosAgent.Name);
    }

    public static string Describe(NetworkFaultRule r) =>
        $"{r.From} -> {r.To}" + (r.DelayMs > 0 ? $" delay {r.DelayMs}ms" : "") + (r.LossPercent > 0 ? $" loss {r.LossPercent}%" : "");
}

public sealed class NetworkChaosProvider : ExtensionIdProvider<NetworkChaos>
{
    public override NetworkChaos CreateExtension(ExtendedActorSystem system) => new(system);
}
