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
/// The network faults that concern one process, by the other process's endpoint: what its writes to a process
/// suffer (egress: it is the rule's From) and what its reads from one suffer (ingress: it is the rule's To).
/// Every TCP connection between two processes was opened by one of them, and only that side knows the other's
/// listening endpoint (the accepting side sees an ephemeral port), so the opener applies the rule both ways: its
/// writes as egress, its reads as ingress. Each message is thus impaired once, whichever connection it takes.
/// Several rules on one path add up: their delays are summed, their losses independent (kept = product of kept).
/// </summary>
public sealed class NetworkFaultTable
{
    public static readonly NetworkFaultTable Empty = new(new Dictionary<string, Impairment>(), new Dictionary<string, Impairment>(), []);

    private readonly IReadOnlyDictionary<string, Impairment> _egress;
    private readonly IReadOnlyDictionary<string, Impairment> _ingress;

    private NetworkFaultTable(IReadOnlyDictionary<string, Impairment> egress, IReadOnlyDictionary<string, Impairment> ingress, IReadOnlyList<NetworkFaultRule> rules)
    {
        _egress = egress;
        _ingress = ingress;
        Rules = rules;
    }

    /// <summary>The rules this table was made of that concern its process.</summary>
    public IReadOnlyList<NetworkFaultRule> Rules { get; }

    public bool IsEmpty => Rules.Count == 0;

    /// <summary>The table of the process listening at <paramref name="self"/> ("host:port").</summary>
    public static NetworkFaultTable For(string self, IEnumerable<NetworkFaultRule> rules)
    {
        var mine = rules.Where(r => r.From != r.To && (r.From == self || r.To == self)).ToList();
        if (mine.Count == 0)
        {
            return Empty;
        }

        return new NetworkFaultTable(
            Combine(mine.Where(r => r.From == self), r => r.To),
            Combine(mine.Where(r => r.To == self), r => r.From),
            mine);
    }

    /// <summary>What a message this process writes to <paramref name="remote"/> suffers.</summary>
    public Impairment Egress(string remote) => _egress.TryGetValue(remote, out var i) ? i : Impairment.None;

    /// <summary>What a message this process reads from <paramref name="remote"/> suffers.</summary>
    public Impairment Ingress(string remote) => _ingress.TryGetValue(remote, out var i) ? i : Impairment.None;

    /// <summary>The key of an endpoint: "host:port".</summary>
    public static string Key(string? host, int? port) => $"{host}:{port}";

    private static Dictionary<string, Impairment> Combine(IEnumerable<NetworkFaultRule> rules, Func<NetworkFaultRule, string> remote) =>
        rules.GroupBy(remote, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g => new Impairment(
                TimeSpan.FromMilliseconds(g.Sum(r => Math.Max(0, r.DelayMs))),
                1 - g.Aggregate(1.0, (kept, r) => kept * (1 - (Math.Clamp(r.LossPercent, 0, 100) / 100.0)))),
            StringComparer.Ordinal);
}
