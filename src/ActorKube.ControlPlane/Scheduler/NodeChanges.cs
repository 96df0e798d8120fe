using ActorKube.Core.Objects;
using ActorKube.Core.Scheduling;

namespace ActorKube.ControlPlane.Scheduler;

/// <summary>Which object changes can make an unschedulable pod schedulable (eventhandlers.go, isPodUpdated).</summary>
public static class NodeChanges
{
    /// <summary>
    /// nodeSchedulingPropertiesChange: unschedulable, allocatable, labels, taints or condition statuses.
    /// Heartbeat-only status updates move nothing.
    /// </summary>
    public static bool SchedulingPropertiesChanged(V1Node old, V1Node node)
    {
        if ((old.Spec?.Unschedulable == true) != (node.Spec?.Unschedulable == true))
        {
            return true;
        }

        if (!SameQuantities(old.Status?.Allocatable, node.Status?.Allocatable)
            || !SameMap(old.Metadata?.Labels, node.Metadata?.Labels))
        {
            return true;
        }

        if (!SameTaints(old.Spec?.Taints, node.Spec?.Taints))
        {
            return true;
        }

        return !SameConditions(old.Status?.Conditions, node.Status?.Conditions);
    }

    /// <summary>A pending pod changed in a way scheduling can see: spec, labels or annotations (not status).</summary>
    public static bool PodSpecChanged(V1Pod old, V1Pod pod) =>
        !SameMap(old.Metadata?.Labels, pod.Metadata?.Labels)
        || !SameMap(old.Metadata?.Annotations, pod.Metadata?.Annotations)
        || (!ReferenceEquals(old.Spec, pod.Spec) && !string.Equals(KubeSerializer.ToJson(old.Spec!), KubeSerializer.ToJson(pod.Spec!), StringComparison.Ordinal));

    private static bool SameQuantities(IDictionary<string, ResourceQuantity>? a, IDictionary<string, ResourceQuantity>? b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        if (ResourceMath.Read(a) != ResourceMath.Read(b))
        {
            return false;
        }

        var pa = a is not null && a.TryGetValue(ResourceMath.Pods, out var x) ? ResourceMath.Value(x) : 0;
        var pb = b is not null && b.TryGetValue(ResourceMath.Pods, out var y) ? ResourceMath.Value(y) : 0;
        return pa == pb;
    }

    private static bool SameMap(IDictionary<string, string>? a, IDictionary<string, string>? b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        if ((a?.Count ?? 0) != (b?.Count ?? 0))
        {
            return false;
        }

        if (a is null || b is null)
        {
            return true;
        }

        foreach (var (k, v) in a)
        {
            if (!b.TryGetValue(k, out var w) || !string.Equals(v, w, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static bool SameTaints(IList<V1Taint>? a, IList<V1Taint>? b)
    {
        if ((a?.Count ?? 0) != (b?.Count ?? 0))
        {
            return false;
        }

        for (var i = 0; i < (a?.Count ?? 0); i++)
        {
            if (a![i].Key != b![i].Key || a[i].Value != b[i].Value || a[i].Effect != b[i].Effect)
            {
                return false;
            }
        }

        return true;
    }

    private static bool SameConditions(IList<V1NodeCondition>? a, IList<V1NodeCondition>? b)
    {
        if ((a?.Count ?? 0) != (b?.Count ?? 0))
        {
            return false;
        }

        foreach (var c in a ?? [])
        {
            var match = b!.FirstOrDefault(d => d.Type == c.Type);
            if (match is null || match.Status != c.Status)
            {
                return false;
            }
        }

        return true;
    }
}
