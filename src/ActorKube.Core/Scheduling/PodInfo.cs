using ActorKube.Core.Objects;

namespace ActorKube.Core.Scheduling;

/// <summary>
/// A pod with everything the plugins need precomputed once (framework.PodInfo plus the plugins'
/// PreFilter state): requests as longs, tolerations, compiled node affinity. Immutable.
/// </summary>
public sealed class PodInfo
{
    public const string DefaultSchedulerName = "default-scheduler";

    public PodInfo(V1Pod pod)
    {
        Pod = pod;
        Key = pod.KeyOf();
        var spec = pod.Spec;
        Priority = spec?.Priority ?? 0;
        Requests = ResourceMath.PodRequests(pod);
        NonZeroRequests = ResourceMath.PodRequests(pod, nonZero: true);
        NodeName = spec?.NodeName ?? "";
        Tolerations = spec?.Tolerations is null ? [] : [.. spec.Tolerations];
        PreferNoScheduleTolerations = [.. Tolerations.Where(t => string.IsNullOrEmpty(t.Effect) || t.Effect == Scheduling.Tolerations.PreferNoSchedule)];
        NodeSelector = spec?.NodeSelector is null ? [] : [.. spec.NodeSelector];
        var nodeAffinity = spec?.Affinity?.NodeAffinity;
        var required = nodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution;
        HasRequiredAffinity = required is not null;
        RequiredTerms = NodeSelectorMatcher.Compile(required);
        PreferredTerms = nodeAffinity?.PreferredDuringSchedulingIgnoredDuringExecution is { } preferred
            ? [.. preferred.Where(p => p.Weight != 0 && p.Preference is not null).Select(p => (p.Weight, new CompiledTerm(p.Preference)))]
            : [];
    }

    public V1Pod Pod { get; }

    public string Key { get; }

    public int Priority { get; }

    public ResourceAmounts Requests { get; }

    /// <summary>Requests with 100m / 200Mi for containers that have none (for scoring).</summary>
    public ResourceAmounts NonZeroRequests { get; }

    public string NodeName { get; }

    public V1Toleration[] Tolerations { get; }

    public V1Toleration[] PreferNoScheduleTolerations { get; }

    public KeyValuePair<string, string>[] NodeSelector { get; }

    public bool HasRequiredAffinity { get; }

    public CompiledTerm[] RequiredTerms { get; }

    public (int Weight, CompiledTerm Term)[] PreferredTerms { get; }

    /// <summary>Whether this scheduler is responsible: spec.schedulerName empty or default-scheduler.</summary>
    public static bool IsForDefaultScheduler(V1Pod pod) =>
        string.IsNullOrEmpty(pod.Spec?.SchedulerName) || string.Equals(pod.Spec.SchedulerName, DefaultSchedulerName, StringComparison.Ordinal);

    public static bool IsAssigned(V1Pod pod) => !string.IsNullOrEmpty(pod.Spec?.NodeName);

    public static bool IsTerminal(V1Pod pod) => pod.Status?.Phase is "Succeeded" or "Failed";
}
