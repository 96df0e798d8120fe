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
    public void Storage_bytes_leave_out_the_resource_version_and_keep_the_rest()
    {
        var pod = new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta { Name = "a", NamespaceProperty = "default", ResourceVersion = "42", Uid = "u-1", Labels = new Dictionary<string, string> { ["app"] = "web" } },
            Spec = new V1PodSpec { NodeName = "node-1", Containers = [new V1Container { Name = "c", Image = "nginx" }] },
            Status = new V1PodStatus { Phase = "Running" },
        };

        var bytes = KubeSerializer.ToStorageBytes(pod);

        Assert.DoesNotContain("resourceVersion", System.Text.Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        var back = (V1Pod)KubeSerializer.FromBytes(Resources.Pods, bytes);
        Assert.Null(back.Metadata.ResourceVersion);
        Assert.Equal(("a", "default", "u-1", "web"), (back.Metadata.Name, back.Metadata.NamespaceProperty, back.Metadata.Uid, back.Metadata.Labels["app"]));
        Assert.Equal(("node-1", "nginx", "Running"), (back.Spec.NodeName, back.Spec.Containers[0].Image, back.Status.Phase));
        Assert.Equal("42", pod.Metadata.ResourceVersion);
    }

    [Fact]
    public void Storage_bytes_keep_the_resource_versions_of_references()
    {
        // An object reference's resourceVersion is data (the version of the object an Event is about): only the
        // object's own metadata.resourceVersion is the key's revision.
        var ev = new Corev1Event
        {
            Metadata = new V1ObjectMeta { Name = "e", NamespaceProperty = "default", ResourceVersion = "7" },
            InvolvedObject = new V1ObjectReference { Kind = "Pod", Name = "a", ResourceVersion = "5" },
        };

        var json = System.Text.Encoding.UTF8.GetString(KubeSerializer.ToStorageBytes(ev));

        Assert.Contains("\"resourceVersion\":\"5\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"resourceVersion\":\"7\"", json, StringComparison.Ordinal);
        Assert.Contains("\"resourceVersion\":\"7\"", System.Text.Encoding.UTF8.GetString(KubeSerializer.ToBytes(ev)), StringComparison.Ordinal);
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
