using ActorKube.Core.Api;
using ActorKube.Core.Objects;

namespace ActorKube.Core.Tests.Api;

public class ObjectDefaultsTests
{
    private static readonly DateTime Now = new(2026, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc);

    private static V1Pod Pod(params V1Container[] containers) => new()
    {
        Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = "default" },
        Spec = new V1PodSpec { Containers = containers.Length == 0 ? [new V1Container { Name = "c", Image = "nginx" }] : containers },
    };

    private static V1PodTemplateSpec Template() => new()
    {
        Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web" } },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "nginx:1.25" }] },
    };

    [Fact]
    public void System_fields_are_set()
    {
        var pod = Pod();
        ObjectDefaults.Apply(Resources.Pods, pod, Now);
        Assert.True(Guid.TryParse(pod.Metadata.Uid, out _));
        Assert.Equal(new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), pod.Metadata.CreationTimestamp);
        Assert.Equal(1, pod.Metadata.Generation);
        Assert.Equal("v1", pod.ApiVersion);
        Assert.Equal("Pod", pod.Kind);
        Assert.Equal("default", pod.Metadata.NamespaceProperty);
    }

    [Fact]
    public void Kinds_without_generation_tracking_get_none()
    {
        var cm = new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c", NamespaceProperty = "default", Generation = 5 } };
        ObjectDefaults.Apply(Resources.ConfigMaps, cm, Now);
        Assert.Null(cm.Metadata.Generation);
        Assert.Equal("ConfigMap", cm.Kind);
    }

    [Fact]
    public void Generate_name_appends_five_characters()
    {
        var pod = Pod();
        pod.Metadata.Name = null;
        pod.Metadata.GenerateName = "web-";
        ObjectDefaults.Apply(Resources.Pods, pod, Now);
        Assert.Matches("^web-[bcdfghjklmnpqrstvwxz2456789]{5}$", pod.Metadata.Name);
    }

    [Fact]
    public void Resource_version_on_create_is_400()
    {
        var pod = Pod();
        pod.Metadata.ResourceVersion = "5";
        var e = Assert.Throws<ApiException>(() => ObjectDefaults.Apply(Resources.Pods, pod, Now));
        Assert.Equal(400, e.Code);
    }

    [Fact]
    public void Pod_defaults_and_admission()
    {
        var pod = Pod(new V1Container { Name = "a", Image = "nginx", Ports = [new V1ContainerPort { ContainerPort = 80 }] }, new V1Container { Name = "b", Image = "redis:7" });
        ObjectDefaults.Apply(Resources.Pods, pod, Now);
        var s = pod.Spec;
        Assert.Equal("Always", s.RestartPolicy);
        Assert.Equal("ClusterFirst", s.DnsPolicy);
        Assert.Equal(30, s.TerminationGracePeriodSeconds);
        Assert.Equal("default-scheduler", s.SchedulerName);
        Assert.NotNull(s.SecurityContext);
        Assert.Equal("default", s.ServiceAccountName);
        Assert.True(s.EnableServiceLinks);
        Assert.Equal(0, s.Priority);
        Assert.Equal("PreemptLowerPriority", s.PreemptionPolicy);
        Assert.Equal("Always", s.Containers[0].ImagePullPolicy);
        Assert.Equal("IfNotPresent", s.Containers[1].ImagePullPolicy);
        Assert.Equal("/dev/termination-log", s.Containers[0].TerminationMessagePath);
        Assert.Equal("File", s.Containers[0].TerminationMessagePolicy);
        Assert.Equal("TCP", s.Containers[0].Ports[0].Protocol);
        Assert.Equal(2, s.Tolerations.Count);
        Assert.All(s.Tolerations, t =>
        {
            Assert.Equal("Exists", t.OperatorProperty);
            Assert.Equal("NoExecute", t.Effect);
            Assert.Equal(300, t.TolerationSeconds);
        });
        Assert.Equal([WellKnown.TaintNodeNotReady, WellKnown.TaintNodeUnreachable], s.Tolerations.Select(t => t.Key));
        Assert.Equal("Pending", pod.Status.Phase);
        Assert.Equal("BestEffort", pod.Status.QosClass);
    }

    [Theory]
    [InlineData("nginx", "Always")]
    [InlineData("nginx:latest", "Always")]
    [InlineData("nginx:1.25", "IfNotPresent")]
    [InlineData("localhost:5000/nginx", "Always")]
    [InlineData("localhost:5000/nginx:2", "IfNotPresent")]
    [InlineData("nginx@sha256:abc", "IfNotPresent")]
    public void Image_pull_policy_from_tag(string image, string policy)
    {
        var pod = Pod(new V1Container { Name = "c", Image = image });
        ObjectDefaults.Apply(Resources.Pods, pod, Now);
        Assert.Equal(policy, pod.Spec.Containers[0].ImagePullPolicy);
    }

    [Fact]
    public void Existing_tolerations_suppress_defaults()
    {
        var pod = Pod();
        pod.Spec.Tolerations = [new V1Toleration { Key = WellKnown.TaintNodeUnreachable, OperatorProperty = "Exists", Effect = "NoExecute", TolerationSeconds = 5 }];
        ObjectDefaults.Apply(Resources.Pods, pod, Now);
        Assert.Equal(2, pod.Spec.Tolerations.Count);
        Assert.Equal(5, pod.Spec.Tolerations.Single(t => t.Key == WellKnown.TaintNodeUnreachable).TolerationSeconds);

        var all = Pod();
        all.Spec.Tolerations = [new V1Toleration { OperatorProperty = "Exists" }];
        ObjectDefaults.Apply(Resources.Pods, all, Now);
        Assert.Single(all.Spec.Tolerations);
    }

    private static V1ResourceRequirements Res(string? reqCpu, string? reqMem, string? limCpu, string? limMem)
    {
        Dictionary<string, ResourceQuantity>? Map(string? cpu, string? mem)
        {
            var d = new Dictionary<string, ResourceQuantity>();
            if (cpu is not null)
            {
                d["cpu"] = new ResourceQuantity(cpu);
            }

            if (mem is not null)
            {
                d["memory"] = new ResourceQuantity(mem);
            }

            return d.Count == 0 ? null : d;
        }

        return new V1ResourceRequirements { Requests = Map(reqCpu, reqMem), Limits = Map(limCpu, limMem) };
    }

    [Theory]
    [InlineData(null, null, null, null, "BestEffort")]
    [InlineData("100m", null, null, null, "Burstable")]
    [InlineData("100m", "64Mi", "100m", "64Mi", "Guaranteed")]
    [InlineData(null, null, "100m", "64Mi", "Guaranteed")]
    [InlineData("50m", "64Mi", "100m", "64Mi", "Burstable")]
    [InlineData(null, null, "100m", null, "Burstable")]
    public void Qos_class(string? reqCpu, string? reqMem, string? limCpu, string? limMem, string expected)
    {
        var pod = Pod(new V1Container { Name = "c", Image = "nginx", Resources = Res(reqCpu, reqMem, limCpu, limMem) });
        ObjectDefaults.Apply(Resources.Pods, pod, Now);
        Assert.Equal(expected, pod.Status.QosClass);
    }

    [Fact]
    public void Limits_default_requests()
    {
        var pod = Pod(new V1Container { Name = "c", Image = "nginx", Resources = Res(null, null, "1", "1Gi") });
        ObjectDefaults.Apply(Resources.Pods, pod, Now);
        Assert.Equal(1m, (decimal)pod.Spec.Containers[0].Resources.Requests["cpu"]);
    }

    [Fact]
    public void Deployment_defaults()
    {
        var d = new V1Deployment { Metadata = new V1ObjectMeta { Name = "d", NamespaceProperty = "default" }, Spec = new V1DeploymentSpec { Template = Template() } };
        ObjectDefaults.Apply(Resources.Deployments, d, Now);
        Assert.Equal(1, d.Spec.Replicas);
        Assert.Equal("RollingUpdate", d.Spec.Strategy.Type);
        Assert.Equal("25%", d.Spec.Strategy.RollingUpdate.MaxSurge.Value);
        Assert.Equal("25%", d.Spec.Strategy.RollingUpdate.MaxUnavailable.Value);
        Assert.Equal(10, d.Spec.RevisionHistoryLimit);
        Assert.Equal(600, d.Spec.ProgressDeadlineSeconds);
        var ts = d.Spec.Template.Spec;
        Assert.Equal("Always", ts.RestartPolicy);
        Assert.Equal("ClusterFirst", ts.DnsPolicy);
        Assert.Equal("IfNotPresent", ts.Containers[0].ImagePullPolicy);
        Assert.Null(ts.Tolerations);
        Assert.Null(ts.ServiceAccountName);
        Assert.Equal(1, d.Metadata.Generation);
        Assert.Equal("apps/v1", d.ApiVersion);
    }

    [Fact]
    public void Recreate_strategy_has_no_rolling_update()
    {
        var d = new V1Deployment { Metadata = new V1ObjectMeta { Name = "d" }, Spec = new V1DeploymentSpec { Strategy = new V1DeploymentStrategy { Type = "Recreate" }, Template = Template() } };
        ObjectDefaults.Apply(Resources.Deployments, d, Now);
        Assert.Null(d.Spec.Strategy.RollingUpdate);
    }

    [Fact]
    public void ReplicaSet_StatefulSet_DaemonSet_defaults()
    {
        var rs = new V1ReplicaSet { Metadata = new V1ObjectMeta { Name = "r" }, Spec = new V1ReplicaSetSpec { Template = Template() } };
        ObjectDefaults.Apply(Resources.ReplicaSets, rs, Now);
        Assert.Equal(1, rs.Spec.Replicas);

        var ss = new V1StatefulSet { Metadata = new V1ObjectMeta { Name = "s" }, Spec = new V1StatefulSetSpec { Template = Template() } };
        ObjectDefaults.Apply(Resources.StatefulSets, ss, Now);
        Assert.Equal(1, ss.Spec.Replicas);
        Assert.Equal("OrderedReady", ss.Spec.PodManagementPolicy);
        Assert.Equal("RollingUpdate", ss.Spec.UpdateStrategy.Type);
        Assert.Equal(0, ss.Spec.UpdateStrategy.RollingUpdate.Partition);
        Assert.Equal(10, ss.Spec.RevisionHistoryLimit);

        var ds = new V1DaemonSet { Metadata = new V1ObjectMeta { Name = "d" }, Spec = new V1DaemonSetSpec { Template = Template() } };
        ObjectDefaults.Apply(Resources.DaemonSets, ds, Now);
        Assert.Equal("RollingUpdate", ds.Spec.UpdateStrategy.Type);
        Assert.Equal("1", ds.Spec.UpdateStrategy.RollingUpdate.MaxUnavailable.Value);
        Assert.Equal("0", ds.Spec.UpdateStrategy.RollingUpdate.MaxSurge.Value);
    }

    [Fact]
    public void Job_defaults_and_generated_selector()
    {
        var t = Template();
        t.Spec.RestartPolicy = "Never";
        var job = new V1Job { Metadata = new V1ObjectMeta { Name = "pi", NamespaceProperty = "default" }, Spec = new V1JobSpec { Template = t } };
        ObjectDefaults.Apply(Resources.Jobs, job, Now);
        Assert.Equal(1, job.Spec.Completions);
        Assert.Equal(1, job.Spec.Parallelism);
        Assert.Equal(6, job.Spec.BackoffLimit);
        Assert.Equal("NonIndexed", job.Spec.CompletionMode);
        Assert.False(job.Spec.Suspend);
        Assert.Equal("TerminatingOrFailed", job.Spec.PodReplacementPolicy);
        Assert.Equal(job.Metadata.Uid, job.Spec.Selector.MatchLabels["batch.kubernetes.io/controller-uid"]);
        Assert.Equal("pi", job.Spec.Template.Metadata.Labels["job-name"]);
        Assert.Equal("web", job.Metadata.Labels["app"]);
        Assert.Equal("Never", job.Spec.Template.Spec.RestartPolicy);
    }

    [Fact]
    public void Job_parallelism_only_leaves_completions_unset()
    {
        var job = new V1Job { Metadata = new V1ObjectMeta { Name = "j" }, Spec = new V1JobSpec { Parallelism = 3, Template = Template() } };
        ObjectDefaults.Apply(Resources.Jobs, job, Now);
        Assert.Null(job.Spec.Completions);
        Assert.Equal(3, job.Spec.Parallelism);
    }

    [Fact]
    public void CronJob_defaults()
    {
        var cj = new V1CronJob { Metadata = new V1ObjectMeta { Name = "c" }, Spec = new V1CronJobSpec { Schedule = "* * * * *", JobTemplate = new V1JobTemplateSpec { Spec = new V1JobSpec { Template = Template() } } } };
        ObjectDefaults.Apply(Resources.CronJobs, cj, Now);
        Assert.Equal("Allow", cj.Spec.ConcurrencyPolicy);
        Assert.Equal(3, cj.Spec.SuccessfulJobsHistoryLimit);
        Assert.Equal(1, cj.Spec.FailedJobsHistoryLimit);
        Assert.False(cj.Spec.Suspend);
        Assert.Equal(6, cj.Spec.JobTemplate.Spec.BackoffLimit);
    }

    [Fact]
    public void Service_defaults()
    {
        var svc = new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "s" },
            Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Port = 80 }, new V1ServicePort { Port = 443, TargetPort = "https" }] },
        };
        ObjectDefaults.Apply(Resources.Services, svc, Now);
        Assert.Equal("ClusterIP", svc.Spec.Type);
        Assert.Equal("None", svc.Spec.SessionAffinity);
        Assert.Equal("TCP", svc.Spec.Ports[0].Protocol);
        Assert.Equal("80", svc.Spec.Ports[0].TargetPort.Value);
        Assert.Equal("https", svc.Spec.Ports[1].TargetPort.Value);
        Assert.Equal("Cluster", svc.Spec.InternalTrafficPolicy);
        Assert.Null(svc.Metadata.Generation);
    }

    [Fact]
    public void Namespace_defaults()
    {
        var ns = new V1Namespace { Metadata = new V1ObjectMeta { Name = "team-a" } };
        ObjectDefaults.Apply(Resources.Namespaces, ns, Now);
        Assert.Equal("Active", ns.Status.Phase);
        Assert.Equal(["kubernetes"], ns.Spec.Finalizers);
        Assert.Equal("team-a", ns.Metadata.Labels["kubernetes.io/metadata.name"]);
    }
}
