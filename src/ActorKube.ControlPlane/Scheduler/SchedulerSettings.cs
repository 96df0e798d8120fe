namespace ActorKube.ControlPlane.Scheduler;

/// <summary>Settings of kube-scheduler, HOCON section <c>actorkube.scheduler</c> (KubeSchedulerConfiguration defaults).</summary>
/// <param name="PercentageOfNodesToScore">percentage-of-nodes-to-score: 0 means adaptive (50% minus 1% per 125 nodes, at least 5%).</param>
/// <param name="PodInitialBackoff">pod-initial-backoff: first backoff after a failed attempt (podInitialBackoffSeconds).</param>
/// <param name="PodMaxBackoff">pod-max-backoff: the backoff doubles up to this (podMaxBackoffSeconds).</param>
/// <param name="BatchSize">batch-size: pods scheduled per self-message, so informer events and replies interleave.</param>
/// <param name="PodMaxInUnschedulablePodsDuration">pod-max-in-unschedulable-pods-duration: unschedulable pods are retried after this.</param>
public sealed record SchedulerSettings(
    int PercentageOfNodesToScore = 0,
    TimeSpan? PodInitialBackoff = null,
    TimeSpan? PodMaxBackoff = null,
    int BatchSize = 50,
    TimeSpan? PodMaxInUnschedulablePodsDuration = null)
{
    public TimeSpan InitialBackoff => PodInitialBackoff ?? TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff => PodMaxBackoff ?? TimeSpan.FromSeconds(10);

    public TimeSpan MaxInUnschedulable => PodMaxInUnschedulablePodsDuration ?? TimeSpan.FromMinutes(5);

    public static SchedulerSettings FromConfig(Akka.Configuration.Config? section)
    {
        var d = new SchedulerSettings();
        if (section is null || section.IsEmpty)
        {
            return d;
        }

        var s = new SchedulerSettings(
            section.GetInt("percentage-of-nodes-to-score", d.PercentageOfNodesToScore),
            section.GetTimeSpan("pod-initial-backoff", d.InitialBackoff, allowInfinite: false),
            section.GetTimeSpan("pod-max-backoff", d.MaxBackoff, allowInfinite: false),
            section.GetInt("batch-size", d.BatchSize),
            section.GetTimeSpan("pod-max-in-unschedulable-pods-duration", d.MaxInUnschedulable, allowInfinite: false));
        s.Validate();
        return s;
    }

    public void Validate()
    {
        if (PercentageOfNodesToScore is < 0 or > 100)
        {
            throw new ArgumentException($"actorkube.scheduler.percentage-of-nodes-to-score must be 0..100, not {PercentageOfNodesToScore}");
        }

        if (BatchSize < 1)
        {
            throw new ArgumentException($"actorkube.scheduler.batch-size must be at least 1, not {BatchSize}");
        }

        if (InitialBackoff <= TimeSpan.Zero || MaxBackoff < InitialBackoff)
        {
            throw new ArgumentException("actorkube.scheduler: pod-initial-backoff must be positive and at most pod-max-backoff");
        }
    }
}
