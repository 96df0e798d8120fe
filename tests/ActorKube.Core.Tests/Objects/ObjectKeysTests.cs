using ActorKube.Core.Objects;

namespace ActorKube.Core.Tests.Objects;

public class ObjectKeysTests
{
    private static readonly ObjectKeyComparer Comparer = ObjectKeyComparer.Instance;

    [Theory]
    [InlineData("", "default", "web-1", "default/web-1")]
    [InlineData("", null, "node-1", "node-1")]
    [InlineData("", "", "node-1", "node-1")]
    public void Informer_key_parts_are_client_go_keys(string prefix, string? ns, string name, string key)
    {
        var parts = prefix.Length == 0 ? ObjectKeyParts.Of(ns, name) : new ObjectKeyParts(prefix, ns, name);
        Assert.Equal(key, parts.ToString());
        Assert.Equal(key.Length, parts.Length);
        Assert.Equal(key, ObjectExtensions.KeyOf(ns, name));
        Assert.True(Comparer.Equals(parts, key));
        Assert.Equal(Comparer.GetHashCode(key), Comparer.GetHashCode(parts));
    }

    [Fact]
    public void Resource_key_parts_are_etcd_keys_for_namespaced_and_cluster_scoped_kinds()
    {
        foreach (var (r, ns) in new[] { (Resources.Pods, "default"), (Resources.Nodes, (string?)null), (Resources.Deployments, "shop") })
        {
            var key = r.Key(ns, "x-1");
            var parts = r.KeyParts(ns, "x-1");
            Assert.Equal(key, parts.ToString());
            Assert.True(Comparer.Equals(parts, key));
            Assert.Equal(Comparer.GetHashCode(key), Comparer.GetHashCode(parts));
        }
    }

    [Theory]
    [InlineData("default", "web-1", "default/web-2")]
    [InlineData("default", "web-1", "other/web-1")]
    [InlineData("default", "web-1", "defaultx/web-1")]
    [InlineData("default", "web-1", "default-web-1")]
    [InlineData(null, "default", "default/web-1")]
    [InlineData("default", "web", "default/web-1")]
    public void Different_keys_are_not_equal(string? ns, string name, string other) =>
        Assert.False(Comparer.Equals(ObjectKeyParts.Of(ns, name), other));

    [Fact]
    public void A_dictionary_finds_adds_and_keeps_the_stored_key_by_parts()
    {
        var store = new Dictionary<string, int>(Comparer) { ["default/a"] = 1, ["kube-system/a"] = 2, ["node-1"] = 3 };
        var lookup = store.GetAlternateLookup<ObjectKeyParts>();

        Assert.True(lookup.TryGetValue(ObjectKeyParts.Of("kube-system", "a"), out var stored, out var value));
        Assert.Equal(("kube-system/a", 2), (stored, value));
        Assert.True(lookup.TryGetValue(ObjectKeyParts.Of(null, "node-1"), out _));
        Assert.False(lookup.TryGetValue(ObjectKeyParts.Of("other", "a"), out _));

        Assert.True(lookup.TryAdd(ObjectKeyParts.Of("other", "a"), 4));
        Assert.Equal(4, store["other/a"]);
        Assert.Equal(4, store.Count);
    }
}
