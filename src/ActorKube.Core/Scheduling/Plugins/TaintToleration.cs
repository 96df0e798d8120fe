namespace ActorKube.Core.Scheduling.Plugins;

/// <summary>
/// TaintToleration (tainttoleration/taint_toleration.go): the filter rejects a node with a NoSchedule or
/// NoExecute taint the pod does not tolerate; the score counts untolerated PreferNoSchedule taints,
/// reversed so the node with the most gets 0.
/// </summary>
public sealed class TaintToleration : IFilterPlugin, IScorePlugin
{
    public const string PluginName = "TaintToleration";

    public TaintToleration(int weight = 3)
    {
        Weight = weight;
    }

    public string Name => PluginName;

    public int Weight { get; }

    /// <summary>The failure for one taint, computed once per node change (NodeInfo.HardTaintStatuses).</summary>
    public static Status UntoleratedStatus(V1Taint taint) =>
        new(StatusCode.UnschedulableAndUnresolvable, PluginName, $"node(s) had untolerated taint {{{taint.Key}: {taint.Value}}}");

    public Status? Filter(PodInfo pod, NodeInfo node)
    {
        var taints = node.HardTaints;
        for (var i = 0; i < taints.Length; i++)
        {
            if (!Tolerations.AnyTolerates(pod.Tolerations, taints[i]))
            {
                return node.HardTaintStatuses[i];
            }
        }

        return null;
    }

    public bool Skip(PodInfo pod) => false;

    public long Score(PodInfo pod, NodeInfo node)
    {
        var taints = node.PreferNoScheduleTaints;
        long count = 0;
        for (var i = 0; i < taints.Length; i++)
        {
            if (!Tolerations.AnyTolerates(pod.PreferNoScheduleTolerations, taints[i]))
            {
                count++;
            }
        }

        return count;
    }

    public void Normalize(Span<long> scores) => ScoreMath.DefaultNormalize(scores, reverse: true);
}
