using Akka.Actor;
using Akka.Cluster.Sharding;
using ActorKube.Cluster.Hosting;
using ActorKube.Cluster.Network;
using ActorKube.Cluster.Sharding;
using ActorKube.Core.Time;
using ActorKube.Node.Kubelet;

namespace ActorKube.Cluster.Roles;

/// <summary>
/// An `actorkube worker` process (DESIGN §2): a member of role worker hosting emulated nodes as entities
/// of the "node" shard region (entity id = node name), started only by the node provisioner. Its kubelets
/// reach the apiserver of a control plane through the apiserver router.
/// </summary>
public sealed class WorkerHost : IAsyncDisposable
{
    private WorkerHost(ActorSystem system, ProcessSetup setup, ClusterClock clock, IActorRef region)
    {
        System = system;
        Setup = setup;
        Clock = clock;
        Region = region;
    }

    public ActorSystem System { get; }

    public ProcessSetup Setup { get; }

    public ClusterClock Clock { get; }

    public IActorRef Region { get; }

    public const string RouterName = "apiserver-router";

    /// <summary>Label on each Node: the worker process that hosts it.</summary>
    public const string WorkerLabel = "actorkube.io/worker";

    public static async Task<WorkerHost> StartAsync(ClusterOptions options, CancellationToken cancellationToken = default)
    {
        var setup = ProcessSetup.Prepare(options with { Role = ClusterRoles.Worker });
        var ak = setup.ActorKube;
        var system = ActorSystem.Create("actorkube", setup.AkkaConfig());
        try
        {
            NetworkChaos.StartAgent(system);
            await ClusterJoin.WaitUntilUpAsync(system, TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
            var clock = await ClusterJoin.ClusterClockAsync(system, TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("a worker needs a control plane");
            var router = system.ActorOf(ApiServerRouterActor.Props(), RouterName);
            // Every node says which worker process hosts it: kubectl get nodes -L actorkube.io/worker
            var nodeConfig = NodeConfig.FromConfig(ak.GetConfig("node")) is var c
                ? c with { Labels = new Dictionary<string, string>(c.Labels) { [WorkerLabel] = options.ProcessName } }
                : null!;
            var kubelet = KubeletSettings.FromConfig(ak.GetConfig("kubelet"));
            var region = await ClusterSharding.Get(system).StartAsync(
                NodeMessageExtractor.TypeName,
                nodeName => KubeletActor.Props(nodeName, nodeConfig, router, clock, kubelet),
                ClusterShardingSettings.Create(system).WithRole(ClusterRoles.Worker),
                new NodeMessageExtractor(ak.GetInt("sharding.max-shards", 100))).ConfigureAwait(false);
            return new WorkerHost(system, setup, clock, region);
        }
        catch
        {
            await system.Terminate().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await CoordinatedShutdown.Get(System).Run(CoordinatedShutdown.ClrExitReason.Instance).ConfigureAwait(false);
        await Serilog.Log.CloseAndFlushAsync().ConfigureAwait(false);
    }
}
