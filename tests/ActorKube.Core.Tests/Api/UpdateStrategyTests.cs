using ActorKube.Core.Api;
using ActorKube.Core.Objects;

namespace ActorKube.Core.Tests.Api;

public class UpdateStrategyTests
{
    private static readonly DateTime Now = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static T Stored<T>(ResourceInfo r, T obj) where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ObjectDefaults.Apply(r, obj, Now);
        obj.Metadata.ResourceVersion = "10";
        return obj;
    }

    private static IReadOnlyList<FieldError> Update<T>(ResourceInfo r, T old, Action<T> change, string? sub = null) where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var updated = KubeSerializer.DeepCopy(old);
        change(updated);
        UpdateStrategy.PrepareForUpdate(r, updated, old, sub);
        return Validation.ValidateUpdate(r, updated, old, sub);
    }

    [Fact]
    public void Spec_change_bumps_generation_metadata_change_does_not()
    {
        var old = Stored(Resources.Deployments, ValidationTests.Deployment());
        var scaled = KubeSerializer.DeepCopy(old);
        scaled.Spec.Replicas = 3;
        UpdateStrategy.PrepareForUpdate(Resources.Deployments, scaled, old);
        Assert.Equal(2, scaled.Metadata.Generation);

        var relabeled = KubeSerializer.DeepCopy(old);
        relabeled.Metadata.Labels = new Dictionary<string, string> { ["x"] = "y" };
        UpdateStrategy.PrepareForUpdate(Resources.Deployments, relabeled, old);
        Assert.Equal(1, relabeled.Metadata.Generation);

        var annotated = KubeSerializer.DeepCopy(old);
        annotated.Metadata.Annotations = new Dictionary<string, string> { ["x"] = "y" };
        UpdateStrategy.PrepareForUpdate(Resources.Deployments, annotated, old);
        Assert.Equal(2, annotated.Metadata.Generation);
    }

    [Fact]
    public void Client_cannot_set_generation_uid_or_creation_timestamp()
    {
        var old = Stored(Resources.Deployments, ValidationTests.Deployment());
        var d = KubeSerializer.DeepCopy(old);
        d.Metadata.Generation = 42;
        d.Metadata.Uid = null;
        d.Metadata.CreationTimestamp = Now.AddDays(1);
        UpdateStrategy.PrepareForUpdate(Resources.Deployments, d, old);
        Assert.Equal(1, d.Metadata.Generation);
        Assert.Equal(old.Metadata.Uid, d.Metadata.Uid);
        Assert.Equal(old.Metadata.CreationTimestamp, d.Metadata.CreationTimestamp);
        Assert.Empty(Validation.ValidateUpdate(Resources.Deployments, d, old));
    }

    [Fact]
    public void Main_resource_update_ignores_status()
    {
        var old = Stored(Resources.Deployments, ValidationTests.Deployment());
        old.Status = new V1DeploymentStatus { Replicas = 1 };
        var d = KubeSerializer.DeepCopy(old);
        d.Status.Replicas = 99;
        UpdateStrategy.PrepareForUpdate(Resources.Deployments, d, old);
        Assert.Equal(1, d.Status.Replicas);
        Assert.Equal(1, d.Metadata.Generation);
    }

    [Fact]
    public void Status_update_ignores_spec_and_metadata_and_keeps_generation()
    {
        var old = Stored(Resources.Deployments, ValidationTests.Deployment());
        var d = KubeSerializer.DeepCopy(old);
        d.Spec.Replicas = 7;
        d.Metadata.Labels = new Dictionary<string, string> { ["x"] = "y" };
        d.Metadata.ResourceVersion = "10";
        d.Status = new V1DeploymentStatus { Replicas = 3, ObservedGeneration = 1 };
        UpdateStrategy.PrepareForUpdate(Resources.Deployments, d, old, "status");
        Assert.Equal(1, d.Spec.Replicas);
        Assert.Null(d.Metadata.Labels);
        Assert.Equal(3, d.Status.Replicas);
        Assert.Equal(1, d.Metadata.Generation);
        Assert.Equal("10", d.Metadata.ResourceVersion);
        Assert.Empty(Validation.ValidateUpdate(Resources.Deployments, d, old, "status"));
    }

    [Fact]
    public void Namespace_spec_changes_do_not_bump_anything()
    {
        var old = Stored(Resources.Namespaces, new V1Namespace { Metadata = new V1ObjectMeta { Name = "a" } });
        var ns = KubeSerializer.DeepCopy(old);
        ns.Spec.Finalizers = [];
        ns.Status.Phase = "Terminating";
        UpdateStrategy.PrepareForUpdate(Resources.Namespaces, ns, old);
        Assert.Equal(["kubernetes"], ns.Spec.Finalizers);
        Assert.Equal("Active", ns.Status.Phase);
        Assert.Null(ns.Metadata.Generation);
    }

    [Fact]
    public void Name_namespace_uid_are_immutable()
    {
        var old = Stored(Resources.Pods, ValidationTests.Pod());
        Assert.Contains("metadata.name: Invalid value: \"other\": field is immutable", Update(Resources.Pods, old, p => p.Metadata.Name = "other").Select(e => e.ToString()));
        Assert.Contains("metadata.namespace: Invalid value: \"kube-system\": field is immutable", Update(Resources.Pods, old, p => p.Metadata.NamespaceProperty = "kube-system").Select(e => e.ToString()));
        Assert.Contains("metadata.uid: Invalid value: \"x\": field is immutable", Update(Resources.Pods, old, p => p.Metadata.Uid = "x").Select(e => e.ToString()));
    }

    [Fact]
    public void Pod_updates_may_change_only_images_deadline_and_added_tolerations()
    {
        var old = Stored(Resources.Pods, ValidationTests.Pod());
        Assert.Empty(Update(Resources.Pods, old, p => p.Spec.Containers[0].Image = "nginx:2"));
        Assert.Empty(Update(Resources.Pods, old, p => p.Spec.ActiveDeadlineSeconds = 30));
        Assert.Empty(Update(Resources.Pods, old, p => p.Spec.Tolerations.Add(new V1Toleration { Key = "k", OperatorProperty = "Exists" })));
        Assert.Empty(Update(Resources.Pods, old, p => p.Metadata.Labels = new Dictionary<string, string> { ["a"] = "b" }));

        var e = Assert.Single(Update(Resources.Pods, old, p => p.Spec.RestartPolicy = "Never"));
        Assert.Equal("spec: Forbidden: " + Validation.PodUpdateForbiddenMessage, e.ToString());
        Assert.StartsWith("spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,", e.ToString(), StringComparison.Ordinal);
        Assert.Single(Update(Resources.Pods, old, p => p.Spec.TerminationGracePeriodSeconds = 5));
        Assert.Single(Update(Resources.Pods, old, p => p.Spec.NodeName = "node-1"));

        var removed = Update(Resources.Pods, old, p => p.Spec.Tolerations.RemoveAt(0)).Select(x => x.ToString()).ToList();
        Assert.Contains("spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds", removed);
    }

    [Fact]
    public void Pod_active_deadline_can_only_decrease()
    {
        var old = Stored(Resources.Pods, ValidationTests.Pod());
        old.Spec.ActiveDeadlineSeconds = 30;
        Assert.Equal("spec.activeDeadlineSeconds: Invalid value: 60: must be less than or equal to previous value",
            Assert.Single(Update(Resources.Pods, old, p => p.Spec.ActiveDeadlineSeconds = 60)).ToString());
        Assert.Empty(Update(Resources.Pods, old, p => p.Spec.ActiveDeadlineSeconds = 10));
    }

    [Fact]
    public void Pod_status_update_keeps_spec()
    {
        var old = Stored(Resources.Pods, ValidationTests.Pod());
        var p = KubeSerializer.DeepCopy(old);
        p.Spec.RestartPolicy = "Never";
        p.Status.Phase = "Running";
        UpdateStrategy.PrepareForUpdate(Resources.Pods, p, old, "status");
        Assert.Equal("Always", p.Spec.RestartPolicy);
        Assert.Equal("Running", p.Status.Phase);
        Assert.Empty(Validation.ValidateUpdate(Resources.Pods, p, old, "status"));
    }

    [Fact]
    public void Selectors_are_immutable()
    {
        var old = Stored(Resources.Deployments, ValidationTests.Deployment());
        var errs = Update(Resources.Deployments, old, d =>
        {
            d.Spec.Selector.MatchLabels["tier"] = "fe";
            d.Spec.Template.Metadata.Labels["tier"] = "fe";
        });
        var e = Assert.Single(errs);
        Assert.Equal("spec.selector", e.Field);
        Assert.EndsWith("field is immutable", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Job_selector_and_template_are_immutable()
    {
        var old = Stored(Resources.Jobs, new V1Job { Metadata = new V1ObjectMeta { Name = "j", NamespaceProperty = "default" }, Spec = new V1JobSpec { Template = ValidationTests.Template("Never") } });
        Assert.Contains(Update(Resources.Jobs, old, j => j.Spec.Template.Spec.Containers[0].Image = "busybox"), e => e.Field == "spec.template");
        Assert.Contains(Update(Resources.Jobs, old, j => j.Spec.Selector.MatchLabels["x"] = "y"), e => e.Field == "spec.selector");
        Assert.Empty(Update(Resources.Jobs, old, j => j.Spec.Parallelism = 4));
    }

    [Fact]
    public void Service_cluster_ip_is_immutable_but_kept_when_omitted()
    {
        var old = Stored(Resources.Services, new V1Service { Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default" }, Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Port = 80 }] } });
        old.Spec.ClusterIP = "10.96.0.10";
        old.Spec.ClusterIPs = ["10.96.0.10"];
        Assert.Equal("spec.clusterIP: Invalid value: \"10.96.0.11\": field is immutable",
            Assert.Single(Update(Resources.Services, old, s => s.Spec.ClusterIP = "10.96.0.11")).ToString());
        var omitted = KubeSerializer.DeepCopy(old);
        omitted.Spec.ClusterIP = null;
        omitted.Spec.ClusterIPs = null;
        UpdateStrategy.PrepareForUpdate(Resources.Services, omitted, old);
        Assert.Equal("10.96.0.10", omitted.Spec.ClusterIP);
        Assert.Empty(Validation.ValidateUpdate(Resources.Services, omitted, old));
    }

    [Fact]
    public void StatefulSet_only_some_fields_may_change()
    {
        var old = Stored(Resources.StatefulSets, new V1StatefulSet
        {
            Metadata = new V1ObjectMeta { Name = "db", NamespaceProperty = "default" },
            Spec = new V1StatefulSetSpec { ServiceName = "db", Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } }, Template = ValidationTests.Template() },
        });
        Assert.Empty(Update(Resources.StatefulSets, old, s => s.Spec.Replicas = 3));
        Assert.StartsWith("spec: Forbidden: updates to statefulset spec for fields other than",
            Assert.Single(Update(Resources.StatefulSets, old, s => s.Spec.ServiceName = "other")).ToString(), StringComparison.Ordinal);
    }
}
