using ActorKube.Core.Api;
using ActorKube.Core.Objects;
using ActorKube.Core.Selectors;

namespace ActorKube.Core.Tests.Selectors;

public class FieldSelectorTests
{
    private static readonly V1Pod Pod = new()
    {
        Metadata = new V1ObjectMeta { Name = "web-1", NamespaceProperty = "default" },
        Spec = new V1PodSpec { NodeName = "node-1", RestartPolicy = "Always", SchedulerName = "default-scheduler", ServiceAccountName = "default", HostNetwork = true },
        Status = new V1PodStatus { Phase = "Running", PodIP = "10.0.0.5", NominatedNodeName = "" },
    };

    [Theory]
    [InlineData("", true)]
    [InlineData("metadata.name=web-1", true)]
    [InlineData("metadata.name==web-1", true)]
    [InlineData("metadata.name!=web-1", false)]
    [InlineData("metadata.namespace=default,spec.nodeName=node-1", true)]
    [InlineData("spec.nodeName=node-2", false)]
    [InlineData("spec.nodeName!=", true)]
    [InlineData("spec.nodeName=", false)]
    [InlineData("status.phase!=Succeeded,status.phase!=Failed", true)]
    [InlineData("status.podIP=10.0.0.5", true)]
    [InlineData("spec.hostNetwork=true", true)]
    [InlineData("spec.restartPolicy=Always,spec.schedulerName=default-scheduler,spec.serviceAccountName=default", true)]
    [InlineData("status.nominatedNodeName=", true)]
    public void Pod_fields(string selector, bool expected) =>
        Assert.Equal(expected, FieldSelector.Parse(selector, Resources.Pods).Matches(Pod));

    [Fact]
    public void Unscheduled_pods_match_empty_node_name()
    {
        var s = FieldSelector.Parse("spec.nodeName=", Resources.Pods);
        Assert.True(s.Matches(new V1Pod { Metadata = new V1ObjectMeta { Name = "a" }, Spec = new V1PodSpec() }));
    }

    [Fact]
    public void TryGetEquality_finds_node_name()
    {
        var s = FieldSelector.Parse("status.phase!=Failed,spec.nodeName=node-7", Resources.Pods);
        Assert.True(s.TryGetEquality("spec.nodeName", out var node));
        Assert.Equal("node-7", node);
        Assert.False(s.TryGetEquality("status.phase", out _));
    }

    [Theory]
    [InlineData("foo=bar", "field label not supported: foo")]
    [InlineData("spec.unschedulable=true", "field label not supported: spec.unschedulable")]
    [InlineData("spec.nodeName", "invalid selector: 'spec.nodeName'; can't understand 'spec.nodeName'")]
    public void Errors_are_400(string selector, string message)
    {
        var e = Assert.Throws<ApiException>(() => FieldSelector.Parse(selector, Resources.Pods));
        Assert.Equal(400, e.Code);
        Assert.Equal(message, e.Status.Message);
    }

    [Fact]
    public void Other_kinds_support_their_fields()
    {
        Assert.True(FieldSelector.Parse("spec.unschedulable=false", Resources.Nodes).Matches(new V1Node { Metadata = new V1ObjectMeta { Name = "n" } }));
        var ev = new Corev1Event
        {
            Metadata = new V1ObjectMeta { Name = "e", NamespaceProperty = "default" },
            InvolvedObject = new V1ObjectReference { Kind = "Pod", Name = "web-1", NamespaceProperty = "default", Uid = "u1" },
            Reason = "Scheduled",
            Type = "Normal",
            Source = new V1EventSource { Component = "default-scheduler" },
        };
        Assert.True(FieldSelector.Parse("involvedObject.kind=Pod,involvedObject.name=web-1,involvedObject.uid=u1,reason=Scheduled,type=Normal,source=default-scheduler", Resources.Events).Matches(ev));
        Assert.True(FieldSelector.Parse("type=Opaque", Resources.Secrets).Matches(new V1Secret { Type = "Opaque" }));
        Assert.True(FieldSelector.Parse("status.phase=Active", Resources.Namespaces).Matches(new V1Namespace { Status = new V1NamespaceStatus { Phase = "Active" } }));
        Assert.True(FieldSelector.Parse("status.replicas=0", Resources.ReplicaSets).Matches(new V1ReplicaSet()));
        Assert.True(FieldSelector.Parse("status.successful=2", Resources.Jobs).Matches(new V1Job { Status = new V1JobStatus { Succeeded = 2 } }));
        Assert.True(FieldSelector.Parse("metadata.name=cm", Resources.ConfigMaps).Matches(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "cm" } }));
        Assert.Throws<ApiException>(() => FieldSelector.Parse("data.x=1", Resources.ConfigMaps));
    }

    [Fact]
    public void Escaped_values_round_trip()
    {
        var s = FieldSelector.Parse(@"metadata.name=a\,b\=c", Resources.ConfigMaps);
        Assert.True(s.Matches(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a,b=c" } }));
        Assert.Equal(@"metadata.name=a\,b\=c", s.ToString());
    }
}
