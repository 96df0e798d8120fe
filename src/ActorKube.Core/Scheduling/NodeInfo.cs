namespace ActorKube.Core.Scheduling;

/// <summary>
/// A node and the pods assigned (or assumed) to it, with the sums the filters read as plain longs
/// (framework.NodeInfo). Node-derived data (allocatable, taints, unschedulable) is precomputed when
/// the node is set so a filter check allocates nothing.
/// </summary>
public sealed class NodeInfo
{
    private static readonly V1Taint[] NoTaints = [];
    private readonly Dictionary<string, PodInfo> _pods = new(StringComparer.Ordinal);

    public NodeInfo(string name)
    {
        Name = name;
    }

    public NodeInfo(V1Node node)
        : this(node.Metadata.Name)
    {
        SetNode(node);
    }

    public string Name { get; }

    /// <summary>Null while pods reference a node the cache has not seen (yet or any more).</summary>
    public V1Node? Node { get; private set; }

    public ResourceAmounts Allocatable { get; private set; }

    public long AllowedPodNumber { get; private set; }

    public ResourceAmounts Requested { get; private set; }

    public ResourceAmounts NonZeroRequested { get; private set; }

    public int PodCount => _pods.Count;

    public IReadOnlyDictionary<string, PodInfo> Pods => _pods;

    public IDictionary<string, string>? Labels { get; private set; }

    public bool Unschedulable { get; private set; }

    /// <summary>NoSchedule and NoExecute taints, and the failure status of each (precomputed message).</summary>
    public V1Taint[] HardTaints { get; private set; } = NoTaints;

    public Status[] HardTaintStatuses { get; private set; } = [];

    public V1Taint[] PreferNoScheduleTaints { get; private set; } = NoTaints;

    /// <summary>Bumped on every change, like NodeInfo.Generation.</summary>
    public long Generation { get; private set; }

    /// <summary>Last resource scores: pods of one workload request the same, and most nodes do not change between two of them.</summary>
    internal ScoreMemo LeastAllocatedMemo;

    internal ScoreMemo BalancedAllocationMemo;

    public void SetNode(V1Node node)
    {
        Node = node;
        var status = node.Status;
        var alloc = status?.Allocatable ?? status?.Capacity;
        Allocatable = ResourceMath.Read(alloc);
        AllowedPodNumber = alloc is not null && alloc.TryGetValue(ResourceMath.Pods, out var p) ? ResourceMath.Value(p) : 0;
        Labels = node.Metadata?.Labels;
        Unschedulable = node.Spec?.Unschedulable == true;
        var taints = node.Spec?.Taints;
        if (taints is null || taints.Count == 0)
        {
            HardTaints = NoTaints;
            HardTaintStatuses = [];
            PreferNoScheduleTaints = NoTaints;
        }
        else
        {
            HardTaints = [.. taints.Where(t => t.Effect is Tolerations.NoSchedule or Tolerations.NoExecute)];
            HardTaintStatuses = [.. HardTaints.Select(Plugins.TaintToleration.UntoleratedStatus)];
            PreferNoScheduleTaints = [.. taints.Where(t => t.Effect == Tolerations.PreferNoSchedule)];
        }

        Generation++;
    }

    public void ClearNode()
    {
        Node = null;
        Generation++;
    }

    public void AddPod(PodInfo pod)
    {
        if (!_pods.TryAdd(pod.Key, pod))
        {
            RemovePod(pod.Key);
            _pods.Add(pod.Key, pod);
        }

        Requested += pod.Requests;
        NonZeroRequested += pod.NonZeroRequests;
        Generation++;
    }

    public bool RemovePod(string key)
    {
        if (!_pods.Remove(key, out var pod))
        {
            return false;
        }

        Requested -= pod.Requests;
        NonZeroRequested -= pod.NonZeroRequests;
        Generation++;
        return true;
    }

    public override string ToString() =>
        $"{Name}: cpu {Requested.MilliCpu}/{Allocatable.MilliCpu}m, memory {Requested.Memory}/{Allocatable.Memory}, pods {PodCount}/{AllowedPodNumber}";
}

/// <summary>A score remembered for one node generation and one pod request.</summary>
internal struct ScoreMemo
{
    public long Generation;
    public ResourceAmounts Request;
    public long Score;

    public readonly bool TryGet(long generation, ResourceAmounts request, out long score)
    {
        score = Score;
        return Generation == generation && Request == request && generation != 0;
    }

    public void Set(long generation, ResourceAmounts request, long score)
    {
        Generation = generation;
        Request = request;
        Score = score;
    }
}
