using ActorKube.Core.Scheduling;

namespace ActorKube.Core.Tests.Scheduling;

/// <summary>Small builders for scheduler test fixtures.</summary>
internal static class Build
{
    public static V1Node Node(string name, string cpu = "4", string memory = "8Gi", string pods = "110", IDictionary<string, string>? labels = null, IList<V1Taint>? taints = null, bool unschedulable = false) => new()
    {
        ApiVersion = "v1",
        Kind = "Node",
        Metadata = new V1ObjectMeta { Name = name, Labels = labels ?? new Dictionary<string, string> { ["kubernetes.io/hostname"] = name } },
        Spec = new V1NodeSpec { Taints = taints, Unschedulable = unschedulable ? true : null },
        Status = new V1NodeStatus
        {
            Allocatable = new Dictionary<string, ResourceQuantity>
            {
                ["cpu"] = new(cpu),
                ["memory"] = new(memory),
                ["pods"] = new(pods),
            },
        },
    };

    public static V1Pod Pod(string name, string? cpu = null, string? memory = null, string? nodeName = null, int? priority = null, IList<V1Toleration>? tolerations = null, IDictionary<string, string>? nodeSelector = null, V1Affinity? affinity = null, string ns = "default")
    {
        var requests = new Dictionary<string, ResourceQuantity>();
        if (cpu is not null)
        {
            requests["cpu"] = new ResourceQuantity(cpu);
        }

        if (memory is not null)
        {
            requests["memory"] = new ResourceQuantity(memory);
        }

        return new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Uid = "uid-" + name },
            Spec = new V1PodSpec
            {
                NodeName = nodeName,
                Priority = priority,
                Tolerations = tolerations,
                NodeSelector = nodeSelector,
                Affinity = affinity,
                Containers = [new V1Container { Name = "c", Image = "nginx", Resources = new V1ResourceRequirements { Requests = requests } }],
            },
        };
    }

    public static V1Taint Taint(string key, string? value, string effect) => new() { Key = key, Value = value, Effect = effect };

    public static V1Toleration Toleration(string? key, string? op, string? value, string? effect) => new() { Key = key, OperatorProperty = op, Value = value, Effect = effect };

    public static V1NodeSelectorRequirement Req(string key, string op, params string[] values) => new() { Key = key, OperatorProperty = op, Values = values.Length == 0 ? null : values };

    public static V1Affinity Required(params V1NodeSelectorTerm[] terms) => new()
    {
        NodeAffinity = new V1NodeAffinity { RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector { NodeSelectorTerms = terms } },
    };

    public static V1NodeSelectorTerm Term(params V1NodeSelectorRequirement[] expressions) => new() { MatchExpressions = expressions };

    public static NodeInfo NodeInfo(V1Node node, params V1Pod[] pods)
    {
        var info = new NodeInfo(node);
        foreach (var p in pods)
        {
            info.AddPod(new PodInfo(p));
        }

        return info;
    }

    public static Dictionary<string, string> Labels(params string[] kv)
    {
        var d = new Dictionary<string, string>();
        for (var i = 0; i < kv.Length; i += 2)
        {
            d[kv[i]] = kv[i + 1];
        }

        return d;
    }
}
