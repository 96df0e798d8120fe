namespace ActorKube.Core.Controllers.ReplicaSet;

/// <summary>The pod helpers of pkg/api/v1/pod and pkg/controller that the workload controllers share.</summary>
public static class PodUtil
{
    public static bool IsPodReady(V1Pod pod) => ReadyCondition(pod)?.Status == "True";

    public static V1PodCondition? ReadyCondition(V1Pod pod) => ReadyCondition(pod.Status);

    public static V1PodCondition? ReadyCondition(V1PodStatus? status)
    {
        // A loop, not FirstOrDefault: a ReplicaSet's status looks at every one of its pods on every sync.
        if (status?.Conditions is not { } conditions)
        {
            return null;
        }

        for (var i = 0; i < conditions.Count; i++)
        {
            if (conditions[i].Type == "Ready")
            {
                return conditions[i];
            }
        }

        return null;
    }

    /// <summary>Ready for at least minReadySeconds (podutil.IsPodAvailable).</summary>
    public static bool IsPodAvailable(V1Pod pod, int minReadySeconds, DateTime now) => IsAvailable(ReadyCondition(pod), minReadySeconds, now);

    /// <summary>podutil.IsPodAvailable from the pod's Ready condition, already found.</summary>
    public static bool IsAvailable(V1PodCondition? ready, int minReadySeconds, DateTime now) =>
        ready?.Status == "True" && (minReadySeconds == 0 || (ready.LastTransitionTime is { } t && t.AddSeconds(minReadySeconds) < now));

    /// <summary>controller.IsPodActive: not Succeeded, not Failed, not being deleted.</summary>
    public static bool IsPodActive(V1Pod pod) =>
        pod.Status?.Phase is not ("Succeeded" or "Failed") && pod.Metadata.DeletionTimestamp is null;

    public static int MaxContainerRestarts(V1Pod pod) =>
        pod.Status?.ContainerStatuses is { Count: > 0 } cs ? cs.Max(c => c.RestartCount) : 0;

    public static string Key(V1Pod pod) => $"{pod.Metadata.NamespaceProperty}/{pod.Metadata.Name}";
}
