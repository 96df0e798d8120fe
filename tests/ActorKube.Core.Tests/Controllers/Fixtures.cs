using ActorKube.Core.Objects;

namespace ActorKube.Core.Tests.Controllers;

/// <summary>Objects for the controller tests, as newReplicaSet/newPod/newDeployment in Kubernetes' tests.</summary>
internal static class Fixtures
{
    public static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static int _uid;

    public static string Uid() => $"uid-{Interlocked.Increment(ref _uid)}";

    public static V1PodTemplateSpec Template(string image = "nginx:1.27", Dictionary<string, string>? labels = null) => new()
    {
        Metadata = new V1ObjectMeta { Labels = labels ?? new Dictionary<string, string> { ["app"] = "web" } },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "web", Image = image }] },
    };

    public static V1ReplicaSet ReplicaSet(string name, int replicas, string? trace = null) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "ReplicaSet",
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = "default",
            Uid = Uid(),
            Generation = 1,
            ResourceVersion = "1",
            Labels = new Dictionary<string, string> { ["app"] = "web" },
            Annotations = trace is null ? null : new Dictionary<string, string> { [WellKnown.TraceIdAnnotation] = trace },
        },
        Spec = new V1ReplicaSetSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
            Template = Template(),
        },
    };

    public static V1Pod Pod(string name, V1ReplicaSet? owner, string phase = "Running", bool ready = true, string node = "node-1",
        DateTime? created = null, DateTime? readySince = null, int restarts = 0)
    {
        var pod = new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = "default",
                Uid = Uid(),
                ResourceVersion = "1",
                Labels = new Dictionary<string, string> { ["app"] = "web" },
                CreationTimestamp = created ?? T0,
                OwnerReferences = owner is null ? null : [ObjectExtensions.OwnerReferenceTo(owner)],
            },
            Spec = new V1PodSpec { NodeName = node, Containers = [new V1Container { Name = "web", Image = "nginx:1.27" }] },
            Status = new V1PodStatus
            {
                Phase = phase,
                Conditions = [new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False", LastTransitionTime = readySince ?? T0 }],
                ContainerStatuses = [new V1ContainerStatus { Name = "web", Image = "nginx:1.27", ImageID = "", Ready = ready, RestartCount = restarts }],
            },
        };
        return pod;
    }

    public static V1Deployment Deployment(string name, int replicas, string? maxSurge = null, string? maxUnavailable = null, string strategy = "RollingUpdate", string image = "nginx:1.27") => new()
    {
        ApiVersion = "apps/v1",
        Kind = "Deployment",
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = "default",
            Uid = Uid(),
            Generation = 1,
            ResourceVersion = "1",
            Annotations = new Dictionary<string, string> { [WellKnown.TraceIdAnnotation] = "trace-1" },
        },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
            Template = Template(image),
            Strategy = new V1DeploymentStrategy
            {
                Type = strategy,
                RollingUpdate = strategy == "RollingUpdate" && (maxSurge is not null || maxUnavailable is not null)
                    ? new V1RollingUpdateDeployment { MaxSurge = maxSurge is null ? null : (IntOrString)maxSurge, MaxUnavailable = maxUnavailable is null ? null : (IntOrString)maxUnavailable }
                    : null,
            },
        },
        Status = new V1DeploymentStatus(),
    };
}
