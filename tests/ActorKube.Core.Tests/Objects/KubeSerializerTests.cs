using ActorKube.Core.Api;
using ActorKube.Core.Objects;

namespace ActorKube.Core.Tests.Objects;

public class KubeSerializerTests
{
    [Fact]
    public void Multi_document_manifest_loads_typed_objects_in_order()
    {
        var objs = KubeSerializer.LoadManifest("""
            apiVersion: v1
            kind: Namespace
            metadata:
              name: shop
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: shop
            spec:
              replicas: 2
            """);

        Assert.Collection(objs,
            o => Assert.Equal("shop", Assert.IsType<V1Namespace>(o).Metadata.Name),
            o => Assert.Equal(2, Assert.IsType<V1Deployment>(o).Spec.Replicas));
    }

    [Fact]
    public void Unknown_kind_is_a_400_that_names_the_kind()
    {
        var e = Assert.Throws<ApiException>(() => KubeSerializer.LoadManifest("apiVersion: v1\nkind: Widget\nmetadata:\n  name: x\n"));
        Assert.Equal(400, e.Code);
        Assert.Contains("Widget", e.Status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_yaml_is_a_400_with_the_line()
    {
        var e = Assert.Throws<ApiException>(() => KubeSerializer.LoadManifest("apiVersion: v1\nkind: Pod\nmetadata: [\n"));
        Assert.Equal(400, e.Code);
        Assert.Contains("line", e.Status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_round_trip_keeps_the_object()
    {
        var pod = new V1Pod { Metadata = new V1ObjectMeta { Name = "a", NamespaceProperty = "default" }, Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "nginx" }] } };
        var back = (V1Pod)KubeSerializer.FromBytes(Resources.Pods, KubeSerializer.ToBytes(pod));
        Assert.Equal("nginx", back.Spec.Containers[0].Image);
        Assert.NotSame(pod, back);
    }

    [Fact]
    public void Deep_copy_is_independent()
    {
        var pod = new V1Pod { Metadata = new V1ObjectMeta { Name = "a", Labels = new Dictionary<string, string> { ["x"] = "1" } } };
        var copy = KubeSerializer.DeepCopy(pod);
        copy.Metadata.Labels["x"] = "2";
        Assert.Equal("1", pod.Metadata.Labels["x"]);
    }
}
