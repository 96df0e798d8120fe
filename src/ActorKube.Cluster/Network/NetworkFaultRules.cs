using ActorKube.Core.Controllers.Fault;

namespace ActorKube.Cluster.Network;

/// <summary>From the network faults in force (by process name) to the rules the transports apply (by endpoint).</summary>
public static class NetworkFaultRules
{
    /// <summary>
    /// One rule per pair of endpoints of the faults' processes (a name used twice, by hand, names every process that
    /// has it). A process that is not in the cluster now has no rule: one that comes back gets it then.
    /// </summary>
    public static IReadOnlyList<NetworkFaultRule> Resolve(IEnumerable<NetworkCommand> faults, IReadOnlyDictionary<string, IReadOnlyList<string>> processes) =>
        [.. from f in faults.OrderBy(f => f.Fault, StringComparer.Ordinal)
            where processes.ContainsKey(f.From) && processes.ContainsKey(f.To)
            from source in processes[f.From]
            from target in processes[f.To]
            select new NetworkFaultRule(source, target, f.DelayMs, f.LossPercent)];

    /// <summary>Why a fault cannot be injected now: a process it names is not a member of the cluster; null when both are.</summary>
    public static string? Missing(NetworkCommand fault, IReadOnlyDictionary<string, IReadOnlyList<string>> processes)
    {
        var missing = new[] { fault.From, fault.To }.Where(n => !processes.ContainsKey(n)).Distinct().ToList();
        if (missing.Count == 0)
        {
            return null;
        }

        var known = processes.Keys.Order(StringComparer.Ordinal).ToList();
        return $"no process named {string.Join(" or ", missing)} in the cluster (its processes: {(known.Count == 0 ? "none" : string.Join(", ", known))})";
    }
}
