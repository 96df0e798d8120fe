using Akka.Configuration;

namespace ActorKube.ControlPlane.Controllers.NodeLifecycle;

/// <summary>
/// Settings of the node lifecycle controller, HOCON section <c>actorkube.node-lifecycle</c>, with the
/// kube-controller-manager defaults of Kubernetes 1.32: --node-monitor-period 5s,
/// --node-monitor-grace-period 50s (raised from 40s in 1.32, kubernetes/kubernetes#126287),
/// --node-startup-grace-period 60s. Durations are emulated time.
/// </summary>
public sealed record NodeLifecycleSettings(TimeSpan NodeMonitorPeriod, TimeSpan NodeMonitorGracePeriod, TimeSpan NodeStartupGracePeriod)
{
    public static NodeLifecycleSettings Default { get; } = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(50), TimeSpan.FromSeconds(60));

    /// <summary>Reads <c>node-monitor-period</c>, <c>node-monitor-grace-period</c>, <c>node-startup-grace-period</c> from the section.</summary>
    public static NodeLifecycleSettings FromConfig(Config? section)
    {
        if (section is null || section.IsEmpty)
        {
            return Default;
        }

        return new NodeLifecycleSettings(
            section.GetTimeSpan("node-monitor-period", Default.NodeMonitorPeriod, allowInfinite: false),
            section.GetTimeSpan("node-monitor-grace-period", Default.NodeMonitorGracePeriod, allowInfinite: false),
            section.GetTimeSpan("node-startup-grace-period", Default.NodeStartupGracePeriod, allowInfinite: false));
    }
}
