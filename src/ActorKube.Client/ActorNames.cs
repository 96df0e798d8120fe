namespace ActorKube.Client;

/// <summary>Actor names, in one place (kebab-case, as the Kubernetes components are called).</summary>
public static class ActorNames
{
    public const string ApiServer = "apiserver";
    public const string Etcd = "etcd";
    public const string Scheduler = "kube-scheduler";
    public const string ControllerManager = "kube-controller-manager";
    public const string NodeProvisioner = "node-provisioner";
    public const string ReplicaSetController = "replicaset-controller";
    public const string DeploymentController = "deployment-controller";
    public const string NodeLifecycleController = "node-lifecycle-controller";
    public const string GarbageCollector = "garbage-collector";
    public const string NamespaceController = "namespace-controller";

    /// <summary>The fault controller, named as Chaos Mesh's controller manager.</summary>
    public const string ChaosControllerManager = "chaos-controller-manager";
    public const string Nodes = "nodes";
    public const string ContainerRuntime = "container-runtime";
    public const string KubeProxy = "kube-proxy";

    public static string Node(string nodeName) => $"node-{nodeName}";

    public static string Pod(string ns, string name) => $"pod-{ns}.{name}";
}
