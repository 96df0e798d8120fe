using Akka.TestKit;
using Akka.TestKit.Xunit2;
using ActorKube.Client;
using ActorKube.ControlPlane.Controllers;
using ActorKube.ControlPlane.Controllers.Deployment;
using ActorKube.ControlPlane.Controllers.ReplicaSet;
using ActorKube.Core.Controllers.Deployment;
using ActorKube.Core.Objects;
using ActorKube.Core.Time;

namespace ActorKube.ControlPlane.Tests.Controllers;

public class ReplicaSetControllerSpecs : TestKit
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public void Creates_missing_pods_in_slow_start_batches_after_the_replies()
    {
        var api = CreateTestProbe();
        var rs = Objects.ReplicaSet("web-rs", 3, "uid-rs");
        Sys.ActorOf(ReplicaSetControllerActor.Props(api, ClusterClock.RealTime, new ControllerSettings()));

        Objects.AnswerLists(api, new()
        {
            [Resources.ReplicaSets] = [rs],
            [Resources.Pods] = [],
        });

        // Batch 1: one pod, and nothing more until it is answered.
        var first = ExpectPodCreate(api);
        Assert.Equal("web-rs-", first.Object.Metadata.GenerateName);
        Assert.Equal("trace-rs", first.Object.Metadata.Annotations[WellKnown.TraceIdAnnotation]);
        Assert.Equal("uid-rs", first.Object.Metadata.OwnerReferences.Single().Uid);
        var early = api.ReceiveWhile(TimeSpan.FromMilliseconds(300), m => m);
        Assert.DoesNotContain(early, m => m is CreateObject { Object: V1Pod });

        api.Reply(ApiResponse.Ok(first.Tag, Objects.Named((V1Pod)first.Object, "web-rs-abc12")));

        // The event of the created pod, then batch 2: two pods at once.
        var ev = api.FishForMessage<CreateObject>(m => m is CreateObject { Object: Corev1Event }, Wait);
        var e = (Corev1Event)ev.Object;
        Assert.Equal("SuccessfulCreate", e.Reason);
        Assert.Equal("Created pod: web-rs-abc12", e.Message);
        Assert.Equal("web-rs", e.InvolvedObject.Name);
        var second = ExpectPodCreate(api);
        var third = ExpectPodCreate(api);
        Assert.Equal(second.Tag, third.Tag);
    }

    [Fact]
    public void Failed_creations_stop_the_slow_start_and_retry()
    {
        var api = CreateTestProbe();
        var rs = Objects.ReplicaSet("web-rs", 3, "uid-rs2");
        Sys.ActorOf(ReplicaSetControllerActor.Props(api, ClusterClock.RealTime));
        Objects.AnswerLists(api, new() { [Resources.ReplicaSets] = [rs], [Resources.Pods] = [] });

        var first = ExpectPodCreate(api);
        api.Reply(ApiResponse.Fail(first.Tag, new V1Status { Code = 403, Message = "forbidden", Reason = "Forbidden", Status = "Failure" }));

        var ev = (Corev1Event)api.FishForMessage<CreateObject>(m => m is CreateObject { Object: Corev1Event }, Wait).Object;
        Assert.Equal("FailedCreate", ev.Reason);

        // Expectations were lowered for the failed and the skipped pods: the retry creates again, from one.
        var retry = ExpectPodCreate(api);
        Assert.NotEqual(first.Tag, retry.Tag);
    }

    [Fact]
    public void Observed_pods_satisfy_expectations_and_show_in_status()
    {
        var api = CreateTestProbe();
        var rs = Objects.ReplicaSet("web-rs", 1, "uid-rs3");
        Sys.ActorOf(ReplicaSetControllerActor.Props(api, ClusterClock.RealTime));
        Objects.AnswerLists(api, new() { [Resources.ReplicaSets] = [rs], [Resources.Pods] = [] });
        var podWatch = api.FishForMessage<StartWatch>(m => m is StartWatch { Resource.Plural: "pods" }, Wait);

        var create = ExpectPodCreate(api);
        var pod = Objects.Named((V1Pod)create.Object, "web-rs-x1y2z");
        api.Reply(ApiResponse.Ok(create.Tag, pod));

        // The informer sees the pod: the creation is observed, and the pod is counted once ready.
        var ready = pod with
        {
            Status = new V1PodStatus
            {
                Phase = "Running",
                Conditions = [new V1PodCondition { Type = "Ready", Status = "True", LastTransitionTime = DateTime.UtcNow }],
            },
        };
        api.Send(api.LastSender, new WatchEvents(podWatch.Tag, [new WatchEvent(ActorKube.Client.WatchEventType.Added, ready, 12)]));

        var status = api.FishForMessage<UpdateObject>(m => m is UpdateObject { Subresource: "status" } u && ((V1ReplicaSet)u.Object).Status.Replicas == 1, Wait);
        var s = ((V1ReplicaSet)status.Object).Status;
        Assert.Equal(1, s.ReadyReplicas);
        Assert.Equal(1, s.AvailableReplicas);
        var after = api.ReceiveWhile(TimeSpan.FromMilliseconds(300), m => m);
        Assert.DoesNotContain(after, m => m is CreateObject { Object: V1Pod });
    }

    private static CreateObject ExpectPodCreate(TestProbe api) =>
        api.FishForMessage<CreateObject>(m => m is CreateObject { Object: V1Pod }, Wait);
}

