using System.Globalization;
using Akka.Configuration;

namespace ActorKube.Node.Kubelet;

/// <summary>
/// The machine an emulated node stands for: capacity, labels, taints, and its index in the cluster
/// (which picks its pod CIDR and InternalIP). HOCON section <c>actorkube.node</c> for the defaults.
/// </summary>
public sealed record NodeConfig
{
    public static readonly NodeConfig Default = new();

    public string Cpu { get; init; } = "8";

    public string Memory { get; init; } = "32Gi";

    public int Pods { get; init; } = 110;

    public string EphemeralStorage { get; init; } = "100Gi";

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<V1Taint> Taints { get; init; } = [];

    /// <summary>node-role.kubernetes.io/&lt;role&gt; label; empty for none.</summary>
    public string Role { get; init; } = "worker";

    public string Os { get; init; } = "linux";

    public string Arch { get; init; } = "amd64";

    /// <summary>Index of the node in the cluster; null: the number at the end of its name (worker-7 -> 7), else 0.</summary>
    public int? Index { get; init; }

    public int IndexFor(string nodeName)
    {
        if (Index is { } i)
        {
            return i;
        }

        var end = nodeName.Length;
        var start = end;
        while (start > 0 && char.IsAsciiDigit(nodeName[start - 1]))
        {
            start--;
        }

        return start < end && int.TryParse(nodeName[start..end], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
    }

    public static NodeConfig FromConfig(Config? section)
    {
        if (section is null || section.IsEmpty)
        {
            return Default;
        }

        var d = Default;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var labelsSection = section.GetConfig("labels");
        if (labelsSection is not null && !labelsSection.IsEmpty)
        {
            foreach (var (key, value) in labelsSection.AsEnumerable())
            {
                labels[key.Trim('"')] = value.GetString();
            }
        }

        return new NodeConfig
        {
            Cpu = section.GetString("cpu", d.Cpu),
            Memory = section.GetString("memory", d.Memory),
            Pods = section.GetInt("pods", d.Pods),
            EphemeralStorage = section.GetString("ephemeral-storage", d.EphemeralStorage),
            Role = section.GetString("role", d.Role),
            Os = section.GetString("os", d.Os),
            Arch = section.GetString("arch", d.Arch),
            Labels = labels,
        };
    }
}
