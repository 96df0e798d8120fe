using Akka.Actor;
using Akka.Configuration;
using ActorKube.Client;
using ActorKube.ControlPlane.ApiServer;
using ActorKube.ControlPlane.Etcd;
using ActorKube.Core.Objects;
using ActorKube.Core.Time;

namespace ActorKube.ControlPlane.Tests.ApiServer;

/// <summary>etcd stops (a journal failure stops a persistent actor) and its supervisor starts it again:
/// the apiserver reloads its watch cache, ends every watch with 410 so clients re-list, and serves
/// every stored object with the same resourceVersion.</summary>
public class ApiServerRecoverySpecs : Akka.TestKit.Xunit2.TestKit
{
    public ApiServerRecoverySpecs()
        : base(EtcdPersistence.Config(new EtcdSettings(EtcdSettings.Memory), Path.GetTempPath()).WithFallback(ConfigurationFactory.ParseString("akka.loglevel = ERROR")))
    {
    }

    [Fact]
    public async Task Apiserver_reloads_after_etcd_restarts_and_watchers_must_relist()
    {
        var etcd = Sys.ActorOf(EtcdActor.SupervisedProps(new EtcdSettings(EtcdSettings.Memory)), "etcd");
        var apiServer = Sys.ActorOf(ApiServerActor.Props(etcd, new ClusterClock(), new ApiServerSettings()), "apiserver");
        var api = new ApiClient(apiServer, TimeSpan.FromSeconds(20));
        await AwaitAssertAsync(async () => Assert.NotNull(await api.GetAsync<V1Namespace>(null, WellKnown.NamespaceNodeLease)), TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(50));
        var created = await api.CreateAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "kept", NamespaceProperty = "default" }, Data = new Dictionary<string, string> { ["k"] = "v" } });

        var watcher = CreateTestProbe();
        apiServer.Tell(new StartWatch(Resources.ConfigMaps, "default", AllowBookmarks: false) { Tag = "w" }, watcher.Ref);
        watcher.ExpectMsg<WatchEvents>(TimeSpan.FromSeconds(10)); // the current state, as ADDED

        var child = await Sys.ActorSelection("/user/etcd/etcd").ResolveOne(TimeSpan.FromSeconds(10));
        child.Tell(PoisonPill.Instance);

        var ended = watcher.FishForMessage<WatchEnded>(_ => true, TimeSpan.FromSeconds(20));
        Assert.Equal(410, ended.Error?.Code);
        await AwaitAssertAsync(async () =>
        {
            var kept = await api.GetAsync<V1ConfigMap>("default", "kept");
            Assert.NotNull(kept);
            Assert.Equal(created.Metadata.ResourceVersion, kept.Metadata.ResourceVersion);
        }, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(100));

        var after = await api.CreateAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "after", NamespaceProperty = "default" } });
        Assert.True(after.ResourceVersionNumber() > created.ResourceVersionNumber());
    }
}
