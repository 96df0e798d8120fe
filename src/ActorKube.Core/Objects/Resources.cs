using ActorKube.Core.Objects.Chaos;
using k8s.Models;

namespace ActorKube.Core.Objects;

/// <summary>The kinds ActorKube serves, and lookups by kind, plural, short name and CLR type.</summary>
public static class Resources
{
    /// <summary>The category of the kinds `kubectl get all` lists (pods, services and the workload controllers).</summary>
    private static readonly IReadOnlyList<string> CategoryAll = ["all"];

    public static readonly ResourceInfo Namespaces = new("", "v1", "namespaces", "Namespace", false, typeof(V1Namespace), ["ns"])
    {
        // The namespace registry has no DeleteCollection.
        Verbs = ["create", "delete", "get", "list", "patch", "update", "watch"],
        Subresources = [new("finalize", "Namespace", ["update"]), SubresourceInfo.Status("Namespace")],
    };

    public static readonly ResourceInfo Nodes = new("", "v1", "nodes", "Node", false, typeof(V1Node), ["no"])
    {
        Subresources = [SubresourceInfo.Status("Node")],
    };

    public static readonly ResourceInfo Pods = new("", "v1", "pods", "Pod", true, typeof(V1Pod), ["po"])
    {
        Categories = CategoryAll,
        Subresources =
        [
            new("binding", "Binding", ["create"], ClrType: typeof(V1Binding)),
            new("eviction", "Eviction", ["create"], "policy", "v1", typeof(V1Eviction)),
            new("log", "Pod", ["get"]),
            SubresourceInfo.Status("Pod"),
        ],
    };

    public static readonly ResourceInfo Events = new("", "v1", "events", "Event", true, typeof(Corev1Event), ["ev"]);

    public static readonly ResourceInfo Services = new("", "v1", "services", "Service", true, typeof(V1Service), ["svc"])
    {
        Categories = CategoryAll,
        Subresources = [SubresourceInfo.Status("Service")],
    };

    public static readonly ResourceInfo Endpoints = new("", "v1", "endpoints", "Endpoints", true, typeof(V1Endpoints), ["ep"]);
    public static readonly ResourceInfo ConfigMaps = new("", "v1", "configmaps", "ConfigMap", true, typeof(V1ConfigMap), ["cm"]);
    public static readonly ResourceInfo Secrets = new("", "v1", "secrets", "Secret", true, typeof(V1Secret), []);

    public static readonly ResourceInfo Deployments = new("apps", "v1", "deployments", "Deployment", true, typeof(V1Deployment), ["deploy"])
    {
        Categories = CategoryAll,
        Subresources = [SubresourceInfo.Scale, SubresourceInfo.Status("Deployment")],
    };

    public static readonly ResourceInfo ReplicaSets = new("apps", "v1", "replicasets", "ReplicaSet", true, typeof(V1ReplicaSet), ["rs"])
    {
        Categories = CategoryAll,
        Subresources = [SubresourceInfo.Scale, SubresourceInfo.Status("ReplicaSet")],
    };

    public static readonly ResourceInfo StatefulSets = new("apps", "v1", "statefulsets", "StatefulSet", true, typeof(V1StatefulSet), ["sts"])
    {
        Categories = CategoryAll,
        Subresources = [SubresourceInfo.Scale, SubresourceInfo.Status("StatefulSet")],
    };

    public static readonly ResourceInfo DaemonSets = new("apps", "v1", "daemonsets", "DaemonSet", true, typeof(V1DaemonSet), ["ds"])
    {
        Categories = CategoryAll,
        Subresources = [SubresourceInfo.Status("DaemonSet")],
    };

    public static readonly ResourceInfo ControllerRevisions = new("apps", "v1", "controllerrevisions", "ControllerRevision", true, typeof(V1ControllerRevision), []);

    public static readonly ResourceInfo Jobs = new("batch", "v1", "jobs", "Job", true, typeof(V1Job), [])
    {
        Categories = CategoryAll,
        Subresources = [SubresourceInfo.Status("Job")],
    };

    public static readonly ResourceInfo CronJobs = new("batch", "v1", "cronjobs", "CronJob", true, typeof(V1CronJob), ["cj"])
    {
        Categories = CategoryAll,
        Subresources = [SubresourceInfo.Status("CronJob")],
    };

    public static readonly ResourceInfo Leases = new("coordination.k8s.io", "v1", "leases", "Lease", true, typeof(V1Lease), []);
    public static readonly ResourceInfo EndpointSlices = new("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice", true, typeof(V1EndpointSlice), []);

    public static readonly ResourceInfo Ingresses = new("networking.k8s.io", "v1", "ingresses", "Ingress", true, typeof(V1Ingress), ["ing"])
    {
        Subresources = [SubresourceInfo.Status("Ingress")],
    };

