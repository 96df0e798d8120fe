using ActorKube.Core.Objects;

namespace ActorKube.Core.Scheduling.Plugins;

/// <summary>
/// NodeUnschedulable filter (nodeunschedulable/node_unschedulable.go): a cordoned node (spec.unschedulable)
/// only takes pods that tolerate the node.kubernetes.io/unschedulable:NoSchedule taint.
/// </summary>
public sealed class NodeUnschedulable : IFilterPlugin
{
    public const string PluginName = "NodeUnschedulable";
    public const string ErrReason = "node(s) were unschedulable";

    private static readonly Status Failed = new(StatusCode.UnschedulableAndUnresolvable, PluginName, ErrReason);
    private static readonly V1Taint UnschedulableTaint = new() { Key = WellKnown.TaintNodeUnschedulable, Effect = Tolerations.NoSchedule };

    public string Name => PluginName;

    public Status? Filter(PodInfo pod, NodeInfo node) =>
        !node.Unschedulable || Tolerations.AnyTolerates(pod.Tolerations, UnschedulableTaint) ? null : Failed;
}
