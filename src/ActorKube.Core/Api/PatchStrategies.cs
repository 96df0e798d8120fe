namespace ActorKube.Core.Api;

/// <summary>
/// The <c>patchStrategy</c>/<c>patchMergeKey</c> struct tags of k8s.io/api for the lists of the served kinds,
/// keyed by the CLR type that owns the field and its JSON name. Lists not here are replaced whole by a
/// strategic merge patch (atomic). The server-side strategic merge and the OpenAPI v3 schemas kubectl
/// computes its apply patches from both read this one table.
/// </summary>
public static class PatchStrategies
{
    private static readonly ListPatchStrategy ByName = new("merge", "name");
    private static readonly ListPatchStrategy ByNameRetainKeys = new("merge,retainKeys", "name");
    private static readonly ListPatchStrategy ByType = new("merge", "type");
    private static readonly ListPatchStrategy ByIp = new("merge", "ip");
    private static readonly ListPatchStrategy PrimitiveSet = new("merge", null);

    private static readonly Dictionary<(Type Owner, string Field), ListPatchStrategy> Table = Build();

    private static Dictionary<(Type, string), ListPatchStrategy> Build()
    {
        var t = new Dictionary<(Type, string), ListPatchStrategy>
        {
            [(typeof(V1ObjectMeta), "finalizers")] = PrimitiveSet,
            [(typeof(V1ObjectMeta), "ownerReferences")] = new("merge", "uid"),

            [(typeof(V1PodSpec), "volumes")] = ByNameRetainKeys,
            [(typeof(V1PodSpec), "initContainers")] = ByName,
            [(typeof(V1PodSpec), "containers")] = ByName,
            [(typeof(V1PodSpec), "ephemeralContainers")] = ByName,
            [(typeof(V1PodSpec), "imagePullSecrets")] = ByName,
            [(typeof(V1PodSpec), "hostAliases")] = ByIp,
            [(typeof(V1PodSpec), "topologySpreadConstraints")] = new("merge", "topologyKey", ["topologyKey", "whenUnsatisfiable"]),
            [(typeof(V1PodSpec), "resourceClaims")] = ByNameRetainKeys,
            [(typeof(V1PodSpec), "schedulingGates")] = ByName,
            [(typeof(V1PodStatus), "podIPs")] = ByIp,
            [(typeof(V1PodStatus), "hostIPs")] = ByIp,
            [(typeof(V1PodStatus), "resourceClaimStatuses")] = ByNameRetainKeys,

            [(typeof(V1NodeSpec), "podCIDRs")] = PrimitiveSet,
            [(typeof(V1NodeStatus), "addresses")] = ByType,
            [(typeof(V1ServiceSpec), "ports")] = new("merge", "port", ["port", "protocol"]),
        };

        foreach (var container in new[] { typeof(V1Container), typeof(V1EphemeralContainer) })
        {
            t[(container, "ports")] = new("merge", "containerPort", ["containerPort", "protocol"]);
            t[(container, "env")] = ByName;
            t[(container, "volumeMounts")] = new("merge", "mountPath");
            t[(container, "volumeDevices")] = new("merge", "devicePath");
        }

        Type[] withConditions =
        [
            typeof(V1PodStatus), typeof(V1NodeStatus), typeof(V1NamespaceStatus), typeof(V1ServiceStatus),
            typeof(V1PersistentVolumeClaimStatus), typeof(V1DeploymentStatus), typeof(V1ReplicaSetStatus),
            typeof(V1StatefulSetStatus), typeof(V1DaemonSetStatus), typeof(V1JobStatus), typeof(V1PodDisruptionBudgetStatus),
        ];
        foreach (var status in withConditions)
        {
            t[(status, "conditions")] = ByType;
        }

        return t;
    }

    /// <summary>The strategy of list field <paramref name="field"/> of <paramref name="owner"/>, or null when the list is atomic.</summary>
    public static ListPatchStrategy? For(Type owner, string field) => Table.GetValueOrDefault((owner, field));
}
