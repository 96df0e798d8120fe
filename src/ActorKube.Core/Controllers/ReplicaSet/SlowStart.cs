namespace ActorKube.Core.Controllers.ReplicaSet;

/// <summary>
/// slowStartBatch: calls are made in batches of 1, 2, 4, ... so that a template that always fails
/// (quota, bad image pull secret) fails once instead of burstReplicas times.
/// </summary>
public static class SlowStart
{
    /// <summary>Kubernetes' SlowStartInitialBatchSize.</summary>
    public const int InitialBatchSize = 1;

    /// <summary>The batch sizes for <paramref name="count"/> calls: 1, 2, 4, ... the last one cut to what remains.</summary>
    public static IReadOnlyList<int> Batches(int count, int initialBatchSize = InitialBatchSize)
    {
        var result = new List<int>();
        var remaining = count;
        var size = Math.Min(remaining, initialBatchSize);
        while (size > 0)
        {
            result.Add(size);
            remaining -= size;
            size = Math.Min(2 * size, remaining);
        }

        return result;
    }
}
