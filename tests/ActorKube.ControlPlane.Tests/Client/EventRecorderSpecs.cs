using ActorKube.Client;
using ActorKube.Core.Objects;
using ActorKube.Core.Time;

namespace ActorKube.ControlPlane.Tests.Client;

public class EventRecorderSpecs : Akka.TestKit.Xunit2.TestKit
{
    private static V1Pod Pod(string name, string? trace) => new()
    {
        Kind = "Pod",
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = "default",
            Uid = "uid-" + name,
            Annotations = trace is null ? null : new Dictionary<string, string> { [WellKnown.TraceIdAnnotation] = trace },
        },
    };

    private Corev1Event Created()
    {
        var create = ExpectMsg<CreateObject>();
        Assert.True(create.HandsOver);
        return Assert.IsType<Corev1Event>(create.Object);
    }

    [Fact]
    public void Events_carry_the_trace_of_their_object_and_events_of_one_trace_share_its_annotations()
    {
        var recorder = new EventRecorder(TestActor, "kubelet", new ClusterClock(), "node-1");

        recorder.Record(Pod("a", "t1"), EventRecorder.Normal, "Pulled", "pulled");
        recorder.Record(Pod("b", "t1"), EventRecorder.Normal, "Started", "started");
        recorder.Record(Pod("c", "t2"), EventRecorder.Normal, "Started", "started");
        recorder.Record(Pod("d", null), EventRecorder.Normal, "Started", "started");

        var a = Created();
        var b = Created();
        var c = Created();
        var d = Created();
        Assert.Equal(("a", "t1"), (a.InvolvedObject.Name, a.Metadata.Annotations[WellKnown.TraceIdAnnotation]));
        Assert.Equal(("b", "t1"), (b.InvolvedObject.Name, b.Metadata.Annotations[WellKnown.TraceIdAnnotation]));
        Assert.Same(a.Metadata.Annotations, b.Metadata.Annotations);
        Assert.Equal("t2", Assert.Single(c.Metadata.Annotations).Value);
        Assert.Equal("t1", Assert.Single(a.Metadata.Annotations).Value);
        Assert.Null(d.Metadata.Annotations);
        Assert.NotEqual(a.Metadata.Name, b.Metadata.Name);
        Assert.Equal(("kubelet", "node-1"), (a.Source.Component, a.Source.Host));
    }
}
