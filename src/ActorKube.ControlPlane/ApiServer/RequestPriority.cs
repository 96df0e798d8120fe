using ActorKube.Client;

namespace ActorKube.ControlPlane.ApiServer;

/// <summary>The apiserver's priority levels, a small API Priority and Fairness: the highest waiting level goes first,
/// with a share kept for the one below it (<see cref="ApiServerMessageQueue"/>).</summary>
public enum PriorityLevel
{
    /// <summary>Not a request: etcd's replies and watch events, timers, deaths. They finish work already admitted.</summary>
    Exempt = 0,

    /// <summary>The scheduler's and the controllers' requests (APF's workload-high for kube-controller-manager and
    /// kube-scheduler): a ReplicaSet's slow-start batch waits for all its replies, so it should not queue behind a
    /// thousand kubelets' status writes.</summary>
    ControlPlane = 1,

    /// <summary>Everything else: kubelets and pods, Events, kubectl and other clients.</summary>
    Default = 2,
}

/// <summary>Which level a message of the apiserver's mailbox belongs to.</summary>
public static class RequestPriority
{
    private static readonly HashSet<string> ControlPlaneComponents = new(StringComparer.Ordinal)
    {
        ActorNames.Scheduler,
        ActorNames.ControllerManager,
        ActorNames.GarbageCollector,
        ActorNames.NamespaceController,
    };

    /// <remarks>Only requests are reordered: within a level a sender's messages keep their order, and each sender
    /// sends all its requests on one level (its Events and watch cancellations, on Default, may pass or trail them).</remarks>
    public static PriorityLevel Of(object message) => message switch
    {
        CreateObject { Object: Corev1Event } => PriorityLevel.Default,
        CancelWatch => PriorityLevel.Default,
        ApiRequest { From: { } from } when IsControlPlane(from) => PriorityLevel.ControlPlane,
        ApiRequest => PriorityLevel.Default,
        _ => PriorityLevel.Exempt,
    };

    private static bool IsControlPlane(string component) =>
        ControlPlaneComponents.Contains(component) || component.EndsWith("-controller", StringComparison.Ordinal);
}
