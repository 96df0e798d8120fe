using ActorKube.Core.Scheduling.Plugins;

namespace ActorKube.Core.Scheduling;

/// <summary>The outcome of one scheduling cycle: a node, or the reasons no node fits.</summary>
public sealed record ScheduleResult(string? NodeName, int EvaluatedNodes, int FeasibleNodes, FitError? Error)
{
    public bool Success => NodeName is not null;
}

/// <summary>
/// schedulePod of kube-scheduler (schedule_one.go): filter nodes starting at a rotating index until
/// enough feasible ones are found (percentageOfNodesToScore), score them with the weighted, normalized
/// score plugins and pick the best (ties broken at random). Filter and score buffers are reused, so a
/// cycle allocates nothing per node.
/// </summary>
public sealed class SchedulingAlgorithm
{
    /// <summary>Below this many nodes every node is checked (minFeasibleNodesToFind).</summary>
    public const int MinFeasibleNodesToFind = 100;

    /// <summary>The adaptive percentage never drops below this (minFeasibleNodesPercentageToFind).</summary>
    public const int MinFeasibleNodesPercentageToFind = 5;

    private readonly SchedulerCache _cache;
    private readonly IFilterPlugin[] _filters;
    private readonly IScorePlugin[] _scorers;
    private readonly int _percentageOfNodesToScore;
    private readonly Random _random;
    private NodeInfo[] _feasible = [];
    private Status?[] _statuses = [];
    private long[] _scratch = [];
    private long[] _totals = [];

    public SchedulingAlgorithm(SchedulerCache cache, int percentageOfNodesToScore = 0, Random? random = null, IFilterPlugin[]? filters = null, IScorePlugin[]? scorers = null)
    {
        _cache = cache;
        _percentageOfNodesToScore = percentageOfNodesToScore;
        _random = random ?? new Random(0);
        _filters = filters ?? DefaultFilters();
        _scorers = scorers ?? DefaultScorers();
    }

    /// <summary>Where the next cycle starts filtering, so successive pods spread over all nodes.</summary>
    public int NextStartNodeIndex { get; private set; }

    /// <summary>The default profile's filters, in the order Kubernetes runs them.</summary>
    public static IFilterPlugin[] DefaultFilters() =>
        [new NodeUnschedulable(), new NodeName(), new TaintToleration(), new NodeAffinity(), new NodeResourcesFit()];

    /// <summary>The default profile's scores with their default weights.</summary>
    public static IScorePlugin[] DefaultScorers() =>
        [new TaintToleration(3), new NodeAffinity(2), new NodeResourcesLeastAllocated(1), new NodeResourcesBalancedAllocation(1)];

    /// <summary>numFeasibleNodesToFind: 50% - 1% per 125 nodes (at least 5%) when the setting is 0, and at least 100 nodes.</summary>
    public static int NumFeasibleNodesToFind(int percentageOfNodesToScore, int numAllNodes)
    {
        if (numAllNodes < MinFeasibleNodesToFind || percentageOfNodesToScore >= 100)
        {
            return numAllNodes;
        }

        var percentage = percentageOfNodesToScore;
        if (percentage <= 0)
        {
            percentage = 50 - (numAllNodes / 125);
            if (percentage < MinFeasibleNodesPercentageToFind)
            {
                percentage = MinFeasibleNodesPercentageToFind;
            }
        }

        var numNodes = (int)((long)numAllNodes * percentage / 100);
        return numNodes < MinFeasibleNodesToFind ? MinFeasibleNodesToFind : numNodes;
    }

    public ScheduleResult Schedule(PodInfo pod)
    {
        var nodes = _cache.Nodes;
        var numAll = nodes.Length;
        if (numAll == 0)
        {
            return new ScheduleResult(null, 0, 0, new FitError(pod, 0, []));
        }

        EnsureCapacity(numAll);
        var toFind = NumFeasibleNodesToFind(_percentageOfNodesToScore, numAll);
        var feasible = 0;
        var failed = 0;
        var start = NextStartNodeIndex % numAll;
        var processed = 0;
        for (var i = 0; i < numAll && feasible < toFind; i++)
        {
            var node = nodes[(start + i) % numAll];
            processed++;
            var status = RunFilters(pod, node);
            if (status is null)
            {
                _feasible[feasible++] = node;
            }
            else
            {
                _statuses[failed++] = status;
            }
        }

        NextStartNodeIndex = (start + processed) % numAll;
        if (feasible == 0)
        {
            var statuses = new Status[failed];
            Array.Copy(_statuses, statuses, failed);
            Array.Clear(_statuses, 0, failed);
            return new ScheduleResult(null, processed, 0, new FitError(pod, numAll, statuses));
        }

        Array.Clear(_statuses, 0, failed);
        if (feasible == 1)
        {
            var only = _feasible[0].Name;
            _feasible[0] = null!;
            return new ScheduleResult(only, processed, 1, null);
        }

        var best = SelectHost(pod, feasible);
        Array.Clear(_feasible, 0, feasible);
        return new ScheduleResult(best, processed, feasible, null);
    }

    /// <summary>Runs the filters in order and stops at the first failure (RunFilterPlugins).</summary>
    public Status? RunFilters(PodInfo pod, NodeInfo node)
    {
        var filters = _filters;
        for (var f = 0; f < filters.Length; f++)
        {
            var status = filters[f].Filter(pod, node);
            if (status is not null)
            {
                return status;
            }
        }

        return null;
    }

    private string SelectHost(PodInfo pod, int feasible)
    {
        var totals = _totals.AsSpan(0, feasible);
        totals.Clear();
        var scratch = _scratch.AsSpan(0, feasible);
        foreach (var plugin in _scorers)
        {
            if (plugin.Skip(pod))
            {
                continue;
            }

            for (var i = 0; i < feasible; i++)
            {
                scratch[i] = plugin.Score(pod, _feasible[i]);
            }

            plugin.Normalize(scratch);
            var weight = plugin.Weight;
            for (var i = 0; i < feasible; i++)
            {
                totals[i] += scratch[i] * weight;
            }
        }

        // reservoir sampling among the nodes with the top score, as selectHost does
        var bestIndex = 0;
        var bestScore = totals[0];
        var ties = 1;
        for (var i = 1; i < feasible; i++)
        {
            if (totals[i] > bestScore)
            {
                bestScore = totals[i];
                bestIndex = i;
                ties = 1;
            }
            else if (totals[i] == bestScore)
            {
                ties++;
                if (_random.Next(ties) == 0)
                {
                    bestIndex = i;
                }
            }
        }

        return _feasible[bestIndex].Name;
    }

    private void EnsureCapacity(int n)
    {
        if (_feasible.Length < n)
        {
            _feasible = new NodeInfo[n];
            _statuses = new Status?[n];
            _scratch = new long[n];
            _totals = new long[n];
        }
    }
}
