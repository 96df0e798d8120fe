using System.Text;
using ActorKube.ControlPlane.Etcd;
using ActorKube.Core.Storage;
using Akka.Actor;
using Akka.Configuration;

namespace ActorKube.ControlPlane.Tests.Etcd;

public class EtcdActorSpecs : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    public EtcdActorSpecs()
        : base(EtcdPersistence.Config(EtcdSettings.Memory, ""))
    {
    }

    private static byte[] V(string s) => Encoding.UTF8.GetBytes(s);

    private IActorRef Etcd(EtcdSettings? settings = null, string id = "etcd") =>
        Sys.ActorOf(EtcdActor.Props(settings ?? new EtcdSettings(EtcdSettings.Memory), id));

    [Fact]
    public void Put_range_and_compare_and_swap_conflicts()
    {
        var etcd = Etcd();

        etcd.Tell(new EtcdPut("create", "/registry/pods/ns/a", V("1"), Revisions.NotExists));
        var created = ExpectMsg<EtcdWriteResult>(Wait);
        Assert.Equal(("create", true, 1L), (created.Tag, created.Succeeded, created.Revision));

        etcd.Tell(new EtcdPut("again", "/registry/pods/ns/a", V("x"), Revisions.NotExists));
        var conflict = ExpectMsg<EtcdWriteResult>(Wait);
        Assert.False(conflict.Succeeded);
        Assert.Equal(1, conflict.Current!.ModRevision);

        etcd.Tell(new EtcdPut("update", "/registry/pods/ns/a", V("2"), 1));
        Assert.Equal(2, ExpectMsg<EtcdWriteResult>(Wait).Revision);

        etcd.Tell(new EtcdPut("stale", "/registry/pods/ns/a", V("3"), 1));
        var stale = ExpectMsg<EtcdWriteResult>(Wait);
        Assert.False(stale.Succeeded);
        Assert.Equal(2, stale.Current!.ModRevision);

        etcd.Tell(new EtcdRange("get", "/registry/pods/", IsPrefix: true));
        var range = ExpectMsg<EtcdRangeResult>(Wait);
        Assert.Equal("get", range.Tag);
        Assert.Equal(2, range.Revision);
        Assert.Equal("2", Encoding.UTF8.GetString(range.Kvs.Single().Value.Bytes));

        etcd.Tell(new EtcdRange("old", "/registry/pods/ns/a", Revision: 1));
        Assert.Equal("1", Encoding.UTF8.GetString(ExpectMsg<EtcdRangeResult>(Wait).Kvs.Single().Value.Bytes));

        etcd.Tell(new EtcdRange("future", "/registry/pods/ns/a", Revision: 9));
        Assert.Equal("future revision", ExpectMsg<EtcdRangeResult>(Wait).Error);

        etcd.Tell(new EtcdDelete("del-stale", "/registry/pods/ns/a", 1));
        Assert.False(ExpectMsg<EtcdWriteResult>(Wait).Succeeded);
        etcd.Tell(new EtcdDelete("del", "/registry/pods/ns/a", 2));
        var deleted = ExpectMsg<EtcdWriteResult>(Wait);
        Assert.True(deleted.Succeeded);
        Assert.Equal(3, deleted.Revision);
        Assert.Equal(2, deleted.Previous!.ModRevision);

        etcd.Tell(new EtcdRange("gone", "/registry/pods/ns/a"));
        Assert.Empty(ExpectMsg<EtcdRangeResult>(Wait).Kvs);
    }

    [Fact]
    public void Writes_in_the_same_batch_see_each_other()
    {
        var etcd = Etcd();

        etcd.Tell(new EtcdPut(1, "/k", V("a"), Revisions.NotExists));
        etcd.Tell(new EtcdPut(2, "/k", V("b"), Revisions.NotExists));
        etcd.Tell(new EtcdPut(3, "/k", V("c"), 1));

        var results = ReceiveN(3, Wait).Cast<EtcdWriteResult>().OrderBy(r => (int)r.Tag!).ToList();
        Assert.Equal([true, false, true], results.Select(r => r.Succeeded));
        Assert.Equal(1, results[1].Current!.ModRevision);
        Assert.Equal(2, results[2].Revision);
    }

    [Fact]
    public void Watch_events_of_a_batch_arrive_before_its_acks()
    {
        var etcd = Etcd();
        var other = CreateTestProbe();
        etcd.Tell(new EtcdWatch("pods", "/registry/pods/", 0));
        etcd.Tell(new EtcdWatch("nodes", "/registry/nodes/", 0), other);

        etcd.Tell(new EtcdPut("p", "/registry/pods/ns/a", V("1")));
        etcd.Tell(new EtcdPut("s", "/registry/services/ns/a", V("1")));

        var events = ExpectMsg<EtcdWatchEvents>(Wait);
        Assert.Equal("pods", events.Tag);
        Assert.Equal("/registry/pods/ns/a", events.Events.Single().Kv.Key);
        ExpectMsg<EtcdWriteResult>(r => (string)r.Tag! == "p", Wait);
        ExpectMsg<EtcdWriteResult>(r => (string)r.Tag! == "s", Wait);

        etcd.Tell(new EtcdDelete("d", "/registry/pods/ns/a"));
        var deleted = ExpectMsg<EtcdWatchEvents>(Wait).Events.Single();
        Assert.Equal(EventType.Delete, deleted.Type);
        Assert.Equal(3, deleted.Kv.ModRevision);
        ExpectMsg<EtcdWriteResult>(Wait);

        other.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void Watch_from_an_old_revision_catches_up_and_a_compacted_one_is_canceled()
    {
        var etcd = Etcd();
        for (var i = 1; i <= 5; i++)
        {
            etcd.Tell(new EtcdPut(i, i % 2 == 0 ? $"/b/{i}" : $"/a/{i}", V("x")));
        }

        ReceiveN(5, Wait);

        etcd.Tell(new EtcdWatch("a", "/a/", 2));
        Assert.Equal([3L, 5L], ExpectMsg<EtcdWatchEvents>(Wait).Events.Select(e => e.Kv.ModRevision));

        etcd.Tell(new EtcdPut("new", "/a/6", V("x")));
        Assert.Equal(6, ExpectMsg<EtcdWatchEvents>(Wait).Events.Single().Kv.ModRevision);
        ExpectMsg<EtcdWriteResult>(Wait);

        etcd.Tell(new EtcdCompact("c", 4));
        Assert.Equal(new EtcdCompacted("c", 4), ExpectMsg<EtcdCompacted>(Wait));
        etcd.Tell(new EtcdCompact("c2", 3));
        Assert.Equal("compacted", ExpectMsg<EtcdCompacted>(Wait).Error);

        etcd.Tell(new EtcdWatch("old", "/a/", 2));
        var canceled = ExpectMsg<EtcdWatchCanceled>(Wait);
        Assert.Equal(("old", 4L), (canceled.Tag, canceled.CompactRevision));

        etcd.Tell(new EtcdRange("r", "/a/", IsPrefix: true, Revision: 3));
        Assert.Equal("compacted", ExpectMsg<EtcdRangeResult>(Wait).Error);

        etcd.Tell(new EtcdCancelWatch("a"));
        ExpectMsg<EtcdWatchCanceled>(c => (string)c.Tag! == "a", Wait);
        etcd.Tell(new EtcdPut("after-cancel", "/a/7", V("x")));
        ExpectMsg<EtcdWriteResult>(Wait);
    }

    [Fact]
    public void Many_waiting_writes_are_stored_in_few_batches()
    {
        var etcd = Etcd(new EtcdSettings(EtcdSettings.Memory, MaxBatch: 300));
        for (var i = 0; i < 1000; i++)
        {
            etcd.Tell(new EtcdPut(i, $"/registry/configmaps/ns/c{i}", V("x"), Revisions.NotExists));
        }

        var acks = ReceiveN(1000, Wait).Cast<EtcdWriteResult>().ToList();
        Assert.All(acks, a => Assert.True(a.Succeeded));
        Assert.Equal(Enumerable.Range(1, 1000).Select(i => (long)i), acks.Select(a => a.Revision).Order());

        etcd.Tell(new EtcdGetStatus("s"));
        var status = ExpectMsg<EtcdStatus>(Wait);
        Assert.Equal((1000L, 1000L, 1000L), (status.Revision, status.Keys, status.Writes));
        Assert.InRange(status.Batches, 4, 50);
    }

    [Fact]
    public void A_restarted_actor_recovers_from_snapshot_and_journal()
    {
        var settings = new EtcdSettings(EtcdSettings.Memory, SnapshotEvery: 2, HistoryRevisions: 8);
        var etcd = Etcd(settings, "etcd-recover");
        var acked = new Dictionary<string, long>();
        for (var round = 0; round < 4; round++)
        {
            for (var i = 0; i < 7; i++)
            {
                etcd.Tell(new EtcdPut($"/k/{i}", $"/k/{i}", V($"{round}")));
            }

            foreach (var ack in ReceiveN(7, Wait).Cast<EtcdWriteResult>())
            {
                acked[(string)ack.Tag!] = ack.Revision;
            }
        }

        Watch(etcd);
        Sys.Stop(etcd);
        ExpectTerminated(etcd, Wait);

        var again = Etcd(settings, "etcd-recover");
        again.Tell(new EtcdRange("all", "/k/", IsPrefix: true));
        var all = ExpectMsg<EtcdRangeResult>(Wait);
        Assert.Equal(28, all.Revision);
        Assert.Equal(acked.OrderBy(a => a.Key, StringComparer.Ordinal), all.Kvs.Select(kv => KeyValuePair.Create(kv.Key, kv.ModRevision)));
        again.Tell(new EtcdPut("next", "/k/new", V("x")));
        Assert.Equal(29, ExpectMsg<EtcdWriteResult>(Wait).Revision);
    }

    [Fact]
    public void The_supervised_actor_answers_through_its_backoff_supervisor()
    {
        var etcd = Sys.ActorOf(EtcdActor.SupervisedProps(new EtcdSettings(EtcdSettings.Memory), "etcd-supervised"));
        etcd.Tell(new EtcdPut("p", "/a", V("1")));
        Assert.Equal(1, ExpectMsg<EtcdWriteResult>(Wait).Revision);
        etcd.Tell(new EtcdRange("r", "/a"));
        Assert.Single(ExpectMsg<EtcdRangeResult>(Wait).Kvs);
    }

    [Fact]
    public void Journal_events_and_snapshots_round_trip_through_the_binary_serializer()
    {
        var batch = new EtcdBatchStored(7, [EtcdOp.Put("/a", new byte[] { 1, 2, 3 }), EtcdOp.Delete("/b"), EtcdOp.Compact(5)]);
        var serializer = Sys.Serialization.FindSerializerFor(batch);
        Assert.IsType<EtcdSerializer>(serializer);

        var copy = (EtcdBatchStored)Sys.Serialization.Deserialize(serializer.ToBinary(batch), serializer.Identifier, EtcdSerializerManifest(batch));
        Assert.Equal(7, copy.FirstRevision);
        Assert.Equal([EtcdOpKind.Put, EtcdOpKind.Delete, EtcdOpKind.Compact], copy.Ops.Select(o => o.Kind));
        Assert.Equal([1, 2, 3], copy.Ops[0].Value.Bytes);
        Assert.Equal("/b", copy.Ops[1].Key);
        Assert.Equal(5, copy.Ops[2].Revision);

        var store = new MvccStore();
        store.Put("/a", new byte[] { 9 });
        var snapshot = new EtcdSnapshot(store.Export());
        var restored = (EtcdSnapshot)Sys.Serialization.Deserialize(serializer.ToBinary(snapshot), serializer.Identifier, EtcdSerializerManifest(snapshot));
        Assert.Equal([9], MvccStore.Import(restored.Store).Get("/a")!.Value.Bytes);
    }

    [Fact]
    public void Settings_read_the_actorkube_etcd_section()
    {
        var config = ConfigurationFactory.ParseString("""
            actorkube.etcd { storage = memory, snapshot-every = 50, history-revisions = 1000, max-batch = 10 }
            """);
        Assert.Equal(new EtcdSettings(EtcdSettings.Memory, "", 50, 1000, 10), EtcdSettings.FromConfig(config.GetConfig("actorkube.etcd")));
        Assert.Equal(new EtcdSettings(), EtcdSettings.FromConfig(null));
        Assert.Throws<ArgumentException>(() => EtcdSettings.FromConfig(ConfigurationFactory.ParseString("storage = mongo")));
    }

    private static string EtcdSerializerManifest(object o) => o is EtcdBatchStored ? "B1" : "S1";
}