public class DeploymentControllerSpecs : TestKit
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public void Creates_the_replica_set_with_the_hash_name_and_revision_1()
    {
        var api = CreateTestProbe();
        var d = Objects.Deployment("web", 3, "nginx:1.27");
        Sys.ActorOf(DeploymentControllerActor.Props(api, ClusterClock.RealTime));
        Objects.AnswerLists(api, new()
        {
            [Resources.Deployments] = [d],
            [Resources.ReplicaSets] = [],
            [Resources.Pods] = [],
        });

        var create = api.FishForMessage<CreateObject>(m => m is CreateObject { Object: V1ReplicaSet }, Wait);
        var rs = (V1ReplicaSet)create.Object;
        Assert.Equal($"web-{PodTemplateHash.Compute(d.Spec.Template, null)}", rs.Metadata.Name);
        Assert.Equal("1", rs.Metadata.Annotations[WellKnown.DeploymentRevisionAnnotation]);
        Assert.Equal("trace-web", rs.Metadata.Annotations[WellKnown.TraceIdAnnotation]);
        Assert.Equal(3, rs.Spec.Replicas);

        api.Reply(ApiResponse.Ok(create.Tag, rs));
        var ev = (Corev1Event)api.FishForMessage<CreateObject>(m => m is CreateObject { Object: Corev1Event }, Wait).Object;
        Assert.Equal("ScalingReplicaSet", ev.Reason);
        Assert.Equal($"Scaled up replica set {rs.Metadata.Name} to 3 from 0", ev.Message);
    }

    [Fact]
    public void A_template_change_creates_a_second_replica_set_within_max_surge()
    {
        var api = CreateTestProbe();
        var v1 = Objects.Deployment("web", 4, "nginx:1.26");
        var oldRs = Objects.OwnedReplicaSet(v1, revision: 1);
        var v2 = v1 with
        {
            Metadata = v1.Metadata with { Generation = 2 },
            Spec = v1.Spec with { Template = Objects.Template("nginx:1.27") },
        };
        Sys.ActorOf(DeploymentControllerActor.Props(api, ClusterClock.RealTime));
        Objects.AnswerLists(api, new()
        {
            [Resources.Deployments] = [v2],
            [Resources.ReplicaSets] = [oldRs],
            [Resources.Pods] = [],
        });

        var create = api.FishForMessage<CreateObject>(m => m is CreateObject { Object: V1ReplicaSet }, Wait);
        var newRs = (V1ReplicaSet)create.Object;
        Assert.NotEqual(oldRs.Metadata.Name, newRs.Metadata.Name);
        Assert.Equal("2", newRs.Metadata.Annotations[WellKnown.DeploymentRevisionAnnotation]);

        // 4 replicas, maxSurge 25% = 1, maxUnavailable 25% = 1: one new pod over the four old ones.
        Assert.Equal(1, newRs.Spec.Replicas);
        var status = api.FishForMessage<UpdateObject>(m => m is UpdateObject { Subresource: "status" }, Wait);
        Assert.Equal(2, ((V1Deployment)status.Object).Status.ObservedGeneration);
    }
}

public class DeploymentControllerRetrySpecs : TestKit
{
    [Fact]
    public void A_failed_request_is_retried_from_the_cache_after_a_backoff()
    {
        var api = CreateTestProbe();
        var d = Objects.Deployment("api", 2, "nginx:1.27");
        Sys.ActorOf(DeploymentControllerActor.Props(api, ClusterClock.RealTime));
        Objects.AnswerLists(api, new() { [Resources.Deployments] = [d], [Resources.ReplicaSets] = [], [Resources.Pods] = [] });

        var create = api.FishForMessage<CreateObject>(m => m is CreateObject { Object: V1ReplicaSet }, TimeSpan.FromSeconds(10));
        api.Reply(ApiResponse.Fail(create.Tag, new V1Status { Code = 500, Reason = "InternalError", Message = "etcd unavailable", Status = "Failure" }));

        var again = api.FishForMessage<CreateObject>(m => m is CreateObject { Object: V1ReplicaSet }, TimeSpan.FromSeconds(10));
        Assert.Equal(create.Object.Metadata.Name, again.Object.Metadata.Name);
    }

