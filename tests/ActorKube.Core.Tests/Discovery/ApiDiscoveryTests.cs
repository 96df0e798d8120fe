using System.Text.Json;
using ActorKube.Core.Discovery;
using ActorKube.Core.Objects;

namespace ActorKube.Core.Tests.Discovery;

public class ApiDiscoveryTests
{
    [Fact]
    public void Core_versions_name_v1_and_the_server_address()
    {
        var v = ApiDiscovery.CoreVersions("10.0.0.1:6443");
        Assert.Equal("APIVersions", v.Kind);
        Assert.Equal(["v1"], v.Versions);
        Assert.Equal(("0.0.0.0/0", "10.0.0.1:6443"), (v.ServerAddressByClientCIDRs[0].ClientCIDR, v.ServerAddressByClientCIDRs[0].ServerAddress));
    }

    [Fact]
    public void Groups_list_every_named_group_with_its_preferred_version()
    {
        var list = ApiDiscovery.Groups();
        Assert.Equal(("v1", "APIGroupList"), (list.ApiVersion, list.Kind));
        Assert.Equal(["apps", "batch", "networking.k8s.io", "policy", "coordination.k8s.io", "discovery.k8s.io", "chaos.actorkube.io"], list.Groups.Select(g => g.Name));
        var policy = list.Groups.Single(g => g.Name == "policy");
        Assert.Equal(("policy/v1", "v1"), (policy.PreferredVersion.GroupVersion, policy.PreferredVersion.Version));
        Assert.Null(policy.Kind);
        Assert.Equal("APIGroup", ApiDiscovery.Group("apps")!.Kind);
        Assert.Null(ApiDiscovery.Group("extensions"));
    }

    [Fact]
    public void Core_resource_list_has_resources_and_subresources_like_the_apiserver()
    {
        var list = ApiDiscovery.ResourceList("v1")!;
        Assert.Equal(("v1", "APIResourceList", "v1"), (list.ApiVersion, list.Kind, list.GroupVersion));
        var pods = list.Resources.Single(r => r.Name == "pods");
        Assert.Equal(("pod", true, "Pod"), (pods.SingularName, pods.Namespaced, pods.Kind));
        Assert.Equal(["po"], pods.ShortNames);
        Assert.Equal(["all"], pods.Categories);
        Assert.Equal("xPOwRZ+Yhw8=", pods.StorageVersionHash);

        var eviction = list.Resources.Single(r => r.Name == "pods/eviction");
        Assert.Equal(("", "policy", "v1", "Eviction"), (eviction.SingularName, eviction.Group, eviction.Version, eviction.Kind));
        Assert.Equal(["create"], eviction.Verbs);
        var log = list.Resources.Single(r => r.Name == "pods/log");
        Assert.Equal(("Pod", null), (log.Kind, log.Group));
        Assert.Equal(["get"], log.Verbs);
        Assert.Equal("Binding", list.Resources.Single(r => r.Name == "pods/binding").Kind);
        Assert.Equal(["get", "patch", "update"], list.Resources.Single(r => r.Name == "pods/status").Verbs);
        Assert.False(list.Resources.Single(r => r.Name == "nodes").Namespaced);
    }

    [Fact]
    public void Faults_are_a_cluster_scoped_chaos_kind_with_a_status_subresource()
    {
        var list = ApiDiscovery.ResourceList("chaos.actorkube.io/v1alpha1")!;
        var faults = list.Resources.Single(r => r.Name == "faults");
        Assert.Equal(("fault", false, "Fault"), (faults.SingularName, faults.Namespaced, faults.Kind));
        Assert.Null(faults.ShortNames);
        Assert.Equal(["chaos"], faults.Categories);
        Assert.Equal(["get", "patch", "update"], list.Resources.Single(r => r.Name == "faults/status").Verbs);
        Assert.Equal(("chaos.actorkube.io/v1alpha1", "v1alpha1"), (ApiDiscovery.Group("chaos.actorkube.io")!.PreferredVersion.GroupVersion, ApiDiscovery.Group("chaos.actorkube.io")!.PreferredVersion.Version));
    }

