using ActorKube.Core.Objects;

namespace ActorKube.Core.Controllers.NodeLifecycle;

/// <summary>
/// The node-health part of kube-controller-manager's node lifecycle controller
/// (pkg/controller/nodelifecycle: monitorNodeHealth, tryUpdateNodeHealth, processTaintBaseEviction,
/// doNoExecuteTaintingPass, markNodeAsReachable, MarkPodsNotReady). Pure: each pass takes the cached
/// node, its Lease and its pods and returns the requests to send.
/// <para>
/// A node is healthy while the controller keeps seeing its Ready heartbeat or its Lease renewTime
/// change; the probe timestamp is the controller's own clock when it last saw a change, as in
/// Kubernetes. When now &gt; probe + grace period (node-monitor-grace-period, or
/// node-startup-grace-period for a node that never posted Ready) all its conditions go Unknown.
/// From the Ready condition the node then has in the cache (the next pass), the node gets the
/// unreachable (Unknown) or not-ready (False) NoExecute taint, swapped when it changes and removed
/// when Ready again. Unlike Kubernetes, adding the taint is not rate-limited per zone
/// (--node-eviction-rate) and there is no zone disruption mode.
/// </para>
/// </summary>
public sealed class NodeHealthMonitor(TimeSpan monitorGracePeriod, TimeSpan startupGracePeriod)
{
    public const string ConditionReady = "Ready";
    public const string ReasonNodeStatusUnknown = "NodeStatusUnknown";
    public const string MessageNodeStatusUnknown = "Kubelet stopped posting node status.";
    public const string ReasonNodeStatusNeverUpdated = "NodeStatusNeverUpdated";
    public const string MessageNodeStatusNeverUpdated = "Kubelet never posted node status.";

    /// <summary>The conditions the controller turns Unknown (NetworkUnavailable is left alone, as in Kubernetes).</summary>
    public static readonly IReadOnlyList<string> MonitoredConditions = [ConditionReady, "MemoryPressure", "DiskPressure", "PIDPressure"];

    private readonly Dictionary<string, NodeHealth> _health = new(StringComparer.Ordinal);

    public TimeSpan MonitorGracePeriod { get; } = monitorGracePeriod;

    public TimeSpan StartupGracePeriod { get; } = startupGracePeriod;

    public bool IsKnown(string nodeName) => _health.ContainsKey(nodeName);

    /// <summary>The node was deleted: forget what was observed of it.</summary>
    public void Forget(string nodeName) => _health.Remove(nodeName);

    /// <summary>One monitor pass over one node.</summary>
    public IReadOnlyList<NodeLifecycleAction> Monitor(V1Node node, V1Lease? lease, IEnumerable<V1Pod> podsOnNode, DateTime now)
    {
        var actions = new List<NodeLifecycleAction>();
        var name = node.Metadata.Name;
        if (_health.TryGetValue(name, out var known) && known.WrittenFrom is { } written &&
            written.ResourceVersion == node.Metadata.ResourceVersion && now - written.At < MonitorGracePeriod)
        {
            // This pass updated the node from this version and the cache has not caught up yet:
            // deciding again from it would repeat the update (a 409) and the NodeNotReady event.
            return actions;
        }

        if (!_health.ContainsKey(name))
        {
            actions.Add(new RecordEventAction(node, "Normal", "RegisteredNode", $"Node {name} event: Registered Node {name} in Controller"));
        }

        var (observed, current, statusUpdate) = TryUpdateNodeHealth(node, lease, now);
        if (statusUpdate is not null)
        {
            actions.Add(new UpdateNodeStatusAction(statusUpdate));
        }

        if (current is null)
        {
            _health[name].WrittenFrom = statusUpdate is null ? null : (node.Metadata.ResourceVersion, now);
            return actions;
        }

        var taints = TaintUpdate(node, observed.Status, now);
        if (taints is not null)
        {
            actions.Add(taints);
        }

        if (current.Status != "True" && observed.Status == "True")
        {
            // Reported once, when the controller sees the transition (RecordNodeStatusChange).
            actions.Add(new RecordEventAction(node, "Normal", "NodeNotReady", $"Node {name} status is now: NodeNotReady"));
            actions.AddRange(MarkPodsNotReady(podsOnNode, name, now));
        }

        _health[name].WrittenFrom = actions.Any(a => a is UpdateNodeStatusAction or UpdateNodeTaintsAction)
            ? (node.Metadata.ResourceVersion, now)
            : null;
        return actions;
    }

