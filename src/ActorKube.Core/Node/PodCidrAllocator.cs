using System.Net;

namespace ActorKube.Core.Node;

/// <summary>
/// The node IPAM of kube-controller-manager, by node index: node i gets the i-th /24 of the cluster CIDR
/// (10.244.0.0/16 -> 10.244.i.0/24). Indices past the CIDR's capacity continue into the next addresses
/// (10.245.0.0/24 for node 256), so a 1000-node emulated cluster still gets distinct subnets.
/// </summary>
public static class PodCidrAllocator
{
    public const string DefaultClusterCidr = "10.244.0.0/16";

    public const int DefaultNodeMaskSize = 24;

    public static string NodeCidr(int nodeIndex, string clusterCidr = DefaultClusterCidr, int nodeMaskSize = DefaultNodeMaskSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nodeIndex);
        var (network, _) = ParseCidr(clusterCidr);
        var subnet = network + ((uint)nodeIndex << (32 - nodeMaskSize));
        return $"{ToIp(subnet)}/{nodeMaskSize}";
    }

    /// <summary>The node's InternalIP, as kind gives its nodes: 172.18.0.2, 172.18.0.3, ...</summary>
    public static string NodeInternalIp(int nodeIndex) => ToIp(0xAC120000u + (uint)nodeIndex + 2);

    public static (uint Network, int Prefix) ParseCidr(string cidr)
    {
        var slash = cidr.IndexOf('/', StringComparison.Ordinal);
        var ip = IPAddress.Parse(slash < 0 ? cidr : cidr[..slash]);
        var prefix = slash < 0 ? 32 : int.Parse(cidr[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var bytes = ip.GetAddressBytes();
        var value = ((uint)bytes[0] << 24) | ((uint)bytes[1] << 16) | ((uint)bytes[2] << 8) | bytes[3];
        var mask = prefix == 0 ? 0u : uint.MaxValue << (32 - prefix);
        return (value & mask, prefix);
    }

    public static string ToIp(uint value) => $"{value >> 24}.{(value >> 16) & 0xff}.{(value >> 8) & 0xff}.{value & 0xff}";
}

/// <summary>
/// host-local IPAM of one node: pod IPs from the node's pod CIDR, skipping the network address, the
/// gateway (.1) and the broadcast address; allocation goes round the range like host-local does, so a
/// released IP is reused only after the others were handed out.
/// </summary>
public sealed class PodIpAllocator
{
    private readonly uint _first;
    private readonly int _size;
    private readonly bool[] _used;
    private int _next;

    public PodIpAllocator(string podCidr)
    {
        var (network, prefix) = PodCidrAllocator.ParseCidr(podCidr);
        var total = 1L << (32 - prefix);
        _first = network + 2;
        _size = (int)Math.Max(0, Math.Min(total - 3, 65_536));
        _used = new bool[_size];
        Cidr = podCidr;
    }

    public string Cidr { get; }

    public int Capacity => _size;

    public int InUse { get; private set; }

    /// <summary>The next free IP, or null when the range is exhausted.</summary>
    public string? Allocate()
    {
        for (var n = 0; n < _size; n++)
        {
            var i = (_next + n) % _size;
            if (!_used[i])
            {
                _used[i] = true;
                _next = (i + 1) % _size;
                InUse++;
                return PodCidrAllocator.ToIp(_first + (uint)i);
            }
        }

        return null;
    }

    public bool Release(string? ip)
    {
        if (ip is null || !IPAddress.TryParse(ip, out var parsed))
        {
            return false;
        }

        var b = parsed.GetAddressBytes();
        var value = ((uint)b[0] << 24) | ((uint)b[1] << 16) | ((uint)b[2] << 8) | b[3];
        var i = (long)value - _first;
        if (i < 0 || i >= _size || !_used[i])
        {
            return false;
        }

        _used[i] = false;
        InUse--;
        return true;
    }
}
