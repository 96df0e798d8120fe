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

    [Fact]
    public void Pdbs_are_stored_under_registry_poddisruptionbudgets_like_the_apiserver() =>
        Assert.Equal("/registry/poddisruptionbudgets/shop/web", Resources.PodDisruptionBudgets.Key("shop", "web"));

    [Theory]
    [InlineData("", "v1", "pods", "Pod")]
    [InlineData("apps", "v1", "deployments", "Deployment")]
    [InlineData("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget")]
    [InlineData("networking.k8s.io", "v1", "ingresses", "Ingress")]
    public void ForGroupVersionResource_finds_served_resources(string group, string version, string plural, string kind) =>
        Assert.Equal(kind, Resources.ForGroupVersionResource(group, version, plural)?.Kind);

    [Theory]
    [InlineData("apps", "v1", "pods")]
    [InlineData("", "v2", "pods")]
    [InlineData("extensions", "v1beta1", "deployments")]
    public void ForGroupVersionResource_is_null_when_not_served(string group, string version, string plural) =>
        Assert.Null(Resources.ForGroupVersionResource(group, version, plural));

    [Fact]
    public void Faults_are_stored_under_their_group_like_custom_resources()
    {
        Assert.Equal("/registry/chaos.actorkube.io/faults/stop-node-2", Resources.Faults.Key(null, "stop-node-2"));
        Assert.Equal(typeof(ActorKube.Core.Objects.Chaos.V1alpha1FaultList), Resources.Faults.ListClrType);
    }

    [Theory]
    [InlineData("faults")]
    [InlineData("fault")]
    [InlineData("faults.chaos.actorkube.io")]
    public void Find_knows_faults(string name) => Assert.Equal(Resources.Faults, Resources.Find(name));

    [Fact]
    public void Find_knows_pdb() => Assert.Equal(Resources.PodDisruptionBudgets, Resources.Find("pdb"));

    [Fact]
    public void Get_all_lists_pods_services_and_the_workload_controllers() =>
        Assert.Equal(
            ["cronjobs", "daemonsets", "deployments", "jobs", "pods", "replicasets", "services", "statefulsets"],
            Resources.All.Where(r => r.Categories.Contains("all")).Select(r => r.Plural).Order());

    [Fact]
    public void Namespaces_have_no_deletecollection_and_a_finalize_subresource()
    {
        Assert.DoesNotContain("deletecollection", Resources.Namespaces.Verbs);
        Assert.Equal(["update"], Resources.Namespaces.Subresource("finalize")!.Verbs);
    }

    [Fact]
    public void Scale_and_eviction_subresources_name_their_own_group_version_kind()
    {
        var scale = Resources.Deployments.Subresource("scale")!;
        Assert.Equal(("autoscaling", "v1", "Scale"), (scale.Group, scale.Version, scale.Kind));
        var eviction = Resources.Pods.Subresource("eviction")!;
        Assert.Equal(("policy", "v1", "Eviction", typeof(V1Eviction)), (eviction.Group, eviction.Version, eviction.Kind, eviction.ClrType));
        Assert.Equal("Pod", Resources.Pods.Subresource("log")!.Kind);
    }

    [Theory]
    [InlineData("pods", "xPOwRZ+Yhw8=")]
    [InlineData("configmaps", "qFsyl6wFWjQ=")]
    public void Storage_version_hash_is_the_apiservers(string plural, string hash) =>
        Assert.Equal(hash, Resources.Find(plural)!.StorageVersionHash);

    [Fact]
    public void Group_versions_list_core_first_then_the_named_groups_once() =>
        Assert.Equal(
            ["v1", "apps/v1", "batch/v1", "networking.k8s.io/v1", "policy/v1", "coordination.k8s.io/v1", "discovery.k8s.io/v1", "chaos.actorkube.io/v1alpha1"],
            Resources.GroupVersions);

    [Fact]
    public void Singular_names_are_lower_case_kinds()
    {
        Assert.Equal("pod", Resources.Pods.SingularName);
        Assert.Equal("endpoints", Resources.Endpoints.SingularName);
        Assert.Equal(typeof(V1PodList), Resources.Pods.ListClrType);
    }
}
