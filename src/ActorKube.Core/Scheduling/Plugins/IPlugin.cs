namespace ActorKube.Core.Scheduling.Plugins;

/// <summary>A Filter extension point plugin: null when the node fits, else a shared failure status.</summary>
public interface IFilterPlugin
{
    string Name { get; }

    /// <summary>Must not allocate: it runs once per pod and node.</summary>
    Status? Filter(PodInfo pod, NodeInfo node);
}

/// <summary>A Score extension point plugin with its NormalizeScore and weight.</summary>
public interface IScorePlugin
{
    string Name { get; }

    int Weight { get; }

    /// <summary>PreScore returning Skip: the plugin scores nothing for this pod (every node gets 0).</summary>
    bool Skip(PodInfo pod);

    /// <summary>Raw score; after <see cref="Normalize"/> it must be within 0..100.</summary>
    long Score(PodInfo pod, NodeInfo node);

    void Normalize(Span<long> scores);
}

/// <summary>Score helpers of the framework (MaxNodeScore, helper.DefaultNormalizeScore).</summary>
public static class ScoreMath
{
    public const long MaxNodeScore = 100;

    /// <summary>Scales scores so the highest is 100 (0..100); with reverse, the highest becomes 0.</summary>
    public static void DefaultNormalize(Span<long> scores, bool reverse)
    {
        long max = 0;
        foreach (var s in scores)
        {
            if (s > max)
            {
                max = s;
            }
        }

        if (max == 0)
        {
            if (reverse)
            {
                scores.Fill(MaxNodeScore);
            }

            return;
        }

        for (var i = 0; i < scores.Length; i++)
        {
            var s = MaxNodeScore * scores[i] / max;
            scores[i] = reverse ? MaxNodeScore - s : s;
        }
    }
}
