namespace ActorKube.Core.Scheduling.Plugins;

/// <summary>NodeName filter (nodename/node_name.go): a pod with spec.nodeName fits only that node.</summary>
public sealed class NodeName : IFilterPlugin
{
    public const string PluginName = "NodeName";
    public const string ErrReason = "node(s) didn't match the requested node name";

    private static readonly Status Failed = new(StatusCode.UnschedulableAndUnresolvable, PluginName, ErrReason);

    public string Name => PluginName;

    public Status? Filter(PodInfo pod, NodeInfo node) =>
        pod.NodeName.Length == 0 || string.Equals(pod.NodeName, node.Name, StringComparison.Ordinal) ? null : Failed;
}
