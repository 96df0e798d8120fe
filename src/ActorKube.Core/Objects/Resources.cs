using k8s.Models;

namespace ActorKube.Core.Objects;

/// <summary>The kinds ActorKube serves, and lookups by kind, plural, short name and CLR type.</summary>
public static class Resources
{
    public static readonly ResourceInfo Namespaces = new("", "v1", "namespaces", "Namespace", false, typeof(V1Namespace), ["ns"]);
    public static readonly ResourceInfo Nodes = new("", "v1", "nodes", "Node", false, typeof(V1Node), ["no"]);
    public static readonly ResourceInfo Pods = new("", "v1", "pods", "Pod", true, typeof(V1Pod), ["po"]);
    public static readonly ResourceInfo Events = new("", "v1", "events", "Event", true, typeof(Corev1Event), ["ev"]);
    public static readonly ResourceInfo Services = new("", "v1", "services", "Service", true, typeof(V1Service), ["svc"]);
    public static readonly ResourceInfo Endpoints = new("", "v1", "endpoints", "Endpoints", true, typeof(V1Endpoints), ["ep"]);
    public static readonly ResourceInfo ConfigMaps = new("", "v1", "configmaps", "ConfigMap", true, typeof(V1ConfigMap), ["cm"]);
    public static readonly ResourceInfo Secrets = new("", "v1", "secrets", "Secret", true, typeof(V1Secret), []);
    public static readonly ResourceInfo Deployments = new("apps", "v1", "deployments", "Deployment", true, typeof(V1Deployment), ["deploy"]);
    public static readonly ResourceInfo ReplicaSets = new("apps", "v1", "replicasets", "ReplicaSet", true, typeof(V1ReplicaSet), ["rs"]);
    public static readonly ResourceInfo StatefulSets = new("apps", "v1", "statefulsets", "StatefulSet", true, typeof(V1StatefulSet), ["sts"]);
    public static readonly ResourceInfo DaemonSets = new("apps", "v1", "daemonsets", "DaemonSet", true, typeof(V1DaemonSet), ["ds"]);
    public static readonly ResourceInfo ControllerRevisions = new("apps", "v1", "controllerrevisions", "ControllerRevision", true, typeof(V1ControllerRevision), []);
    public static readonly ResourceInfo Jobs = new("batch", "v1", "jobs", "Job", true, typeof(V1Job), []);
    public static readonly ResourceInfo CronJobs = new("batch", "v1", "cronjobs", "CronJob", true, typeof(V1CronJob), ["cj"]);
    public static readonly ResourceInfo Leases = new("coordination.k8s.io", "v1", "leases", "Lease", true, typeof(V1Lease), []);
    public static readonly ResourceInfo EndpointSlices = new("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice", true, typeof(V1EndpointSlice), []);
    public static readonly ResourceInfo Ingresses = new("networking.k8s.io", "v1", "ingresses", "Ingress", true, typeof(V1Ingress), ["ing"]);

    public static readonly IReadOnlyList<ResourceInfo> All =
    [
        Namespaces, Nodes, Pods, Events, Services, Endpoints, ConfigMaps, Secrets,
        Deployments, ReplicaSets, StatefulSets, DaemonSets, ControllerRevisions, Jobs, CronJobs,
        Leases, EndpointSlices, Ingresses,
    ];

    private static readonly Dictionary<Type, ResourceInfo> ByType = All.ToDictionary(r => r.ClrType);
    private static readonly Dictionary<string, ResourceInfo> ByKind = All.ToDictionary(r => r.Kind, StringComparer.OrdinalIgnoreCase);

    /// <summary>Type map for the YAML/JSON loaders: "apps/v1/Deployment" to its CLR type.</summary>
    public static readonly IDictionary<string, Type> TypeMap =
        All.ToDictionary(r => $"{r.ApiVersion}/{r.Kind}", r => r.ClrType);

    public static ResourceInfo ForType(Type type) =>
        ByType.TryGetValue(type, out var r) ? r : throw new ArgumentException($"ActorKube does not serve {type.Name}");

    public static ResourceInfo ForObject(object obj) => ForType(obj.GetType());

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
