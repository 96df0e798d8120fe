using ActorKube.Core.Objects;

namespace ActorKube.Core.Tests.Objects;

public class ResourcesTests
{
    [Theory]
    [InlineData("pods", "pods")]
    [InlineData("po", "pods")]
    [InlineData("pod", "pods")]
    [InlineData("deploy", "deployments")]
    [InlineData("deployments.apps", "deployments")]
    [InlineData("rs", "replicasets")]
    [InlineData("no", "nodes")]
    public void Find_accepts_kubectl_names(string name, string plural) => Assert.Equal(plural, Resources.Find(name)?.Plural);

    [Fact]
    public void Find_returns_null_for_unknown() => Assert.Null(Resources.Find("widgets"));

    [Fact]
    public void Keys_follow_the_etcd_layout_of_the_real_apiserver()
    {
        Assert.Equal("/registry/pods/default/web-1", Resources.Pods.Key("default", "web-1"));
        Assert.Equal("/registry/nodes/node-1", Resources.Nodes.Key(null, "node-1"));
        Assert.Equal("/registry/deployments/shop/web", Resources.Deployments.Key("shop", "web"));
        Assert.Equal("/registry/pods/shop/", Resources.Pods.NamespacePrefix("shop"));
    }

    [Fact]
    public void Prefixes_never_overlap_so_a_key_has_one_resource()
    {
        foreach (var a in Resources.All)
        {
            foreach (var b in Resources.All.Where(b => b != a))
            {
                Assert.False(a.KeyPrefix.StartsWith(b.KeyPrefix, StringComparison.Ordinal), $"{a} under {b}");
            }
        }
    }
}
