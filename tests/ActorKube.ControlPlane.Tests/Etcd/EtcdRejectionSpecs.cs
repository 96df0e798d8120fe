using System.Text;
using ActorKube.ControlPlane.Etcd;
using Akka.Actor;
using Akka.Configuration;

namespace ActorKube.ControlPlane.Tests.Etcd;

public class EtcdRejectionSpecs : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    public EtcdRejectionSpecs()
        : base(ConfigurationFactory.ParseString(RejectingJournal.Config).WithFallback(EtcdPersistence.Config(EtcdSettings.Memory, "")))
    {
    }

    [Fact]
    public void A_rejected_batch_fails_its_writes_and_the_actor_recovers_the_stored_state()
    {
        var etcd = Sys.ActorOf(EtcdActor.Props(new EtcdSettings(EtcdSettings.Memory), "etcd-reject"));
        var watcher = CreateTestProbe();
        etcd.Tell(new EtcdPut("a", "/a", Encoding.UTF8.GetBytes("1")));
        Assert.True(ExpectMsg<EtcdWriteResult>(Wait).Succeeded);
        etcd.Tell(new EtcdWatch("w", "/", 0), watcher);

        etcd.Tell(new EtcdPut("poison", "/poison", new byte[] { 1 }));
        etcd.Tell(new EtcdPut("b", "/b", new byte[] { 1 }, Revisions.NotExists));

        var failed = ReceiveN(2, Wait).Cast<EtcdWriteFailed>().Select(f => (string)f.Tag!).Order();
        Assert.Equal(["b", "poison"], failed);
        Assert.Equal("w", watcher.ExpectMsg<EtcdWatchCanceled>(Wait).Tag);

        etcd.Tell(new EtcdRange("all", "/", IsPrefix: true));
        var all = ExpectMsg<EtcdRangeResult>(Wait);
        Assert.Equal((1L, "/a"), (all.Revision, all.Kvs.Single().Key));
        etcd.Tell(new EtcdPut("b2", "/b", new byte[] { 1 }, Revisions.NotExists));
        Assert.Equal(2, ExpectMsg<EtcdWriteResult>(Wait).Revision);
    }
}
