using ActorKube.Cluster.Provisioner;
using ActorKube.Core.Wire;
using ActorKube.Node.Kubelet;
using static ActorKube.Cluster.Serialization.ApiServerCodecs;

namespace ActorKube.Cluster.Serialization;

/// <summary>Layouts of what reaches a node from outside (power, partition, the apiserver's log proxy) and of the node provisioner.</summary>
internal static class NodeCodecs
{
    public static IEnumerable<MessageCodec> All =>
    [
        MessageCodec.Of<PowerOff>("KO", (_, _) => { }, _ => PowerOff.Instance),
        MessageCodec.Of<PowerOn>("KI", (_, _) => { }, _ => PowerOn.Instance),
        MessageCodec.Of<Partition>("KT", (_, _) => { }, _ => Partition.Instance),
        MessageCodec.Of<Heal>("KH", (_, _) => { }, _ => Heal.Instance),
        MessageCodec.Of<GetPodLogs>(
            "KP",
            (w, m) =>
            {
                w.WriteNullableString(m.Namespace);
                w.WriteNullableString(m.Pod);
                w.WriteNullableString(m.Container);
                KubeWire.WriteNullableLong(w, m.TailLines);
                w.WriteBool(m.Previous);
            },
            r => new GetPodLogs(r.ReadNullableString()!, r.ReadNullableString()!, r.ReadNullableString(), KubeWire.ReadNullableLong(r), r.ReadBool())),
        MessageCodec.Of<GetNodeLogs>("KN", (w, m) => KubeWire.WriteNullableLong(w, m.TailLines), r => new GetNodeLogs(KubeWire.ReadNullableLong(r))),
        MessageCodec.Of<LogsResult>(
            "KL",
            (w, m) =>
            {
                w.WriteNullableString(m.Text);
                KubeWire.WriteStatus(w, m.Error);
            },
            r => new LogsResult(r.ReadNullableString(), KubeWire.ReadStatus(r))),
        MessageCodec.Of<StartNodes>(
            "PA",
            (w, m) =>
            {
                w.WriteZigZag(m.Count);
                w.WriteNullableString(m.Prefix);
            },
            r => new StartNodes(checked((int)r.ReadZigZag()), r.ReadNullableString())),
        MessageCodec.Of<StartNode>("PS", (w, m) => WriteCommand(w, m.Name, m.RequestId), r => new StartNode(r.ReadNullableString()!, r.ReadNullableString())),
        MessageCodec.Of<StopNode>("PX", (w, m) => WriteCommand(w, m.Name, m.RequestId), r => new StopNode(r.ReadNullableString()!, r.ReadNullableString())),
        MessageCodec.Of<PartitionNode>("PT", (w, m) => WriteCommand(w, m.Name, m.RequestId), r => new PartitionNode(r.ReadNullableString()!, r.ReadNullableString())),
        MessageCodec.Of<HealNode>("PH", (w, m) => WriteCommand(w, m.Name, m.RequestId), r => new HealNode(r.ReadNullableString()!, r.ReadNullableString())),
        MessageCodec.Of<GetNodes>("PG", (_, _) => { }, _ => new GetNodes()),
        MessageCodec.Of<ResyncNodes>("PY", (_, _) => { }, _ => new ResyncNodes()),
        MessageCodec.Of<NodesRunning>(
            "PR",
            (w, m) =>
            {
                WriteStrings(w, m.Running);
                WriteStrings(w, m.Stopped);
                WriteStrings(w, m.Partitioned);
            },
            r => new NodesRunning(ReadStrings(r) ?? [], ReadStrings(r) ?? [], ReadStrings(r))),
        MessageCodec.Of<NodeCommandResult>(
            "PC",
            (w, m) =>
            {
                w.WriteNullableString(m.Name);
                w.WriteBool(m.Succeeded);
                w.WriteNullableString(m.Message);
                w.WriteNullableString(m.RequestId);
            },
            r => new NodeCommandResult(r.ReadNullableString()!, r.ReadBool(), r.ReadNullableString()!, r.ReadNullableString())),
    ];

    /// <summary>A provisioner command: the node and the request id its result carries back.</summary>
    private static void WriteCommand(WireWriter w, string name, string? requestId)
    {
        w.WriteNullableString(name);
        w.WriteNullableString(requestId);
    }
}
