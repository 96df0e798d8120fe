using Akka.Actor;
using ActorKube.Client;
using ActorKube.ControlPlane.ApiServer;
using ActorKube.ControlPlane.Etcd;
using ActorKube.Core.Objects;

namespace ActorKube.ControlPlane.Tests.ApiServer;

public class ApiServerMailboxTests
{
    private static readonly V1Pod Pod = new() { Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = "default" } };

    [Fact]
    public void Requests_are_classed_by_who_sends_them()
    {
        Assert.Equal(PriorityLevel.Exempt, RequestPriority.Of(new EtcdWriteResult(1L, true, 5, null, null)));
        Assert.Equal(PriorityLevel.ControlPlane, RequestPriority.Of(new CreateObject(Pod) { From = ActorNames.ReplicaSetController }));
        Assert.Equal(PriorityLevel.ControlPlane, RequestPriority.Of(new BindPod("default", "p", "node-1") { From = ActorNames.Scheduler }));
        Assert.Equal(PriorityLevel.Default, RequestPriority.Of(new UpdateObject(Pod, "status") { From = "kubelet/node-1" }));
        Assert.Equal(PriorityLevel.Default, RequestPriority.Of(new ListObjects(Resources.Pods) { From = "kubectl" }));
        Assert.Equal(PriorityLevel.Default, RequestPriority.Of(new CreateObject(new Corev1Event { Metadata = new V1ObjectMeta { Name = "e" } }) { From = ActorNames.ReplicaSetController }));
        Assert.Equal(PriorityLevel.Default, RequestPriority.Of(new CancelWatch("w")));
    }

    [Fact]
    public void Etcd_replies_go_first_then_the_control_plane_with_a_share_for_the_others()
    {
        var queue = new ApiServerMessageQueue();
        var kubelet = Enumerable.Range(0, 3).Select(i => new UpdateObject(Pod, "status") { From = "kubelet/node-1", Tag = $"k{i}" }).ToList();
        var controller = Enumerable.Range(0, 6).Select(i => new CreateObject(Pod) { From = ActorNames.ReplicaSetController, Tag = $"c{i}" }).ToList();
        foreach (var m in kubelet.Cast<object>().Concat(controller))
        {
            queue.Enqueue(ActorRefs.Nobody, new Envelope(m, ActorRefs.NoSender));
        }

        queue.Enqueue(ActorRefs.Nobody, new Envelope(new EtcdWriteResult("etcd", true, 1, null, null), ActorRefs.NoSender));

        var order = new List<object?>();
        while (queue.TryDequeue(out var envelope))
        {
            order.Add(envelope.Message switch { ApiRequest r => r.Tag, EtcdWriteResult e => e.Tag, _ => null });
        }

        // Each level keeps its order; 4 control-plane requests in a row, then one of the others while they wait.
        Assert.Equal(["etcd", "c0", "c1", "c2", "c3", "k0", "c4", "c5", "k1", "k2"], order);
        Assert.False(queue.HasMessages);
    }

    [Fact]
    public void Unstashed_messages_come_back_first_in_their_order()
    {
        var queue = new ApiServerMessageQueue();
        queue.Enqueue(ActorRefs.Nobody, new Envelope(new EtcdWriteResult("etcd", true, 1, null, null), ActorRefs.NoSender));
        queue.EnqueueFirst(new Envelope(new ListObjects(Resources.Pods) { Tag = "second" }, ActorRefs.NoSender));
        queue.EnqueueFirst(new Envelope(new ListObjects(Resources.Pods) { Tag = "first" }, ActorRefs.NoSender));

        Assert.Equal(3, queue.Count);
        var tags = new List<object?>();
        while (queue.TryDequeue(out var envelope))
        {
            tags.Add(envelope.Message switch { ApiRequest r => r.Tag, EtcdWriteResult e => e.Tag, _ => null });
        }

        Assert.Equal(["first", "second", "etcd"], tags);
    }
}
