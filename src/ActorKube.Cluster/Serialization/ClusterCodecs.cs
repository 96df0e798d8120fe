using ActorKube.Cluster.Network;
using ActorKube.Cluster.Roles;
using ActorKube.Cluster.Sharding;
using ActorKube.Core.Wire;

namespace ActorKube.Cluster.Serialization;

/// <summary>Layouts of the multi-process cluster's own messages: the node shard envelope, the shared clock, the network faults.</summary>
internal static class ClusterCodecs
{
    public static IEnumerable<MessageCodec> All =>
    [
        // The envelope nests one of the other messages (power, logs), written in place after its manifest.
        MessageCodec.Of<NodeEnvelope>(
            "NE",
            (w, m) =>
            {
                w.WriteString(m.NodeName);
                ActorKubeSerializer.WriteNested(w, m.Message);
            },
            r => new NodeEnvelope(r.ReadString(), ActorKubeSerializer.ReadNested(r))),
        MessageCodec.Of<GetClusterClock>("CG", (_, _) => { }, _ => new GetClusterClock()),
        MessageCodec.Of<ClusterClockInfo>(
            "CC",
            (w, m) =>
            {
                w.WriteString(m.Scale.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
                w.WriteZigZag(m.EmulatedEpochUnixMs);
                w.WriteZigZag(m.WallEpochUnixMs);
            },
            r => new ClusterClockInfo(double.Parse(r.ReadString(), System.Globalization.CultureInfo.InvariantCulture), r.ReadZigZag(), r.ReadZigZag())),
        MessageCodec.Of<SetNetworkFaults>(
            "NF",
            (w, m) =>
            {
                w.WriteVarLong(m.Version);
                w.WriteVarInt(m.Rules.Count);
                foreach (var rule in m.Rules)
                {
                    w.WriteString(rule.From);
                    w.WriteString(rule.To);
                    w.WriteVarInt(rule.DelayMs);
                    w.WriteVarInt(rule.LossPercent);
                }
            },
            r =>
            {
                var version = r.ReadVarLong();
                var rules = new NetworkFaultRule[r.ReadCount()];
                for (var i = 0; i < rules.Length; i++)
                {
                    rules[i] = new NetworkFaultRule(r.ReadString(), r.ReadString(), r.ReadVarInt(), r.ReadVarInt());
                }

                return new SetNetworkFaults(version, rules);
            }),
    ];
}
