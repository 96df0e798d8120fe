using Akka.Actor;
using ActorKube.Client;
using ActorKube.Core.Api;
using ActorKube.Core.Objects;
using WatchEventType = ActorKube.Client.WatchEventType;

namespace ActorKube.ControlPlane.Tests.Client;

public class InformerSpecs : Akka.TestKit.Xunit2.TestKit
{
    private sealed record Added(string Name);

    private sealed record Updated(string Name, string ResourceVersion);

    private sealed record Deleted(string Name);

    private sealed record Synced;

    /// <summary>An actor that owns one pod informer and reports its callbacks.</summary>
    private sealed class Host : ReceiveActor
    {
        public Host(IActorRef apiServer, IActorRef report)
        {
            var informer = new Informer<V1Pod>(apiServer, name: "pods");
            informer.OnAdd = p => report.Tell(new Added(p.Metadata.Name));
            informer.OnUpdate = (_, p) => report.Tell(new Updated(p.Metadata.Name, p.Metadata.ResourceVersion));
            informer.OnDelete = p => report.Tell(new Deleted(p.Metadata.Name));
            informer.OnSynced = () => report.Tell(new Synced());
            informer.Start(apiServer, Self);
            ReceiveAny(m => informer.Handle(m));
        }
    }

    private sealed record ByNode(string Node);

    private sealed record Indexed(string Node, string[] Names);

    /// <summary>An actor whose pod informer is indexed by node; it answers <see cref="ByNode"/> from the index.</summary>
    private sealed class IndexedHost : ReceiveActor
    {
        public IndexedHost(IActorRef apiServer)
        {
            var informer = new Informer<V1Pod>(apiServer, name: "pods");
            informer.AddIndex("node", p => p.Spec?.NodeName);
            informer.Start(apiServer, Self);
            Receive<ByNode>(q => Sender.Tell(new Indexed(q.Node, [.. informer.ByIndex("node", q.Node).Select(p => p.Metadata.Name + (p.Status?.Phase is { } phase ? "/" + phase : "")).Order(StringComparer.Ordinal)])));
            ReceiveAny(m => informer.Handle(m));
        }
    }

    private static V1Pod Pod(string name, string rv) => new() { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", ResourceVersion = rv } };

    [Fact]
    public void Lists_then_watches_from_the_list_revision_and_relists_after_gone_replaying_the_difference()
    {
        var api = CreateTestProbe();
        Sys.ActorOf(Akka.Actor.Props.Create(() => new Host(api.Ref, TestActor)));

        var list = api.ExpectMsg<ListObjects>();
        api.Reply(new ApiListResponse(list.Tag, Resources.Pods, [Pod("a", "5"), Pod("b", "6")], 10, null));
        ExpectMsgAllOf([new Added("a"), new Added("b")]);
        ExpectMsg<Synced>();
        var watch = api.ExpectMsg<StartWatch>();
        Assert.Equal("10", watch.ResourceVersion);

        api.Reply(new WatchEvents(watch.Tag, [new WatchEvent(WatchEventType.Modified, Pod("a", "11"), 11)]));
        ExpectMsg(new Updated("a", "11"));

        // The watch ends with 410 Gone: the informer lists again and turns the difference into events.
        api.Reply(new WatchEnded(watch.Tag, StatusErrors.Gone("too old resource version")));
        var relist = api.ExpectMsg<ListObjects>();
        Assert.NotEqual(list.Tag, relist.Tag);
        api.Reply(new ApiListResponse(relist.Tag, Resources.Pods, [Pod("a", "11"), Pod("c", "20")], 21, null));
        ExpectMsgAllOf<object>([new Added("c"), new Deleted("b")]);
        var rewatch = api.ExpectMsg<StartWatch>();
        Assert.Equal("21", rewatch.ResourceVersion);

        // Events of the old watch arriving late are dropped; the new watch's are applied.
        api.Reply(new WatchEvents(watch.Tag, [new WatchEvent(WatchEventType.Deleted, Pod("a", "22"), 22)]));
        api.Reply(new WatchEvents(rewatch.Tag, [new WatchEvent(WatchEventType.Deleted, Pod("c", "23"), 23)]));
        ExpectMsg(new Deleted("c"));
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void An_index_follows_adds_moves_and_deletes()
    {
        static V1Pod On(string name, string rv, string? node) => Pod(name, rv) with { Spec = new V1PodSpec { NodeName = node } };

        var api = CreateTestProbe();
        var host = Sys.ActorOf(Akka.Actor.Props.Create(() => new IndexedHost(api.Ref)));
        var list = api.ExpectMsg<ListObjects>();
        api.Reply(new ApiListResponse(list.Tag, Resources.Pods, [On("a", "1", "n1"), On("b", "2", "n1"), On("c", "3", null)], 3, null));
        var watch = api.ExpectMsg<StartWatch>();

        host.Tell(new ByNode("n1"));
        Assert.Equal(["a", "b"], ExpectMsg<Indexed>().Names);

        // c is bound (enters the index), b moves from n1 to n2, a is deleted.
        api.Reply(new WatchEvents(watch.Tag,
        [
            new WatchEvent(WatchEventType.Modified, On("c", "4", "n2"), 4),
            new WatchEvent(WatchEventType.Modified, On("b", "5", "n2"), 5),
            new WatchEvent(WatchEventType.Deleted, On("a", "6", "n1"), 6),
        ]));
        host.Tell(new ByNode("n1"));
        Assert.Empty(ExpectMsg<Indexed>().Names);
        host.Tell(new ByNode("n2"));
        Assert.Equal(["b", "c"], ExpectMsg<Indexed>().Names);

        // An update that keeps the value replaces the indexed object (ByIndex gives the newest).
        api.Reply(new WatchEvents(watch.Tag, [new WatchEvent(WatchEventType.Modified, On("c", "7", "n2") with { Status = new V1PodStatus { Phase = "Running" } }, 7)]));
        host.Tell(new ByNode("n2"));
        Assert.Equal(["b", "c/Running"], ExpectMsg<Indexed>().Names);
    }

    [Fact]
    public void A_failed_list_is_retried()
    {
        var api = CreateTestProbe();
        Sys.ActorOf(Akka.Actor.Props.Create(() => new Host(api.Ref, TestActor)));
        var list = api.ExpectMsg<ListObjects>();
        api.Reply(new ApiListResponse(list.Tag, Resources.Pods, [], 0, null, StatusErrors.ServiceUnavailable("starting")));
        var again = api.ExpectMsg<ListObjects>();
        api.Reply(new ApiListResponse(again.Tag, Resources.Pods, [Pod("a", "1")], 1, null));
        ExpectMsg(new Added("a"));
        ExpectMsg<Synced>();
    }
}
