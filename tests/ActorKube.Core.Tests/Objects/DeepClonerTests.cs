using ActorKube.Core.Objects;

namespace ActorKube.Core.Tests.Objects;

public class DeepClonerTests
{
    private static V1Deployment Deployment() => (V1Deployment)KubeSerializer.LoadManifest("""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: shop
          labels: {app: web}
          annotations: {a: b}
          creationTimestamp: "2026-01-01T00:00:00Z"
          ownerReferences: [{apiVersion: v1, kind: X, name: x, uid: u, controller: true}]
        spec:
          replicas: 3
          selector: {matchLabels: {app: web}}
          strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 25%, maxUnavailable: 1}}
          template:
            metadata: {labels: {app: web}}
            spec:
              tolerations: [{key: k, operator: Exists, effect: NoExecute, tolerationSeconds: 300}]
              containers:
              - name: nginx
                image: nginx:1.27
                args: ["-g", "daemon off;"]
                env: [{name: A, value: "1"}]
                ports: [{containerPort: 80, protocol: TCP}]
                resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {cpu: "1"}}
                readinessProbe: {httpGet: {path: /, port: 80}, initialDelaySeconds: 2}
        status:
          replicas: 3
          conditions: [{type: Available, status: "True", lastUpdateTime: "2026-01-01T00:00:05Z"}]
        """)[0];

    [Fact]
    public void A_clone_serializes_exactly_like_the_original()
    {
        var d = Deployment();
        Assert.Equal(KubeSerializer.ToJson(d), KubeSerializer.ToJson(DeepCloner.Clone(d)));
        var node = new V1Node { Metadata = new V1ObjectMeta { Name = "n" }, Status = new V1NodeStatus { Capacity = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("8") }, Addresses = [new V1NodeAddress { Type = "InternalIP", Address = "10.0.0.1" }] } };
        Assert.Equal(KubeSerializer.ToJson(node), KubeSerializer.ToJson(DeepCloner.Clone(node)));
    }

    [Fact]
    public void A_clone_shares_no_mutable_part_with_the_original()
    {
        var d = Deployment();
        var c = DeepCloner.Clone(d);
        c.Metadata.Labels["app"] = "changed";
        c.Metadata.OwnerReferences[0].Name = "changed";
        c.Spec.Template.Spec.Containers[0].Image = "changed";
        c.Spec.Template.Spec.Containers[0].Args.Add("more");
        c.Spec.Template.Spec.Containers.Add(new V1Container { Name = "extra" });
        c.Status.Conditions[0].Status = "False";
        Assert.Equal("web", d.Metadata.Labels["app"]);
        Assert.Equal("x", d.Metadata.OwnerReferences[0].Name);
        Assert.Equal("nginx:1.27", d.Spec.Template.Spec.Containers[0].Image);
        Assert.Equal(2, d.Spec.Template.Spec.Containers[0].Args.Count);
        Assert.Single(d.Spec.Template.Spec.Containers);
        Assert.Equal("True", d.Status.Conditions[0].Status);
        Assert.NotSame(d, c);
    }

    [Fact]
    public void Arrays_and_nulls_are_handled()
    {
        var pod = new V1Pod { Metadata = new V1ObjectMeta { Name = "p", Finalizers = new[] { "a", "b" } }, Spec = null };
        var c = DeepCloner.Clone(pod);
        Assert.Null(c.Spec);
        Assert.Equal(["a", "b"], c.Metadata.Finalizers);
        Assert.NotSame(pod.Metadata.Finalizers, c.Metadata.Finalizers);
    }
}