    [Fact]
    public void Settings_read_hocon_with_kubernetes_defaults()
    {
        var config = Akka.Configuration.ConfigurationFactory.ParseString("actorkube.controllers { workers-batch = 8, burst-replicas = 100 }");
        var settings = ControllerSettings.FromConfig(config.GetConfig("actorkube.controllers"));
        Assert.Equal(8, settings.WorkersBatch);
        Assert.Equal(100, settings.BurstReplicas);
        Assert.Equal(500, ControllerSettings.FromConfig(null).BurstReplicas);
    }
}

/// <summary>Objects and apiserver answers for the controller specs.</summary>
internal static class Objects
{
    public static void AnswerLists(TestProbe api, Dictionary<ResourceInfo, IKubernetesObject<V1ObjectMeta>[]> lists)
    {
        for (var i = 0; i < lists.Count; i++)
        {
            var list = api.ExpectMsg<ListObjects>(TimeSpan.FromSeconds(10));
            api.Reply(new ApiListResponse(list.Tag, list.Resource, lists[list.Resource], 10, null));
        }
    }

    public static V1Pod Named(V1Pod pod, string name) => pod with { Metadata = pod.Metadata with { Name = name, Uid = Guid.NewGuid().ToString(), ResourceVersion = "11" } };

    public static V1PodTemplateSpec Template(string image) => new()
    {
        Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web" } },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "web", Image = image }] },
    };

    public static V1ReplicaSet ReplicaSet(string name, int replicas, string uid) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "ReplicaSet",
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = "default",
            Uid = uid,
            Generation = 1,
            ResourceVersion = "5",
            Labels = new Dictionary<string, string> { ["app"] = "web" },
            Annotations = new Dictionary<string, string> { [WellKnown.TraceIdAnnotation] = "trace-rs" },
        },
        Spec = new V1ReplicaSetSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
            Template = Template("nginx:1.27"),
        },
    };

    public static V1Deployment Deployment(string name, int replicas, string image) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "Deployment",
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = "default",
            Uid = $"uid-{name}-{Guid.NewGuid()}",
            Generation = 1,
            ResourceVersion = "3",
            CreationTimestamp = DateTime.UtcNow,
            Annotations = new Dictionary<string, string> { [WellKnown.TraceIdAnnotation] = $"trace-{name}" },
        },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
            Template = Template(image),
            Strategy = new V1DeploymentStrategy { Type = "RollingUpdate" },
        },
        Status = new V1DeploymentStatus(),
    };

    /// <summary>The fully rolled-out ReplicaSet of a deployment's current template.</summary>
    public static V1ReplicaSet OwnedReplicaSet(V1Deployment d, int revision)
    {
        var hash = PodTemplateHash.Compute(d.Spec.Template, null);
        var replicas = d.Spec.Replicas ?? 1;
        var template = Template(d.Spec.Template.Spec.Containers[0].Image);
        template.Metadata.Labels[WellKnown.PodTemplateHashLabel] = hash;
        return new V1ReplicaSet
        {
            ApiVersion = "apps/v1",
            Kind = "ReplicaSet",
            Metadata = new V1ObjectMeta
            {
                Name = $"{d.Metadata.Name}-{hash}",
                NamespaceProperty = "default",
                Uid = $"uid-rs-{hash}",
                Generation = 1,
                ResourceVersion = "7",
                CreationTimestamp = DateTime.UtcNow.AddMinutes(-5),
                Labels = new Dictionary<string, string>(template.Metadata.Labels),
                OwnerReferences = [ObjectExtensions.OwnerReferenceTo(d)],
                Annotations = new Dictionary<string, string>
                {
                    [WellKnown.DeploymentRevisionAnnotation] = revision.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    [WellKnown.DesiredReplicasAnnotation] = replicas.ToString(System.Globalization.CultureInfo.InvariantCulture),
                },
            },
            Spec = new V1ReplicaSetSpec
            {
                Replicas = replicas,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string>(template.Metadata.Labels) },
                Template = template,
            },
            Status = new V1ReplicaSetStatus { Replicas = replicas, ReadyReplicas = replicas, AvailableReplicas = replicas, ObservedGeneration = 1 },
        };
    }
}
