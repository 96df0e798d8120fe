using System.Globalization;
using System.Text;

namespace ActorKube.Core.Scheduling;

/// <summary>
/// Why no node fits a pod (framework.FitError): the failed status of every node, and the message
/// Kubernetes writes into the PodScheduled condition and the FailedScheduling event, e.g.
/// "0/5 nodes are available: 3 Insufficient cpu, 2 node(s) were unschedulable. preemption: 0/5 nodes
/// are available: 2 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod."
/// </summary>
public sealed class FitError
{
    public const string NoNodeAvailableFormat = "0/{0} nodes are available";
    public const string PreemptionNotHelpful = "Preemption is not helpful for scheduling";
    public const string NoPreemptionVictims = "No preemption victims found for incoming pod";
    public const string NoNodesAvailable = "no nodes available to schedule pods";
    public const string PreemptionPolicyNever = "not eligible due to preemptionPolicy=Never.";

    public FitError(PodInfo pod, int numAllNodes, IReadOnlyList<Status> nodeStatuses)
    {
        Pod = pod;
        NumAllNodes = numAllNodes;
        NodeStatuses = nodeStatuses;
    }

    public PodInfo Pod { get; }

    public int NumAllNodes { get; }

    /// <summary>One status per node that failed a filter.</summary>
    public IReadOnlyList<Status> NodeStatuses { get; }

    /// <summary>The filter message followed by what the DefaultPreemption PostFilter reports.</summary>
    public string Message => NumAllNodes == 0
        ? NoNodesAvailable
        : Format(NumAllNodes, NodeStatuses.SelectMany(s => s.Reasons), PostFilterMessage());

    /// <summary>
    /// DefaultPreemption's message. Preemption is emulated as finding no victims: nodes failing with an
    /// unresolvable status are "not helpful", the others have no lower-priority pods to evict.
    /// </summary>
    public string PostFilterMessage()
    {
        if (string.Equals(Pod.Pod.Spec?.PreemptionPolicy, "Never", StringComparison.Ordinal))
        {
            return "preemption: " + PreemptionPolicyNever;
        }

        var reasons = NodeStatuses.Select(s => s.Code == StatusCode.Unschedulable ? NoPreemptionVictims : PreemptionNotHelpful);
        return "preemption: " + Format(NumAllNodes, reasons, null);
    }

    /// <summary>FitError.Error(): "0/N nodes are available: " + the reason histogram sorted as strings.</summary>
    public static string Format(int numAllNodes, IEnumerable<string> reasons, string? postFilterMessage)
    {
        var histogram = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var r in reasons)
        {
            histogram[r] = histogram.GetValueOrDefault(r) + 1;
        }

        var sb = new StringBuilder();
        sb.Append(string.Format(CultureInfo.InvariantCulture, NoNodeAvailableFormat, numAllNodes)).Append(':');
        if (histogram.Count > 0)
        {
            // Go's sort.Strings on "count reason": byte order, so "10 x" sorts before "2 y"
            var items = histogram.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Value} {kv.Key}")).ToList();
            items.Sort(StringComparer.Ordinal);
            sb.Append(' ').Append(string.Join(", ", items)).Append('.');
        }

        if (!string.IsNullOrEmpty(postFilterMessage))
        {
            sb.Append(' ').Append(postFilterMessage);
        }

        return sb.ToString();
    }
}
