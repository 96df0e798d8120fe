using ActorKube.Core.Api;
using ActorKube.Core.Objects;

namespace ActorKube.Core.Tests.Api;

public class ApiStrategyTests
{
    private static readonly DateTime Now = new(2026, 11, 27, 10, 0, 0, DateTimeKind.Utc);

    private static V1Pod Pod(string? node = "n1", string? phase = "Running", long? grace = 30) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta { Name = "web-1", NamespaceProperty = "default", Uid = "u1", ResourceVersion = "7", Generation = 1 },
        Spec = new V1PodSpec { NodeName = node, TerminationGracePeriodSeconds = grace, Containers = [new V1Container { Name = "c", Image = "nginx" }] },
        Status = new V1PodStatus { Phase = phase },
    };

    private static V1Deployment Deployment(int replicas = 3) => new()
    {
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default", Uid = "d1", ResourceVersion = "9", Generation = 2 },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web" } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "nginx" }] },
            },
        },
        Status = new V1DeploymentStatus { Replicas = 3 },
    };

    [Fact]
    public void Create_defaults_stamps_trace_and_validates()
    {
        var created = (V1Pod)ApiStrategy.PrepareCreate(Resources.Pods, new V1Pod { Metadata = new V1ObjectMeta { GenerateName = "web-" }, Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "nginx" }] } }, "default", Now, "t1");
        Assert.StartsWith("web-", created.Metadata.Name, StringComparison.Ordinal);
        Assert.Equal(9, created.Metadata.Name.Length);
        Assert.Equal("default", created.Metadata.NamespaceProperty);
        Assert.Equal("t1", created.TraceId());
        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid));
        Assert.Equal("Always", created.Spec.RestartPolicy);
    }

    [Fact]
    public void Create_with_an_invalid_name_is_422_and_leaves_the_input_alone()
    {
        var pod = new V1Pod { Metadata = new V1ObjectMeta { Name = "Bad_Name" }, Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "nginx" }] } };
        var e = Assert.Throws<ApiException>(() => ApiStrategy.PrepareCreate(Resources.Pods, pod, "default", Now, "t"));
        Assert.Equal(422, e.Code);
        Assert.Equal("Invalid", e.Status.Reason);
        Assert.Null(pod.Metadata.Uid);
    }

    [Fact]
    public void Update_with_a_stale_resource_version_is_a_conflict()
    {
        var stale = Pod();
        stale.Metadata.ResourceVersion = "3";
        var e = Assert.Throws<ApiException>(() => ApiStrategy.PrepareUpdate(Resources.Pods, stale, Pod(), null));
        Assert.Equal(409, e.Code);
        Assert.Equal("Conflict", e.Status.Reason);
    }

    [Fact]
    public void Update_with_another_uid_is_a_conflict()
    {
        var other = Pod();
        other.Metadata.Uid = "someone-else";
        Assert.Equal(409, Assert.Throws<ApiException>(() => ApiStrategy.PrepareUpdate(Resources.Pods, other, Pod(), null)).Code);
    }

    [Fact]
    public void Update_of_another_name_is_a_bad_request()
    {
        var other = Pod();
        other.Metadata.Name = "web-2";
        Assert.Equal(400, Assert.Throws<ApiException>(() => ApiStrategy.PrepareUpdate(Resources.Pods, other, Pod(), null)).Code);
    }

    [Fact]
    public void Deleting_a_running_pod_is_graceful()
    {
        var plan = ApiStrategy.PlanDelete(Resources.Pods, Pod(), null, Now);
        Assert.False(plan.RemoveNow);
        var p = Assert.IsType<V1Pod>(plan.Updated);
        Assert.Equal(30, p.Metadata.DeletionGracePeriodSeconds);
        Assert.Equal(Now.AddSeconds(30), p.Metadata.DeletionTimestamp);
    }

    [Theory]
    [InlineData(null, "Pending")]
    [InlineData("n1", "Succeeded")]
    [InlineData("n1", "Failed")]
    public void Unscheduled_and_finished_pods_are_removed_at_once(string? node, string phase) =>
        Assert.True(ApiStrategy.PlanDelete(Resources.Pods, Pod(node, phase), null, Now).RemoveNow);

    [Fact]
    public void Grace_period_zero_removes_at_once() =>
        Assert.True(ApiStrategy.PlanDelete(Resources.Pods, Pod(), new V1DeleteOptions { GracePeriodSeconds = 0 }, Now).RemoveNow);

    [Fact]
    public void A_second_delete_can_only_shorten_the_grace_period()
    {
        var terminating = (V1Pod)ApiStrategy.PlanDelete(Resources.Pods, Pod(), null, Now).Updated!;
        Assert.Null(ApiStrategy.PlanDelete(Resources.Pods, terminating, new V1DeleteOptions { GracePeriodSeconds = 60 }, Now).Updated);
        var shorter = (V1Pod)ApiStrategy.PlanDelete(Resources.Pods, terminating, new V1DeleteOptions { GracePeriodSeconds = 5 }, Now).Updated!;
        Assert.Equal(5, shorter.Metadata.DeletionGracePeriodSeconds);
    }

    [Theory]
    [InlineData("Foreground", WellKnown.FinalizerForeground)]
    [InlineData("Orphan", WellKnown.FinalizerOrphan)]
    public void Propagation_policies_become_finalizers(string policy, string finalizer)
    {
        var plan = ApiStrategy.PlanDelete(Resources.Deployments, Deployment(), new V1DeleteOptions { PropagationPolicy = policy }, Now);
        Assert.False(plan.RemoveNow);
        Assert.Contains(finalizer, plan.Updated!.Metadata.Finalizers!);
        Assert.NotNull(plan.Updated.Metadata.DeletionTimestamp);
    }

    [Fact]
    public void Background_delete_removes_at_once() =>
        Assert.True(ApiStrategy.PlanDelete(Resources.Deployments, Deployment(), new V1DeleteOptions { PropagationPolicy = "Background" }, Now).RemoveNow);

    [Fact]
    public void Unknown_propagation_policy_is_422() =>
        Assert.Equal(422, Assert.Throws<ApiException>(() => ApiStrategy.PlanDelete(Resources.Deployments, Deployment(), new V1DeleteOptions { PropagationPolicy = "Sideways" }, Now)).Code);

    [Fact]
    public void Failed_uid_precondition_is_a_conflict() =>
        Assert.Equal(409, Assert.Throws<ApiException>(() => ApiStrategy.PlanDelete(Resources.Pods, Pod(), new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = "other" } }, Now)).Code);

    [Fact]
    public void Removing_the_last_finalizer_of_a_terminating_object_deletes_it()
    {
        var d = Deployment();
        d.Metadata.DeletionTimestamp = Now;
        d.Metadata.Finalizers = [];
        Assert.True(ApiStrategy.ShouldDeleteAfterUpdate(d));
        d.Metadata.Finalizers = ["x"];
        Assert.False(ApiStrategy.ShouldDeleteAfterUpdate(d));
    }

    [Fact]
    public void Binding_sets_the_node_and_the_scheduled_condition()
    {
        var bound = ApiStrategy.PrepareBinding(Pod(node: null, phase: "Pending"), "n2", "u1", Now);
        Assert.Equal("n2", bound.Spec.NodeName);
        Assert.Contains(bound.Status.Conditions, c => c.Type == "PodScheduled" && c.Status == "True");
    }

    [Fact]
    public void Binding_leaves_the_stored_pod_as_it_was_and_shares_what_it_does_not_change()
    {
        var stored = Pod(node: null, phase: "Pending");
        var unschedulable = new V1PodCondition { Type = "PodScheduled", Status = "False", Reason = "Unschedulable", Message = "0/3 nodes are available" };
        var initialized = new V1PodCondition { Type = "Initialized", Status = "True" };
        stored.Status.Conditions = [initialized, unschedulable];
        stored.Metadata.Labels = new Dictionary<string, string> { ["app"] = "web" };

        var bound = ApiStrategy.PrepareBinding(stored, "n2", null, Now);

        // The stored version is untouched: the watch cache and every informer hold it.
        Assert.Null(stored.Spec.NodeName);
        Assert.Equal([initialized, unschedulable], stored.Status.Conditions);
        Assert.Equal(("False", "Unschedulable"), (unschedulable.Status, unschedulable.Reason));
        Assert.Equal("7", stored.Metadata.ResourceVersion);

        // The bound version: the condition replaced in place, the others kept, nothing else copied.
        Assert.Collection(bound.Status.Conditions,
            c => Assert.Same(initialized, c),
            c => Assert.Equal(("PodScheduled", "True", null, null), (c.Type, c.Status, c.Reason, c.Message)));
        Assert.NotSame(stored.Metadata, bound.Metadata);
        Assert.Same(stored.Metadata.Labels, bound.Metadata.Labels);
        Assert.Same(stored.Spec.Containers, bound.Spec.Containers);
        Assert.Equal("Pending", bound.Status.Phase);
    }

    [Fact]
    public void Binding_an_assigned_pod_is_a_conflict()
    {
        var e = Assert.Throws<ApiException>(() => ApiStrategy.PrepareBinding(Pod(), "n2", null, Now));
        Assert.Equal(409, e.Code);
        Assert.Contains("already assigned", e.Status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scale_reads_and_writes_replicas_and_bumps_generation()
    {
        var scale = ApiStrategy.ToScale(Resources.Deployments, Deployment());
        Assert.Equal(3, scale.Spec.Replicas);
        Assert.Equal("app=web", scale.Status.Selector);
        scale.Spec.Replicas = 5;
        var d = (V1Deployment)ApiStrategy.ApplyScale(Resources.Deployments, Deployment(), scale);
        Assert.Equal(5, d.Spec.Replicas);
        Assert.Equal(3, d.Metadata.Generation);
    }

    [Fact]
    public void Negative_scale_is_422() =>
        Assert.Equal(422, Assert.Throws<ApiException>(() => ApiStrategy.ApplyScale(Resources.Deployments, Deployment(), new V1Scale { Metadata = new V1ObjectMeta(), Spec = new V1ScaleSpec { Replicas = -1 } })).Code);

    /// <summary>As stored after a create: defaulted, with a resourceVersion.</summary>
    private static V1Deployment Created(V1Deployment d)
    {
        d.Metadata.ResourceVersion = null;
        var created = (V1Deployment)ApiStrategy.PrepareCreate(Resources.Deployments, d, "default", Now, "t1");
        created.Metadata.ResourceVersion = "9";
        return created;
    }

    [Fact]
    public void Update_applies_the_scheme_defaults_to_what_the_patch_added_and_keeps_status()
    {
        // kubectl apply over a Deployment made by kubectl create deployment: the patch adds a port without protocol.
        var stored = Created(Deployment());
        stored.Status = new V1DeploymentStatus { Replicas = 3 };
        var patched = KubeSerializer.DeepCopy(stored);
        patched.Spec.Template.Spec.Containers[0].Ports = [new V1ContainerPort { ContainerPort = 80 }];

        var updated = (V1Deployment)ApiStrategy.PrepareUpdate(Resources.Deployments, patched, stored, null);

        Assert.Equal("TCP", updated.Spec.Template.Spec.Containers[0].Ports[0].Protocol);
        Assert.Equal(3, updated.Status.Replicas);
        Assert.Equal(stored.Metadata.Generation + 1, updated.Metadata.Generation);
    }

    [Fact]
    public void Update_without_the_defaults_is_no_spec_change()
    {
        var stored = Created(Deployment());
        var bare = Deployment();
        bare.Metadata.Uid = stored.Metadata.Uid;
        bare.Metadata.Generation = stored.Metadata.Generation;
        bare.Metadata.Annotations = stored.Metadata.Annotations;

        var updated = (V1Deployment)ApiStrategy.PrepareUpdate(Resources.Deployments, bare, stored, null);

        Assert.Equal("RollingUpdate", updated.Spec.Strategy.Type);
        Assert.Equal(stored.Metadata.Generation, updated.Metadata.Generation);
    }
}
