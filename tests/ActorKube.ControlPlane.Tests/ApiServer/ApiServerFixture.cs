using Akka.Actor;
using Akka.Configuration;
using ActorKube.Client;
using ActorKube.ControlPlane.ApiServer;
using ActorKube.ControlPlane.Etcd;
using ActorKube.Core.Objects;
using ActorKube.Core.Time;

namespace ActorKube.ControlPlane.Tests.ApiServer;

/// <summary>An etcd (in memory) and an apiserver actor in the spec's actor system.</summary>
public abstract class ApiServerSpecBase : Akka.TestKit.Xunit2.TestKit
{
    protected ApiServerSpecBase(ApiServerSettings? settings = null, double timeScale = 1)
        : base(EtcdPersistence.Config(new EtcdSettings(EtcdSettings.Memory), Path.GetTempPath()).WithFallback(ApiServerMailbox.Declaration).WithFallback(ConfigurationFactory.ParseString("akka.loglevel = WARNING")))
    {
        Clock = new ClusterClock(timeScale);
        Etcd = Sys.ActorOf(EtcdActor.Props(new EtcdSettings(EtcdSettings.Memory)), "etcd");
        ApiServer = Sys.ActorOf(ApiServerActor.PropsWithPriorities(Etcd, Clock, settings), "apiserver");
        Api = new ApiClient(ApiServer, TimeSpan.FromSeconds(20));
        AwaitAssert(() => Assert.NotNull(Api.GetAsync<V1Namespace>(null, WellKnown.NamespaceNodeLease).GetAwaiter().GetResult()), TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(50));
    }

    protected ClusterClock Clock { get; }

    protected IActorRef Etcd { get; }

    protected IActorRef ApiServer { get; }

    protected ApiClient Api { get; }

    protected static V1Pod NewPod(string name, string ns = "default", string? node = null, IDictionary<string, string>? labels = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Labels = labels ?? new Dictionary<string, string> { ["app"] = "web" } },
        Spec = new V1PodSpec { NodeName = node, Containers = [new V1Container { Name = "c", Image = "nginx:1.27" }] },
    };

    protected static V1Node NewNode(string name) => new() { Metadata = new V1ObjectMeta { Name = name } };

    protected ApiResponse Send(ApiRequest request) => Api.SendAsync(request).GetAwaiter().GetResult();
}
