namespace ActorKube.Core.Objects;

/// <summary>Annotation, label, taint and finalizer names ActorKube and Kubernetes use.</summary>
public static class WellKnown
{
    /// <summary>Trace id that starts at an API request and is copied by controllers to the objects they create.</summary>
    public const string TraceIdAnnotation = "actorkube.io/trace-id";

    public const string DeploymentRevisionAnnotation = "deployment.kubernetes.io/revision";
    public const string DesiredReplicasAnnotation = "deployment.kubernetes.io/desired-replicas";
    public const string MaxReplicasAnnotation = "deployment.kubernetes.io/max-replicas";
    public const string PodTemplateHashLabel = "pod-template-hash";

    public const string TaintNodeNotReady = "node.kubernetes.io/not-ready";
    public const string TaintNodeUnreachable = "node.kubernetes.io/unreachable";
    public const string TaintNodeUnschedulable = "node.kubernetes.io/unschedulable";

    public const string FinalizerForeground = "foregroundDeletion";
    public const string FinalizerOrphan = "orphan";

    public const string LabelHostname = "kubernetes.io/hostname";
    public const string LabelOs = "kubernetes.io/os";
    public const string LabelArch = "kubernetes.io/arch";

    public const string NamespaceDefault = "default";
    public const string NamespaceSystem = "kube-system";
    public const string NamespaceNodeLease = "kube-node-lease";
}
