using ActorKube.Core.Node;

namespace ActorKube.Core.Tests.Node;

public class PodCidrAllocatorTests
{
    [Theory]
    [InlineData(0, "10.244.0.0/24")]
    [InlineData(3, "10.244.3.0/24")]
    [InlineData(255, "10.244.255.0/24")]
    [InlineData(256, "10.245.0.0/24")]
    [InlineData(999, "10.247.231.0/24")]
    public void Node_gets_the_index_th_slash_24(int index, string cidr) => Assert.Equal(cidr, PodCidrAllocator.NodeCidr(index));

    [Theory]
    [InlineData(0, "172.18.0.2")]
    [InlineData(3, "172.18.0.5")]
    [InlineData(300, "172.18.1.46")]
    public void Node_internal_ip_follows_its_index(int index, string ip) => Assert.Equal(ip, PodCidrAllocator.NodeInternalIp(index));

    [Fact]
    public void Pod_ips_skip_network_and_gateway_and_are_reused_after_release()
    {
        var ips = new PodIpAllocator("10.244.3.0/24");
        Assert.Equal(253, ips.Capacity);
        Assert.Equal("10.244.3.2", ips.Allocate());
        Assert.Equal("10.244.3.3", ips.Allocate());
        Assert.True(ips.Release("10.244.3.2"));
        Assert.False(ips.Release("10.244.3.2"));
        Assert.False(ips.Release("10.9.9.9"));
        // host-local goes round the range before reusing
        Assert.Equal("10.244.3.4", ips.Allocate());

        var all = new List<string?>();
        for (var i = 0; i < 251; i++)
        {
            all.Add(ips.Allocate());
        }

        Assert.Equal("10.244.3.254", all[^2]);
        Assert.Equal("10.244.3.2", all[^1]);
        Assert.Null(ips.Allocate());
        Assert.Equal(253, ips.InUse);
        ips.Release("10.244.3.100");
        Assert.Equal("10.244.3.100", ips.Allocate());
    }
}
