using ActorKube.Core.Node;
using ActorKube.Core.Objects;

namespace ActorKube.Node.Kubelet;

/// <summary>The Node and Lease objects a kubelet writes, as the real kubelet fills them.</summary>
public static class NodeObjects
{
    public const string KubeletVersion = "v1.32.0";

    public static V1Node Node(string nodeName, NodeConfig config, string podCidr, V1NodeStatus status)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["beta.kubernetes.io/arch"] = config.Arch,
            ["beta.kubernetes.io/os"] = config.Os,
            [WellKnown.LabelArch] = config.Arch,
            [WellKnown.LabelHostname] = nodeName,
            [WellKnown.LabelOs] = config.Os,
        };
        if (!string.IsNullOrEmpty(config.Role))
        {
            labels[$"node-role.kubernetes.io/{config.Role}"] = "";
        }

        foreach (var (k, v) in config.Labels)
        {
            labels[k] = v;
        }

        return new V1Node
        {
            ApiVersion = "v1",
            Kind = "Node",
            Metadata = new V1ObjectMeta
            {
                Name = nodeName,
                Labels = labels,
                Annotations = new Dictionary<string, string>
                {
                    ["node.alpha.kubernetes.io/ttl"] = "0",
                    ["volumes.kubernetes.io/controller-managed-attach-detach"] = "true",
                },
            },
            Spec = new V1NodeSpec
            {
                PodCIDR = podCidr,
                PodCIDRs = [podCidr],
                ProviderID = $"kind://docker/actorkube/{nodeName}",
                Taints = config.Taints.Count == 0 ? null : [.. config.Taints],
            },
            Status = status,
        };
    }

    public static V1NodeStatus Status(
        string nodeName,
        NodeConfig config,
        string internalIp,
        IReadOnlyList<V1ContainerImage> images,
        DateTime heartbeat,
        DateTime readySince,
        string bootId)
    {
        var capacity = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal)
        {
            ["cpu"] = new(config.Cpu),
            ["memory"] = new(config.Memory),
            ["pods"] = new(config.Pods.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ["ephemeral-storage"] = new(config.EphemeralStorage),
            ["hugepages-1Gi"] = new("0"),
            ["hugepages-2Mi"] = new("0"),
        };
        V1NodeCondition Condition(string type, string status, string reason, string message) => new()
        {
            Type = type,
            Status = status,
            Reason = reason,
            Message = message,
            LastHeartbeatTime = heartbeat,
            LastTransitionTime = readySince,
        };

        return new V1NodeStatus
        {
            Capacity = capacity,
            Allocatable = new Dictionary<string, ResourceQuantity>(capacity, StringComparer.Ordinal),
            Conditions =
            [
                Condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
                Condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
                Condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
                Condition("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
            ],
            Addresses =
            [
                new V1NodeAddress { Type = "InternalIP", Address = internalIp },
                new V1NodeAddress { Type = "Hostname", Address = nodeName },
            ],
            DaemonEndpoints = new V1NodeDaemonEndpoints { KubeletEndpoint = new V1DaemonEndpoint { Port = 10250 } },
            NodeInfo = new V1NodeSystemInfo
            {
                Architecture = config.Arch,
                OperatingSystem = config.Os,
                OsImage = "Debian GNU/Linux 12 (bookworm)",
                KernelVersion = "6.8.0-actorkube",
                ContainerRuntimeVersion = "containerd://1.7.24",
                KubeletVersion = KubeletVersion,
                KubeProxyVersion = KubeletVersion,
                BootID = bootId,
                MachineID = ImageRef.Sha256Hex("machine/" + nodeName)[..32],
                SystemUUID = ImageRef.Sha256Hex("uuid/" + nodeName)[..32],
            },
            Images = images.Count == 0 ? null : [.. images],
        };
    }

    public static V1Lease Lease(string nodeName, string? nodeUid, int durationSeconds, DateTime renewTime) => new()
    {
        ApiVersion = "coordination.k8s.io/v1",
        Kind = "Lease",
        Metadata = new V1ObjectMeta
        {
            Name = nodeName,
            NamespaceProperty = WellKnown.NamespaceNodeLease,
            OwnerReferences = nodeUid is null
                ? null
                : [new V1OwnerReference { ApiVersion = "v1", Kind = "Node", Name = nodeName, Uid = nodeUid }],
        },
        Spec = new V1LeaseSpec
        {
            HolderIdentity = nodeName,
            LeaseDurationSeconds = durationSeconds,
            RenewTime = renewTime,
        },
    };
}
