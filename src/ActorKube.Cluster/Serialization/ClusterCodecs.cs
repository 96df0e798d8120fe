using ActorKube.Cluster.Roles;
using ActorKube.Cluster.Sharding;
using ActorKube.Core.Wire;

namespace ActorKube.Cluster.Serialization;

/// <summary>Layouts of the multi-process cluster's own messages: the node shard envelope and the shared clock.</summary>
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
    ];
}
