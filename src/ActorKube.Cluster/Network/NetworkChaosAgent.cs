using Akka.Actor;
using Akka.Event;

namespace ActorKube.Cluster.Network;

/// <summary>
/// Every ActorKube cluster process runs one, at /user/network-chaos: it puts the network faults the fault
/// controller sends into this process's <see cref="NetworkChaos"/> table, which the chaos transport applies.
/// </summary>
public sealed class NetworkChaosAgent : ReceiveActor
{
    public const string Name = "network-chaos";

    private readonly ILoggingAdapter _log = Context.GetLogger();

    public NetworkChaosAgent(string self)
    {
        var chaos = NetworkChaos.Get(Context.System);
        Receive<SetNetworkFaults>(m =>
        {
            var table = NetworkFaultTable.For(self, m.Rules);
            var before = chaos.Table;
            chaos.Apply(table);
            if (!before.Rules.SequenceEqual(table.Rules))
            {
                _log.Info(
                    "Network faults of {0}: {1}",
                    self,
                    table.IsEmpty ? "none" : string.Join("; ", table.Rules.Select(Describe)));
            }
        });
    }

    /// <summary>The agent of this process, which listens for remote messages at <paramref name="self"/> ("host:port").</summary>
    public static Props Props(string self) => Akka.Actor.Props.Create(() => new NetworkChaosAgent(self));

    public static string Describe(NetworkFaultRule r) =>
        $"{r.From} -> {r.To}" + (r.DelayMs > 0 ? $" delay {r.DelayMs}ms" : "") + (r.LossPercent > 0 ? $" loss {r.LossPercent}%" : "");
}
