namespace ActorKube.Core.Scheduling.Plugins;

/// <summary>
/// NodeAffinity (nodeaffinity/node_affinity.go): the filter checks spec.nodeSelector and the required
/// node affinity terms; the score sums the weights of the preferred terms a node matches, normalized
/// so the best node gets 100.
/// </summary>
public sealed class NodeAffinity : IFilterPlugin, IScorePlugin
{
    public const string PluginName = "NodeAffinity";
    public const string ErrReasonPod = "node(s) didn't match Pod's node affinity/selector";

    private static readonly Status Failed = new(StatusCode.UnschedulableAndUnresolvable, PluginName, ErrReasonPod);

    public NodeAffinity(int weight = 2)
    {
        Weight = weight;
    }

    public string Name => PluginName;

    public int Weight { get; }

    public Status? Filter(PodInfo pod, NodeInfo node)
    {
        if (pod.NodeSelector.Length > 0 && !NodeSelectorMatcher.MatchesLabels(pod.NodeSelector, node.Labels))
        {
            return Failed;
        }

        if (pod.HasRequiredAffinity && !NodeSelectorMatcher.MatchesAny(pod.RequiredTerms, node.Name, node.Labels))
        {
            return Failed;
        }

        return null;
    }

    public bool Skip(PodInfo pod) => pod.PreferredTerms.Length == 0;

    public long Score(PodInfo pod, NodeInfo node)
    {
        long score = 0;
        var terms = pod.PreferredTerms;
        for (var i = 0; i < terms.Length; i++)
        {
            if (terms[i].Term.Matches(node.Name, node.Labels))
            {
                score += terms[i].Weight;
            }
        }

        return score;
    }

    public void Normalize(Span<long> scores) => ScoreMath.DefaultNormalize(scores, reverse: false);
}
