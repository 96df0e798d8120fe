namespace ActorKube.Core.Scheduling.Plugins;

/// <summary>
/// NodeResourcesFit filter (noderesources/fit.go): the pod's requests must fit in allocatable minus
/// what the node's pods request, and the node must have room for one more pod. A request larger than
/// the node's whole allocatable is unresolvable (preemption would not help).
/// </summary>
public sealed class NodeResourcesFit : IFilterPlugin
{
    public const string PluginName = "NodeResourcesFit";
    public const string TooManyPods = "Too many pods";
    public const string InsufficientCpu = "Insufficient cpu";
    public const string InsufficientMemory = "Insufficient memory";

    // every combination of failures, shared: index = pods | cpu << 1 | memory << 2, plus an unresolvable flag
    private static readonly Status?[] Statuses = BuildStatuses();

    public string Name => PluginName;

    public Status? Filter(PodInfo pod, NodeInfo node)
    {
        var mask = 0;
        var unresolvable = false;
        if (node.PodCount + 1 > node.AllowedPodNumber)
        {
            mask |= 1;
        }

        var req = pod.Requests;
        if (req.MilliCpu != 0 || req.Memory != 0)
        {
            var alloc = node.Allocatable;
            var used = node.Requested;
            if (req.MilliCpu > 0 && req.MilliCpu > alloc.MilliCpu - used.MilliCpu)
            {
                mask |= 2;
                unresolvable |= req.MilliCpu > alloc.MilliCpu;
            }

            if (req.Memory > 0 && req.Memory > alloc.Memory - used.Memory)
            {
                mask |= 4;
                unresolvable |= req.Memory > alloc.Memory;
            }
        }

        return mask == 0 ? null : Statuses[mask | (unresolvable ? 8 : 0)];
    }

    private static Status?[] BuildStatuses()
    {
        var result = new Status?[16];
        for (var i = 1; i < 16; i++)
        {
            if ((i & 7) == 0)
            {
                continue;
            }

            var reasons = new List<string>();
            if ((i & 1) != 0)
            {
                reasons.Add(TooManyPods);
            }

            if ((i & 2) != 0)
            {
                reasons.Add(InsufficientCpu);
            }

            if ((i & 4) != 0)
            {
                reasons.Add(InsufficientMemory);
            }

            result[i] = new Status((i & 8) != 0 ? StatusCode.UnschedulableAndUnresolvable : StatusCode.Unschedulable, PluginName, [.. reasons]);
        }

        return result;
    }
}
