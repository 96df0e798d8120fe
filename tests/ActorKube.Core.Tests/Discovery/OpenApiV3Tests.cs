using System.Text.Json;
using ActorKube.Core.Discovery;
using ActorKube.Core.Objects;

namespace ActorKube.Core.Tests.Discovery;

public class OpenApiV3Tests
{
    private static JsonElement Doc(string path) => JsonDocument.Parse(OpenApiV3.Document(path)!).RootElement;

    private static JsonElement Schemas(string path) => Doc(path).GetProperty("components").GetProperty("schemas");

    /// <summary>The target of a property schema, as kubectl's PatchMetaFromOpenAPIV3 resolves it (allOf[0], then $ref).</summary>
    private static JsonElement Resolve(JsonElement schemas, JsonElement property)
    {
        var s = property.TryGetProperty("allOf", out var allOf) ? allOf[0] : property;
        return schemas.GetProperty(s.GetProperty("$ref").GetString()!["#/components/schemas/".Length..]);
    }

    [Fact]
    public void Root_lists_every_served_group_version_with_its_hash()
    {
        using var root = JsonDocument.Parse(OpenApiV3.Root);
        var paths = root.RootElement.GetProperty("paths");
        Assert.Equal(Resources.GroupVersions.Select(OpenApiV3.PathOf).Order(), paths.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal($"/openapi/v3/apis/apps/v1?hash={OpenApiV3.Hash("apis/apps/v1")}", paths.GetProperty("apis/apps/v1").GetProperty("serverRelativeURL").GetString());
        Assert.Matches("^[0-9A-F]{128}$", OpenApiV3.Hash("api/v1"));
        Assert.Null(OpenApiV3.Document("apis/apps/v2"));
    }

    [Fact]
    public void Documents_are_openapi_3_and_cached()
    {
        foreach (var path in OpenApiV3.Paths)
        {
            Assert.Equal("3.0.0", Doc(path).GetProperty("openapi").GetString());
            Assert.Same(OpenApiV3.Document(path), OpenApiV3.Document(path));
        }
    }

    [Fact]
    public void Every_served_kind_has_a_schema_with_its_group_version_kind()
    {
        foreach (var r in Resources.All)
        {
            var schema = Schemas(OpenApiV3.PathOf(r.ApiVersion)).GetProperty(OpenApiNames.For(r.ClrType));
            var gvk = Assert.Single(schema.GetProperty("x-kubernetes-group-version-kind").EnumerateArray());
            Assert.Equal((r.Group, r.Version, r.Kind), (gvk.GetProperty("group").GetString(), gvk.GetProperty("version").GetString(), gvk.GetProperty("kind").GetString()));
            Assert.True(schema.GetProperty("properties").TryGetProperty("metadata", out _));
        }
    }

    [Theory]
    [InlineData(typeof(V1Pod), "io.k8s.api.core.v1.Pod")]
    [InlineData(typeof(V1Deployment), "io.k8s.api.apps.v1.Deployment")]
    [InlineData(typeof(V1DeploymentSpec), "io.k8s.api.apps.v1.DeploymentSpec")]
    [InlineData(typeof(V1DeploymentList), "io.k8s.api.apps.v1.DeploymentList")]
    [InlineData(typeof(V1PodTemplateSpec), "io.k8s.api.core.v1.PodTemplateSpec")]
    [InlineData(typeof(V1JobTemplateSpec), "io.k8s.api.batch.v1.JobTemplateSpec")]
    [InlineData(typeof(V1ObjectMeta), "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta")]
    [InlineData(typeof(V1LabelSelector), "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector")]
    [InlineData(typeof(Corev1Event), "io.k8s.api.core.v1.Event")]
    [InlineData(typeof(Discoveryv1EndpointPort), "io.k8s.api.discovery.v1.EndpointPort")]
    [InlineData(typeof(V1Endpoint), "io.k8s.api.discovery.v1.Endpoint")]
    [InlineData(typeof(V1EndpointAddress), "io.k8s.api.core.v1.EndpointAddress")]
    [InlineData(typeof(V1Scale), "io.k8s.api.autoscaling.v1.Scale")]
    [InlineData(typeof(V1PodDisruptionBudgetSpec), "io.k8s.api.policy.v1.PodDisruptionBudgetSpec")]
    [InlineData(typeof(V1IngressServiceBackend), "io.k8s.api.networking.v1.IngressServiceBackend")]
    [InlineData(typeof(IntOrString), "io.k8s.apimachinery.pkg.util.intstr.IntOrString")]
    [InlineData(typeof(ResourceQuantity), "io.k8s.apimachinery.pkg.api.resource.Quantity")]
    [InlineData(typeof(ActorKube.Core.Objects.Chaos.V1alpha1Fault), "io.actorkube.chaos.v1alpha1.Fault")]
    [InlineData(typeof(ActorKube.Core.Objects.Chaos.V1alpha1FaultSpec), "io.actorkube.chaos.v1alpha1.FaultSpec")]
    [InlineData(typeof(ActorKube.Core.Objects.Chaos.V1alpha1FaultList), "io.actorkube.chaos.v1alpha1.FaultList")]
    public void Names_follow_the_go_packages(Type type, string name) => Assert.Equal(name, OpenApiNames.For(type));

    [Fact]
    public void Pod_containers_carry_the_strategic_merge_metadata()
    {
        var schemas = Schemas("api/v1");
        var containers = schemas.GetProperty("io.k8s.api.core.v1.PodSpec").GetProperty("properties").GetProperty("containers");
        Assert.Equal("array", containers.GetProperty("type").GetString());
        Assert.Equal("name", containers.GetProperty("x-kubernetes-patch-merge-key").GetString());
        Assert.Equal("merge", containers.GetProperty("x-kubernetes-patch-strategy").GetString());
        Assert.Equal("map", containers.GetProperty("x-kubernetes-list-type").GetString());
        var container = Resolve(schemas, containers.GetProperty("items"));
        Assert.Equal("containerPort", container.GetProperty("properties").GetProperty("ports").GetProperty("x-kubernetes-patch-merge-key").GetString());
        Assert.Equal("merge,retainKeys", schemas.GetProperty("io.k8s.api.core.v1.PodSpec").GetProperty("properties").GetProperty("volumes").GetProperty("x-kubernetes-patch-strategy").GetString());
    }

    [Fact]
    public void Deployment_schema_leads_to_the_template_containers_the_way_kubectl_walks_it()
    {
        var schemas = Schemas("apis/apps/v1");
        var deployment = schemas.GetProperty("io.k8s.api.apps.v1.Deployment");
        var spec = Resolve(schemas, deployment.GetProperty("properties").GetProperty("spec"));
        var template = Resolve(schemas, spec.GetProperty("properties").GetProperty("template"));
        var podSpec = Resolve(schemas, template.GetProperty("properties").GetProperty("spec"));
        Assert.Equal("name", podSpec.GetProperty("properties").GetProperty("containers").GetProperty("x-kubernetes-patch-merge-key").GetString());
    }

    [Fact]
    public void Scalars_maps_and_special_types_have_their_json_shapes()
    {
        var schemas = Schemas("apis/apps/v1");
        var meta = schemas.GetProperty("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta").GetProperty("properties");
        Assert.Equal("string", meta.GetProperty("labels").GetProperty("additionalProperties").GetProperty("type").GetString());
        Assert.Equal("date-time", meta.GetProperty("creationTimestamp").GetProperty("format").GetString());
        Assert.Equal("int64", meta.GetProperty("generation").GetProperty("format").GetString());
        var spec = schemas.GetProperty("io.k8s.api.apps.v1.DeploymentSpec").GetProperty("properties");
        Assert.Equal("int32", spec.GetProperty("replicas").GetProperty("format").GetString());
        Assert.Equal("boolean", spec.GetProperty("paused").GetProperty("type").GetString());
        var maxSurge = Resolve(schemas, schemas.GetProperty("io.k8s.api.apps.v1.RollingUpdateDeployment").GetProperty("properties").GetProperty("maxSurge"));
        Assert.True(maxSurge.GetProperty("x-kubernetes-int-or-string").GetBoolean());
        var requests = schemas.GetProperty("io.k8s.api.core.v1.ResourceRequirements").GetProperty("properties").GetProperty("requests");
        Assert.True(Resolve(schemas, requests.GetProperty("additionalProperties")).GetProperty("x-kubernetes-int-or-string").GetBoolean());
    }

    [Fact]
    public void Writes_accept_field_validation_and_patches_accept_strategic_merge()
    {
        foreach (var path in OpenApiV3.Paths)
        {
            foreach (var item in Doc(path).GetProperty("paths").EnumerateObject())
            {
                foreach (var op in item.Value.EnumerateObject().Where(o => o.Name is "post" or "put" or "patch"))
                {
                    var names = op.Value.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
                    Assert.Contains("fieldValidation", names);
                    Assert.Contains("dryRun", names);
                    Assert.Contains("fieldManager", names);
                    Assert.True(op.Value.TryGetProperty("x-kubernetes-group-version-kind", out _), $"{op.Name} {item.Name}");
                    if (op.Name == "patch")
                    {
                        Assert.True(op.Value.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/strategic-merge-patch+json", out _));
                        Assert.Equal("patch", op.Value.GetProperty("x-kubernetes-action").GetString());
                    }
                }
            }
        }
    }

    [Fact]
    public void Resource_paths_have_the_apiservers_operations()
    {
        var paths = Doc("apis/apps/v1").GetProperty("paths");
        var collection = paths.GetProperty("/apis/apps/v1/namespaces/{namespace}/deployments");
        Assert.Equal("list", collection.GetProperty("get").GetProperty("x-kubernetes-action").GetString());
        Assert.Equal("createAppsV1NamespacedDeployment", collection.GetProperty("post").GetProperty("operationId").GetString());
        Assert.Equal("deletecollection", collection.GetProperty("delete").GetProperty("x-kubernetes-action").GetString());
        var scale = paths.GetProperty("/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale").GetProperty("patch").GetProperty("x-kubernetes-group-version-kind");
        Assert.Equal(("autoscaling", "Scale"), (scale.GetProperty("group").GetString(), scale.GetProperty("kind").GetString()));
        Assert.True(paths.TryGetProperty("/apis/apps/v1/deployments", out _));

        var core = Doc("api/v1").GetProperty("paths");
        Assert.Equal("post", core.GetProperty("/api/v1/namespaces/{namespace}/pods/{name}/eviction").GetProperty("post").GetProperty("x-kubernetes-action").GetString());
        Assert.True(core.GetProperty("/api/v1/namespaces/{namespace}/pods/{name}/log").GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("text/plain", out _));
        Assert.True(core.TryGetProperty("/api/v1/nodes/{name}/status", out _));
        Assert.False(core.GetProperty("/api/v1/namespaces").TryGetProperty("delete", out _));
        Assert.True(core.GetProperty("/api/v1/namespaces/{name}/finalize").TryGetProperty("put", out _));
    }
}