    [Fact]
    public void Deployment_scale_is_an_autoscaling_v1_scale()
    {
        var scale = ApiDiscovery.ResourceList("apps/v1")!.Resources.Single(r => r.Name == "deployments/scale");
        Assert.Equal(("autoscaling", "v1", "Scale"), (scale.Group, scale.Version, scale.Kind));
        Assert.Equal(["get", "patch", "update"], scale.Verbs);
    }

    [Fact]
    public void Every_served_resource_is_in_its_group_versions_list()
    {
        foreach (var r in Resources.All)
        {
            Assert.Contains(ApiDiscovery.ResourceList(r.ApiVersion)!.Resources, a => a.Name == r.Plural && a.Kind == r.Kind);
        }

        Assert.Null(ApiDiscovery.ResourceList("apps/v2"));
    }

    [Fact]
    public void Version_is_a_semver_1_32_kubectl_accepts()
    {
        var v = ApiDiscovery.Version;
        Assert.Equal(("1", "32"), (v.Major, v.Minor));
        Assert.Matches(@"^v1\.32\.\d+([-+][0-9A-Za-z.-]+)?$", v.GitVersion);
    }

    [Theory]
    [InlineData("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json", true)]
    [InlineData("application/json; as=APIGroupDiscoveryList; v=v2; g=apidiscovery.k8s.io", true)]
    [InlineData("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList;profile=nopeer,application/json", true)]
    [InlineData("application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json", false)]
    [InlineData("application/json, */*", false)]
    [InlineData("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList;q=0,application/json", false)]
    [InlineData(null, false)]
    public void Wants_aggregated_reads_the_accept_header(string? accept, bool expected) =>
        Assert.Equal(expected, ApiDiscovery.WantsAggregated(accept));

    [Fact]
    public void Aggregated_apis_hold_the_groups_resources_and_subresources()
    {
        using var doc = JsonDocument.Parse(ApiDiscovery.AggregatedApis);
        var root = doc.RootElement;
        Assert.Equal("APIGroupDiscoveryList", root.GetProperty("kind").GetString());
        Assert.Equal("apidiscovery.k8s.io/v2", root.GetProperty("apiVersion").GetString());
        var apps = root.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("metadata").GetProperty("name").GetString() == "apps");
        var v1 = apps.GetProperty("versions")[0];
        Assert.Equal(("v1", "Current"), (v1.GetProperty("version").GetString(), v1.GetProperty("freshness").GetString()));
        var deployments = v1.GetProperty("resources").EnumerateArray().Single(r => r.GetProperty("resource").GetString() == "deployments");
        Assert.Equal("Namespaced", deployments.GetProperty("scope").GetString());
        Assert.Equal("deployment", deployments.GetProperty("singularResource").GetString());
        Assert.Equal("Deployment", deployments.GetProperty("responseKind").GetProperty("kind").GetString());
        var scale = deployments.GetProperty("subresources").EnumerateArray().Single(s => s.GetProperty("subresource").GetString() == "scale");
        Assert.Equal("autoscaling", scale.GetProperty("responseKind").GetProperty("group").GetString());
    }

    [Fact]
    public void Aggregated_core_is_one_unnamed_group()
    {
        using var doc = JsonDocument.Parse(ApiDiscovery.AggregatedCore);
        var item = Assert.Single(doc.RootElement.GetProperty("items").EnumerateArray());
        Assert.False(item.GetProperty("metadata").TryGetProperty("name", out _));
        var nodes = item.GetProperty("versions")[0].GetProperty("resources").EnumerateArray().Single(r => r.GetProperty("resource").GetString() == "nodes");
        Assert.Equal("Cluster", nodes.GetProperty("scope").GetString());
        Assert.NotEqual(ApiDiscovery.AggregatedETag(core: true), ApiDiscovery.AggregatedETag(core: false));
    }
}
