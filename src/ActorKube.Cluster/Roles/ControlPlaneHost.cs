using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.Singleton;
using ActorKube.Client;
using ActorKube.Cluster.Faults;
using ActorKube.Cluster.Hosting;
using ActorKube.Cluster.Network;
using ActorKube.Cluster.Provisioner;
using ActorKube.Cluster.Sharding;
using ActorKube.ControlPlane.ApiServer;
using ActorKube.ControlPlane.Controllers;
using ActorKube.ControlPlane.Etcd;
using ActorKube.ControlPlane.Scheduler;
using ActorKube.Core.Time;
using ActorKube.Http.Hosting;
using ActorKube.Node.Kubelet;

namespace ActorKube.Cluster.Roles;

/// <summary>
/// An `actorkube control-plane` process (DESIGN §1–2): a member of role control-plane hosting the
/// cluster singletons etcd, kube-scheduler, kube-controller-manager, node provisioner and chaos-controller-manager (each runs on
/// the oldest control plane and moves when it dies), its own apiserver actor talking to the etcd
/// singleton, and the HTTP API in front of that apiserver. Nodes are reached through the node shard
/// region's proxy.
/// </summary>
public sealed class ControlPlaneHost : IAsyncDisposable
{
    private readonly ClockMark _clockMark;

    private ControlPlaneHost(ActorSystem system, ProcessSetup setup, ClusterClock clock, IActorRef apiServer, IActorRef provisioner, IActorRef nodes)
    {
        // Every control plane marks its data directory: whichever restarts first on it resumes the cluster's time.
        _clockMark = ClockMark.Start(setup.DataDir, clock);
        System = system;
        Setup = setup;
        Clock = clock;
        ApiServer = apiServer;
        Provisioner = provisioner;
        Nodes = nodes;
    }

    public ActorSystem System { get; }

    public ProcessSetup Setup { get; }

    public ClusterClock Clock { get; }

    public IActorRef ApiServer { get; }

    /// <summary>Proxy of the node provisioner singleton.</summary>
    public IActorRef Provisioner { get; }

    /// <summary>Proxy of the node shard region (the nodes live on the workers).</summary>
    public IActorRef Nodes { get; }

    public static async Task<ControlPlaneHost> StartAsync(ClusterOptions options, CancellationToken cancellationToken = default)
    {
        var setup = ProcessSetup.Prepare(options with { Role = ClusterRoles.ControlPlane });
        var ak = setup.ActorKube;
        await setup.CheckStorageAsync(cancellationToken).ConfigureAwait(false);
        var system = ActorSystem.Create("actorkube", setup.AkkaConfig());
        try
        {
            NetworkChaos.StartAgent(system);
            await ClusterJoin.WaitUntilUpAsync(system, TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
            var clock = await ClusterJoin.ClusterClockAsync(system, TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false)
                ?? ClockMark.ResumeClock(setup.DataDir, ak.GetDouble("time-scale", 1.0));
            system.ActorOf(ClusterInfoActor.Props(clock), ClusterInfoActor.Name);

            var etcd = Singleton(system, EtcdActor.SupervisedProps(setup.Etcd), ActorNames.Etcd);
            var apiServer = system.ActorOf(ApiServerActor.PropsWithPriorities(etcd, clock, ApiServerSettings.FromConfig(ak.GetConfig("apiserver"))), ActorNames.ApiServer);
            var nodes = await ClusterSharding.Get(system).StartProxyAsync(NodeMessageExtractor.TypeName, ClusterRoles.Worker, new NodeMessageExtractor(ak.GetInt("sharding.max-shards", 100))).ConfigureAwait(false);

            // The singletons talk to the apiserver of the process they run in.
            Singleton(system, KubeSchedulerActor.Props(apiServer, clock, SchedulerSettings.FromConfig(ak.GetConfig("scheduler"))), ActorNames.Scheduler);
            Singleton(system, ControllerManagerActor.Props(apiServer, clock, ControllerManagerSettings.FromConfig(ak)), ActorNames.ControllerManager);
            var provisioner = Singleton(system, NodeProvisionerActor.Props(new NodeHost.Sharded(nodes), ak.GetString("cluster.node-name-prefix", "node")), ActorNames.NodeProvisioner);
            Singleton(system, FaultControllerActor.Props(apiServer, provisioner, clock), ActorNames.ChaosControllerManager);

            system.ActorOf(WorkerJoinWatcher.Props(provisioner), "worker-join-watcher");
            var host = new ControlPlaneHost(system, setup, clock, apiServer, provisioner, nodes);
            await new ApiClient(apiServer).WaitUntilReadyAsync(cancellationToken).ConfigureAwait(false);
            var count = ak.GetInt("cluster.nodes", 3);
            if (count > 0)
            {
                // Once every expected worker has a region, so that the shards spread over all of them
                // (shards do not rebalance: a node does not wander). In the background: workers join after us.
                // Idempotent: a second control plane asking again starts nothing new.
                _ = StartNodesWhenWorkersAsync(nodes, provisioner, count, ak.GetInt("cluster.min-workers", 1));
            }

            return host;
        }
        catch
        {
            await system.Terminate().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task StartNodesWhenWorkersAsync(IActorRef nodes, IActorRef provisioner, int count, int minWorkers)
    {
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var regions = await nodes.Ask<CurrentRegions>(GetCurrentRegions.Instance, TimeSpan.FromSeconds(5)).ConfigureAwait(false);
                if (regions.Regions.Count >= minWorkers)
                {
                    break;
                }
            }
            catch (AskTimeoutException)
            {
            }

            await Task.Delay(500).ConfigureAwait(false);
        }

        provisioner.Tell(new StartNodes(count));
    }

    /// <summary>The Kubernetes REST API of this control plane; pods/log goes to the node's kubelet through the shard region.</summary>
    public Task<KubeApiServer> StartApiAsync(KubeApiOptions options, CancellationToken cancellationToken = default) =>
        KubeApiServer.StartAsync(options, new KubeApiBackend(System, ApiServer, Clock, PodLogsAsync), cancellationToken);

    public Task<LogsResult> PodLogsAsync(string nodeName, GetPodLogs request, CancellationToken cancellationToken = default) =>
        NodeLogs.AskAsync(Nodes, new NodeEnvelope(nodeName, request), nodeName, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await CoordinatedShutdown.Get(System).Run(CoordinatedShutdown.ClrExitReason.Instance).ConfigureAwait(false);
        await _clockMark.DisposeAsync().ConfigureAwait(false);
        await Serilog.Log.CloseAndFlushAsync().ConfigureAwait(false);
    }

    /// <summary>A cluster singleton on role control-plane, and a proxy to it at /user/&lt;name&gt;-proxy.</summary>
    private static IActorRef Singleton(ActorSystem system, Props props, string name)
    {
        system.ActorOf(
            ClusterSingletonManager.Props(props, PoisonPill.Instance, ClusterSingletonManagerSettings.Create(system).WithRole(ClusterRoles.ControlPlane)),
            name);
        return system.ActorOf(
            ClusterSingletonProxy.Props($"/user/{name}", ClusterSingletonProxySettings.Create(system).WithRole(ClusterRoles.ControlPlane)),
            name + "-proxy");
    }
}