    private (V1NodeCondition Observed, V1NodeCondition? Current, V1Node? StatusUpdate) TryUpdateNodeHealth(V1Node node, V1Lease? lease, DateTime now)
    {
        var name = node.Metadata.Name;
        var created = node.Metadata.CreationTimestamp ?? now;
        _health.TryGetValue(name, out var health);
        var currentReady = FindCondition(node.Status?.Conditions, ConditionReady);
        V1NodeCondition observed;
        TimeSpan grace;
        if (currentReady is null)
        {
            // Never posted: a fake Unknown condition dated at creation, with the startup grace period.
            observed = new V1NodeCondition { Type = ConditionReady, Status = "Unknown", LastHeartbeatTime = created, LastTransitionTime = created };
            grace = StartupGracePeriod;
            if (health is null)
            {
                health = new NodeHealth { Status = node.Status, ProbeTimestamp = created, ReadyTransitionTimestamp = created };
            }
            else
            {
                health.Status = node.Status;
            }
        }
        else
        {
            observed = currentReady;
            grace = MonitorGracePeriod;
        }

        var savedReady = health is null ? null : FindCondition(health.Status?.Conditions, ConditionReady);
        if (health is null)
        {
            health = new NodeHealth { Status = node.Status, ProbeTimestamp = now, ReadyTransitionTimestamp = now };
        }
        else if ((savedReady is null) != (currentReady is null))
        {
            health.Status = node.Status;
            health.ProbeTimestamp = now;
            health.ReadyTransitionTimestamp = now;
        }
        else if (savedReady is not null && currentReady is not null && savedReady.LastHeartbeatTime != currentReady.LastHeartbeatTime)
        {
            if (savedReady.LastTransitionTime != currentReady.LastTransitionTime)
            {
                health.ReadyTransitionTimestamp = now;
            }

            health.Status = node.Status;
            health.ProbeTimestamp = now;
        }

        // A renewed Lease always counts as a heartbeat.
        var renew = lease?.Spec?.RenewTime;
        if (renew is not null && (health.LeaseRenewTime is null || health.LeaseRenewTime < renew))
        {
            health.LeaseRenewTime = renew;
            health.ProbeTimestamp = now;
        }

        _health[name] = health;

        if (now <= health.ProbeTimestamp + grace)
        {
            return (observed, currentReady, null);
        }

        // Neither Ready heartbeat nor Lease within the grace period: every monitored condition goes Unknown.
        var conditions = node.Status?.Conditions?.Select(c => c with { }).ToList() ?? [];
        foreach (var type in MonitoredConditions)
        {
            var i = conditions.FindIndex(c => c.Type == type);
            if (i < 0)
            {
                conditions.Add(new V1NodeCondition
                {
                    Type = type,
                    Status = "Unknown",
                    Reason = ReasonNodeStatusNeverUpdated,
                    Message = MessageNodeStatusNeverUpdated,
                    LastHeartbeatTime = created,
                    LastTransitionTime = now,
                });
            }
            else if (conditions[i].Status != "Unknown")
            {
                conditions[i] = conditions[i] with
                {
                    Status = "Unknown",
                    Reason = ReasonNodeStatusUnknown,
                    Message = MessageNodeStatusUnknown,
                    LastTransitionTime = now,
                };
            }
        }

        var newReady = conditions.First(c => c.Type == ConditionReady);
        if (SameCondition(newReady, observed))
        {
            return (observed, newReady, null);
        }

        var updated = node with
        {
            Status = (node.Status ?? new V1NodeStatus()) with { Conditions = conditions },
        };
        health.Status = updated.Status;
        health.ReadyTransitionTimestamp = now;
        return (observed, newReady, updated);
    }