    public static readonly ResourceInfo PodDisruptionBudgets = new("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", true, typeof(V1PodDisruptionBudget), ["pdb"])
    {
        Subresources = [SubresourceInfo.Status("PodDisruptionBudget")],
    };

    /// <summary>
    /// Faults (chaos.actorkube.io/v1alpha1): ActorKube's own kind, served like a CRD with a status subresource.
    /// Cluster-scoped, as the nodes they target. No short names, as Chaos Mesh's kinds; category <c>chaos</c>.
    /// </summary>
    public static readonly ResourceInfo Faults = new(V1alpha1Fault.KubeGroup, V1alpha1Fault.KubeApiVersion, V1alpha1Fault.KubePluralName, V1alpha1Fault.KubeKind, false, typeof(V1alpha1Fault), [])
    {
        Categories = ["chaos"],
        Subresources = [SubresourceInfo.Status(V1alpha1Fault.KubeKind)],
    };

    public static readonly IReadOnlyList<ResourceInfo> All =
    [
        Namespaces, Nodes, Pods, Events, Services, Endpoints, ConfigMaps, Secrets,
        Deployments, ReplicaSets, StatefulSets, DaemonSets, ControllerRevisions, Jobs, CronJobs,
        Leases, EndpointSlices, Ingresses, PodDisruptionBudgets, Faults,
    ];

    /// <summary>
    /// The served group-versions, core first and then in the apiserver's group priority order (the order of
    /// <c>/apis</c>): "v1", "apps/v1", "batch/v1", ...
    /// </summary>
    public static readonly IReadOnlyList<string> GroupVersions =
        All.Select(r => r.ApiVersion).Distinct().OrderBy(GroupPriority).ToArray();

    private static int GroupPriority(string apiVersion) =>
        apiVersion switch
        {
            "v1" => 0,
            "apps/v1" => 1,
            "batch/v1" => 2,
            "networking.k8s.io/v1" => 3,
            "policy/v1" => 4,
            "coordination.k8s.io/v1" => 5,
            "discovery.k8s.io/v1" => 6,
            // groups of custom kinds come after the built-in ones, as CRD groups do
            _ => 7,
        };

    private static readonly Dictionary<(string Group, string Version, string Plural), ResourceInfo> ByGroupVersionResource =
        All.ToDictionary(r => (r.Group, r.Version, r.Plural));

    private static readonly Dictionary<Type, ResourceInfo> ByType = All.ToDictionary(r => r.ClrType);
    private static readonly Dictionary<string, ResourceInfo> ByKind = All.ToDictionary(r => r.Kind, StringComparer.OrdinalIgnoreCase);

    /// <summary>Type map for the YAML/JSON loaders: "apps/v1/Deployment" to its CLR type.</summary>
    public static readonly IDictionary<string, Type> TypeMap =
        All.ToDictionary(r => $"{r.ApiVersion}/{r.Kind}", r => r.ClrType);

    public static ResourceInfo ForType(Type type) =>
        ByType.TryGetValue(type, out var r) ? r : throw new ArgumentException($"ActorKube does not serve {type.Name}");

    public static ResourceInfo ForObject(object obj) => ForType(obj.GetType());

    /// <summary>The resource of a request path: ("", "v1", "pods"), ("apps", "v1", "deployments"); null when not served.</summary>
    public static ResourceInfo? ForGroupVersionResource(string group, string version, string plural) =>
        ByGroupVersionResource.GetValueOrDefault((group, version, plural));

    /// <summary>The resources of one group-version ("v1", "apps/v1"), in <see cref="All"/> order.</summary>
    public static IEnumerable<ResourceInfo> InGroupVersion(string apiVersion) => All.Where(r => r.ApiVersion == apiVersion);

    public static bool TryForType(Type type, out ResourceInfo resource) => ByType.TryGetValue(type, out resource!);

    /// <summary>Finds the resource for apiVersion + kind as written in a manifest.</summary>
    public static ResourceInfo? ForKind(string? apiVersion, string? kind)
    {
        if (kind is null || !ByKind.TryGetValue(kind, out var r))
        {
            return null;
        }

        return apiVersion is null || string.Equals(apiVersion, r.ApiVersion, StringComparison.Ordinal) ? r : null;
    }

    /// <summary>Finds a resource by plural name, singular name, kind or short name, as kubectl's arguments.</summary>
    public static ResourceInfo? Find(string name)
    {
        var n = name.ToLowerInvariant();
        var dot = n.IndexOf('.', StringComparison.Ordinal);
        var group = dot < 0 ? null : n[(dot + 1)..];
        if (dot >= 0)
        {
            n = n[..dot];
        }

        return All.FirstOrDefault(r =>
            (group is null || r.Group == group) &&
            (r.Plural == n || r.Kind.Equals(n, StringComparison.OrdinalIgnoreCase) || r.ShortNames.Contains(n)));
    }
}
