namespace ActorKube.Cluster.Network;

/// <summary>
/// One network fault as the processes' transports apply it: traffic from the process listening at
/// <paramref name="From"/> to the one at <paramref name="To"/> (both "host:port" of their Akka.Remote
/// endpoint) waits <paramref name="DelayMs"/> more, and <paramref name="LossPercent"/> of its messages are dropped.
/// </summary>
public sealed record NetworkFaultRule(string From, string To, int DelayMs, int LossPercent);

/// <summary>What happens to one message on a path: it waits <see cref="Delay"/>, and is dropped with probability <see cref="Loss"/>.</summary>
public readonly record struct Impairment(TimeSpan Delay, double Loss)
{
    public static readonly Impairment None = new(TimeSpan.Zero, 0);

    public bool IsNone => Delay <= TimeSpan.Zero && Loss <= 0;

    /// <summary>Whether this message is lost; <paramref name="draw"/> is uniform in [0, 1).</summary>
    public bool Drops(double draw) => Loss > 0 && draw < Loss;
}

/// <summary>
/// The network faults one process applies: to what it writes, by the endpoint of the process it writes to. Each
/// rule is applied by its sender only, on whichever connection the message takes (the chaos transport knows the
/// other side of every connection: the endpoint it dialled, or the origin of the ASSOCIATE handshake it accepted),
/// so each message is impaired once, and the process that holds the fault controller changes its own rules before
/// it tells the others: the messages that lift a fault are never held back by it.
/// Several rules on one path add up: their delays are summed, their losses independent (kept = product of kept).
/// </summary>
public sealed class NetworkFaultTable
{
    public static readonly NetworkFaultTable Empty = new(new Dictionary<string, Impairment>(), []);

    private readonly IReadOnlyDictionary<string, Impairment> _egress;

    private NetworkFaultTable(IReadOnlyDictionary<string, Impairment> egress, IReadOnlyList<NetworkFaultRule> rules)
    {
        _egress = egress;
        Rules = rules;
    }

    /// <summary>The rules of this table: those whose sender is its process.</summary>
    public IReadOnlyList<NetworkFaultRule> Rules { get; }

    public bool IsEmpty => Rules.Count == 0;

    /// <summary>The table of the process listening at <paramref name="self"/> ("host:port").</summary>
    public static NetworkFaultTable For(string self, IEnumerable<NetworkFaultRule> rules)
    {
        var mine = rules.Where(r => r.From == self && r.To != self).ToList();
        return mine.Count == 0 ? Empty : new NetworkFaultTable(Combine(mine), mine);
    }

    /// <summary>What a message this process writes to <paramref name="remote"/> suffers.</summary>
    public Impairment Egress(string remote) => _egress.TryGetValue(remote, out var i) ? i : Impairment.None;

    /// <summary>The key of an endpoint: "host:port".</summary>
    public static string Key(string? host, int? port) => $"{host}:{port}";

    private static Dictionary<string, Impairment> Combine(IEnumerable<NetworkFaultRule> rules) =>
        rules.GroupBy(r => r.To, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g => new Impairment(
                TimeSpan.FromMilliseconds(g.Sum(r => Math.Max(0, r.DelayMs))),
                1 - g.Aggregate(1.0, (kept, r) => kept * (1 - (Math.Clamp(r.LossPercent, 0, 100) / 100.0)))),
            StringComparer.Ordinal);
}