    /// <summary>processTaintBaseEviction + doNoExecuteTaintingPass, from the Ready status the node has in the cache.</summary>
    private static UpdateNodeTaintsAction? TaintUpdate(V1Node node, string? readyStatus, DateTime now)
    {
        var taints = node.Spec?.Taints;
        var hasUnreachable = TaintTolerations.TaintExists(taints, WellKnown.TaintNodeUnreachable, TaintTolerations.NoExecute);
        var hasNotReady = TaintTolerations.TaintExists(taints, WellKnown.TaintNodeNotReady, TaintTolerations.NoExecute);
        switch (readyStatus)
        {
            case "False" when !hasNotReady || hasUnreachable:
                return Swap(node, WellKnown.TaintNodeNotReady, WellKnown.TaintNodeUnreachable, now);
            case "Unknown" when !hasUnreachable || hasNotReady:
                return Swap(node, WellKnown.TaintNodeUnreachable, WellKnown.TaintNodeNotReady, now);
            case "True" when hasUnreachable || hasNotReady:
                var kept = taints!.Where(t => !IsControllerTaint(t)).ToList();
                return new UpdateNodeTaintsAction(WithTaints(node, kept), "remove node.kubernetes.io/unreachable, node.kubernetes.io/not-ready");
            default:
                return null;
        }
    }

    private static UpdateNodeTaintsAction Swap(V1Node node, string add, string remove, DateTime now)
    {
        var taints = node.Spec?.Taints?
            .Where(t => !(t.Effect == TaintTolerations.NoExecute && (t.Key == remove || t.Key == add)))
            .ToList() ?? [];
        var existing = node.Spec?.Taints?.FirstOrDefault(t => t.Key == add && t.Effect == TaintTolerations.NoExecute);
        taints.Add(existing ?? new V1Taint { Key = add, Effect = TaintTolerations.NoExecute, TimeAdded = now });
        return new UpdateNodeTaintsAction(WithTaints(node, taints), $"add {add}:NoExecute");
    }

    private static bool IsControllerTaint(V1Taint t) =>
        t.Effect == TaintTolerations.NoExecute && (t.Key == WellKnown.TaintNodeUnreachable || t.Key == WellKnown.TaintNodeNotReady);

    private static V1Node WithTaints(V1Node node, List<V1Taint> taints) =>
        node with { Spec = (node.Spec ?? new V1NodeSpec()) with { Taints = taints.Count == 0 ? null : taints } };

    /// <summary>controllerutil.MarkPodsNotReady: Ready=False on every pod of the node, with a NodeNotReady event.</summary>
    public static IEnumerable<NodeLifecycleAction> MarkPodsNotReady(IEnumerable<V1Pod> pods, string nodeName, DateTime now)
    {
        foreach (var pod in pods)
        {
            if (pod.Spec?.NodeName != nodeName || pod.Status?.Conditions is not { } conditions)
            {
                continue;
            }

            var i = conditions.ToList().FindIndex(c => c.Type == ConditionReady);
            if (i < 0 || conditions[i].Status == "False")
            {
                continue;
            }

            var newConditions = conditions.ToList();
            newConditions[i] = newConditions[i] with { Status = "False", LastTransitionTime = now };
            var updated = pod with { Status = pod.Status with { Conditions = newConditions } };
            yield return new UpdatePodStatusAction(updated);
            yield return new RecordEventAction(pod, "Warning", "NodeNotReady", "Node is not ready");
        }
    }

    private static V1NodeCondition? FindCondition(IList<V1NodeCondition>? conditions, string type) =>
        conditions?.FirstOrDefault(c => c.Type == type);

    private static bool SameCondition(V1NodeCondition a, V1NodeCondition b) =>
        a.Status == b.Status && a.Reason == b.Reason && a.Message == b.Message &&
        a.LastHeartbeatTime == b.LastHeartbeatTime && a.LastTransitionTime == b.LastTransitionTime;

    private sealed class NodeHealth
    {
        public V1NodeStatus? Status { get; set; }

        public DateTime ProbeTimestamp { get; set; }

        public DateTime ReadyTransitionTimestamp { get; set; }

        public DateTime? LeaseRenewTime { get; set; }

        /// <summary>The node version the last node update was computed from, and when.</summary>
        public (string? ResourceVersion, DateTime At)? WrittenFrom { get; set; }
    }
}
