using ActorKube.Core.Node;
using Akka.Configuration;

namespace ActorKube.Node.Kubelet;

/// <summary>Settings of every kubelet (HOCON section <c>actorkube.kubelet</c>), with the Kubernetes defaults.</summary>
public sealed record KubeletSettings
{
    public static readonly KubeletSettings Default = new();

    /// <summary>node-lease-renew-interval: how often the Lease in kube-node-lease is renewed.</summary>
    public TimeSpan NodeLeaseRenewInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Lease duration written in the Lease (kubelet --node-lease-duration-seconds).</summary>
    public int NodeLeaseDurationSeconds { get; init; } = 40;

    /// <summary>node-status-update-frequency: how often the kubelet checks whether its node status changed.</summary>
    public TimeSpan NodeStatusUpdateFrequency { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>node-status-report-frequency: the status is written at least this often even if unchanged.</summary>
    public TimeSpan NodeStatusReportFrequency { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>max-log-lines: lines kept per container instance.</summary>
    public int MaxLogLines { get; init; } = 1000;

    /// <summary>cluster-cidr: the pod network; each node gets a /24 of it by index.</summary>
    public string ClusterCidr { get; init; } = PodCidrAllocator.DefaultClusterCidr;

    /// <summary>Emulated container timings (image-pull-duration, container-start-duration, container-stop-duration).</summary>
    public EmulationDefaults Emulation { get; init; } = EmulationDefaults.Kubernetes;

    /// <summary>How long the kubelet waits before retrying a failed node registration.</summary>
    public TimeSpan RegistrationRetry { get; init; } = TimeSpan.FromSeconds(7);

    public static KubeletSettings FromConfig(Config? section)
    {
        if (section is null || section.IsEmpty)
        {
            return Default;
        }

        var d = Default;
        var e = EmulationDefaults.Kubernetes;
        return new KubeletSettings
        {
            NodeLeaseRenewInterval = section.GetTimeSpan("node-lease-renew-interval", d.NodeLeaseRenewInterval),
            NodeLeaseDurationSeconds = section.GetInt("node-lease-duration-seconds", d.NodeLeaseDurationSeconds),
            NodeStatusUpdateFrequency = section.GetTimeSpan("node-status-update-frequency", d.NodeStatusUpdateFrequency),
            NodeStatusReportFrequency = section.GetTimeSpan("node-status-report-frequency", d.NodeStatusReportFrequency),
            MaxLogLines = section.GetInt("max-log-lines", d.MaxLogLines),
            ClusterCidr = section.GetString("cluster-cidr", d.ClusterCidr),
            RegistrationRetry = section.GetTimeSpan("registration-retry", d.RegistrationRetry),
            Emulation = e with
            {
                ImagePullDuration = section.GetTimeSpan("image-pull-duration", e.ImagePullDuration),
                CachedPullDuration = section.GetTimeSpan("cached-image-pull-duration", e.CachedPullDuration),
                StartDuration = section.GetTimeSpan("container-start-duration", e.StartDuration),
                StopDuration = section.GetTimeSpan("container-stop-duration", e.StopDuration),
                UnknownCommandRunDuration = section.GetTimeSpan("unknown-command-run-duration", e.UnknownCommandRunDuration),
            },
        };
    }
}
