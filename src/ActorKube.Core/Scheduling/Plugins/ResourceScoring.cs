namespace ActorKube.Core.Scheduling.Plugins;

/// <summary>
/// NodeResourcesFit's LeastAllocated scoring strategy (noderesources/least_allocated.go): the free share
/// of cpu and memory after placing the pod, weight 1 each, on the non-zero requests.
/// </summary>
public sealed class NodeResourcesLeastAllocated : IScorePlugin
{
    public const string PluginName = "NodeResourcesLeastAllocated";

    public NodeResourcesLeastAllocated(int weight = 1)
    {
        Weight = weight;
    }

    public string Name => PluginName;

    public int Weight { get; }

    public bool Skip(PodInfo pod) => false;

    public long Score(PodInfo pod, NodeInfo node)
    {
        if (node.LeastAllocatedMemo.TryGet(node.Generation, pod.NonZeroRequests, out var memo))
        {
            return memo;
        }

        var score = Compute(pod, node);
        node.LeastAllocatedMemo.Set(node.Generation, pod.NonZeroRequests, score);
        return score;
    }

    private static long Compute(PodInfo pod, NodeInfo node)
    {
        var alloc = node.Allocatable;
        var requested = node.NonZeroRequested + pod.NonZeroRequests;
        long score = 0, weights = 0;
        if (alloc.MilliCpu != 0)
        {
            score += LeastRequested(requested.MilliCpu, alloc.MilliCpu);
            weights++;
        }

        if (alloc.Memory != 0)
        {
            score += LeastRequested(requested.Memory, alloc.Memory);
            weights++;
        }

        return weights == 0 ? 0 : score / weights;
    }

    public void Normalize(Span<long> scores)
    {
    }

    public static long LeastRequested(long requested, long capacity) =>
        capacity == 0 || requested > capacity ? 0 : (capacity - requested) * ScoreMath.MaxNodeScore / capacity;
}

/// <summary>
/// NodeResourcesBalancedAllocation (noderesources/balanced_allocation.go): favors nodes whose cpu and
/// memory fractions stay close after placing the pod: (1 - |cpu - memory| / 2) * 100, on actual requests.
/// </summary>
public sealed class NodeResourcesBalancedAllocation : IScorePlugin
{
    public const string PluginName = "NodeResourcesBalancedAllocation";

    public NodeResourcesBalancedAllocation(int weight = 1)
    {
        Weight = weight;
    }

    public string Name => PluginName;

    public int Weight { get; }

    public bool Skip(PodInfo pod) => false;

    public long Score(PodInfo pod, NodeInfo node)
    {
        if (node.BalancedAllocationMemo.TryGet(node.Generation, pod.Requests, out var memo))
        {
            return memo;
        }

        var score = Compute(pod, node);
        node.BalancedAllocationMemo.Set(node.Generation, pod.Requests, score);
        return score;
    }

    private static long Compute(PodInfo pod, NodeInfo node)
    {
        var alloc = node.Allocatable;
        if (alloc.MilliCpu == 0 || alloc.Memory == 0)
        {
            // fewer than two resources: the standard deviation is 0
            return ScoreMath.MaxNodeScore;
        }

        var requested = node.Requested + pod.Requests;
        var cpu = Math.Min(1.0, (double)requested.MilliCpu / alloc.MilliCpu);
        var mem = Math.Min(1.0, (double)requested.Memory / alloc.Memory);
        var std = Math.Abs((cpu - mem) / 2);
        return (long)((1 - std) * ScoreMath.MaxNodeScore);
    }

    public void Normalize(Span<long> scores)
    {
    }
}
