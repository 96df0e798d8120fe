namespace ActorKube.Core.Scheduling;

/// <summary>A pod in the scheduling queue with its attempt bookkeeping (framework.QueuedPodInfo).</summary>
public sealed class QueuedPodInfo
{
    public QueuedPodInfo(PodInfo pod, DateTime now)
    {
        PodInfo = pod;
        Timestamp = now;
        InitialAttemptTimestamp = now;
    }

    public PodInfo PodInfo { get; internal set; }

    public string Key => PodInfo.Key;

    /// <summary>When the pod was last added to a queue; backoff counts from here.</summary>
    public DateTime Timestamp { get; internal set; }

    public DateTime InitialAttemptTimestamp { get; }

    /// <summary>Scheduling attempts so far (incremented on pop).</summary>
    public int Attempts { get; internal set; }

    /// <summary>Insertion sequence: the FIFO tie-breaker inside a queue.</summary>
    internal long Seq { get; set; }

    internal DateTime BackoffExpiry { get; set; }
}
