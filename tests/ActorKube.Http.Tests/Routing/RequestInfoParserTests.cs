using ActorKube.Http.Routing;

namespace ActorKube.Http.Tests.Routing;

public sealed class RequestInfoParserTests
{
    private static RequestInfo Parse(string method, string path, string? watch = null) =>
        RequestInfoParser.Parse(method, path, name => name == "watch" ? watch : null);

    [Theory]
    [InlineData("GET", "/api/v1/namespaces/default/pods", "list", "", "v1", "default", "pods", null, null)]
    [InlineData("GET", "/api/v1/namespaces/default/pods/web-1", "get", "", "v1", "default", "pods", "web-1", null)]
    [InlineData("GET", "/api/v1/namespaces/default/pods/web-1/log", "get", "", "v1", "default", "pods", "web-1", "log")]
    [InlineData("POST", "/api/v1/namespaces/default/pods/web-1/eviction", "create", "", "v1", "default", "pods", "web-1", "eviction")]
    [InlineData("PUT", "/apis/apps/v1/namespaces/prod/deployments/web/scale", "update", "apps", "v1", "prod", "deployments", "web", "scale")]
    [InlineData("PATCH", "/apis/apps/v1/namespaces/prod/deployments/web", "patch", "apps", "v1", "prod", "deployments", "web", null)]
    [InlineData("DELETE", "/apis/apps/v1/namespaces/prod/deployments/web", "delete", "apps", "v1", "prod", "deployments", "web", null)]
    [InlineData("DELETE", "/apis/apps/v1/namespaces/prod/deployments", "deletecollection", "apps", "v1", "prod", "deployments", null, null)]
    [InlineData("POST", "/apis/apps/v1/namespaces/prod/deployments", "create", "apps", "v1", "prod", "deployments", null, null)]
    [InlineData("GET", "/api/v1/nodes", "list", "", "v1", null, "nodes", null, null)]
    [InlineData("GET", "/api/v1/nodes/node-1", "get", "", "v1", null, "nodes", "node-1", null)]
    [InlineData("GET", "/apis/apps/v1/deployments", "list", "apps", "v1", null, "deployments", null, null)]
    [InlineData("GET", "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/node-1", "get", "coordination.k8s.io", "v1", "kube-node-lease", "leases", "node-1", null)]
    public void Resource_paths_parse_as_kube_apiserver_does(string method, string path, string verb, string group, string version, string? ns, string resource, string? name, string? sub)
    {
        var info = Parse(method, path);

        Assert.True(info.IsResourceRequest);
        Assert.Equal((verb, group, version, ns, resource, name, sub), (info.Verb, info.Group, info.Version, info.Namespace, info.Resource, info.Name, info.Subresource));
    }

    [Theory]
    [InlineData("/api/v1/namespaces", null, null)]
    [InlineData("/api/v1/namespaces/dev", "dev", null)]
    [InlineData("/api/v1/namespaces/dev/status", "dev", "status")]
    [InlineData("/api/v1/namespaces/dev/finalize", "dev", "finalize")]
    public void A_namespace_object_is_cluster_scoped(string path, string? name, string? sub)
    {
        var info = Parse("GET", path);

        Assert.Equal(("namespaces", name, sub, (string?)null), (info.Resource, info.Name, info.Subresource, info.Namespace));
    }

    [Theory]
    [InlineData("true")]
    [InlineData("1")]
    public void Watch_query_on_a_collection_is_a_watch(string watch)
    {
        Assert.Equal("watch", Parse("GET", "/api/v1/namespaces/default/pods", watch).Verb);
    }

    [Fact]
    public void Deprecated_watch_prefix_is_a_watch_of_one_object()
    {
        var info = Parse("GET", "/api/v1/watch/namespaces/default/pods/web-1");

        Assert.Equal(("watch", "default", "pods", "web-1"), (info.Verb, info.Namespace, info.Resource, info.Name));
    }

    [Fact]
    public void Watch_false_is_a_list()
    {
        Assert.Equal("list", Parse("GET", "/api/v1/pods", "false").Verb);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/version")]
    [InlineData("/healthz")]
    [InlineData("/api")]
    [InlineData("/api/v1")]
    [InlineData("/apis")]
    [InlineData("/apis/apps")]
    [InlineData("/apis/apps/v1")]
    [InlineData("/openapi/v3/apis/apps/v1")]
    public void Discovery_and_health_paths_are_not_resource_requests(string path)
    {
        Assert.False(Parse("GET", path).IsResourceRequest);
    }
}
