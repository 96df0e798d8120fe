using Akka.Actor;
using Akka.Configuration;
using ActorKube.Client;
using ActorKube.Cluster.Faults;
using ActorKube.Cluster.Provisioner;
using ActorKube.ControlPlane.ApiServer;
using ActorKube.ControlPlane.Controllers;
using ActorKube.ControlPlane.Etcd;
using ActorKube.ControlPlane.Scheduler;
using ActorKube.Core.Objects;
using ActorKube.Core.Time;
using ActorKube.Http.Hosting;
using ActorKube.Node.Kubelet;

namespace ActorKube.Cluster.Hosting;

/// <summary>
/// The one place that decides where the actors live (DESIGN §1–2). In-process mode: one actor system
/// holds the control plane (etcd, apiserver, kube-scheduler, kube-controller-manager, node provisioner,
/// chaos-controller-manager) and the nodes, with the same actors and messages as the multi-process cluster.
/// </summary>
public sealed class ActorKubeCluster : IAsyncDisposable
{
    private readonly ClockMark _clockMark;

    private ActorKubeCluster(ActorSystem system, Config config, ClusterClock clock, ClockMark clockMark, string dataDir, IActorRef etcd, IActorRef apiServer, IActorRef provisioner, string? logFile)
    {
        _clockMark = clockMark;
        System = system;
        Config = config;
        Clock = clock;
        DataDir = dataDir;
        Etcd = etcd;
        ApiServer = apiServer;
        Provisioner = provisioner;
        LogFile = logFile;
        Api = new ApiClient(apiServer);
    }

    public ActorSystem System { get; }

    public Config Config { get; }

    public ClusterClock Clock { get; }

    public string DataDir { get; }

    public IActorRef Etcd { get; }

    public IActorRef ApiServer { get; }

    public IActorRef Provisioner { get; }

    public ApiClient Api { get; }

    /// <summary>The JSONL message-flow log of this process, when logging was configured here.</summary>
    public string? LogFile { get; }

    public static async Task<ActorKubeCluster> StartAsync(ClusterOptions options, CancellationToken cancellationToken = default)
    {
        var setup = ProcessSetup.Prepare(options);
        var (config, dataDir, logFile, etcdSettings) = setup;
        var ak = setup.ActorKube;
        await setup.CheckStorageAsync(cancellationToken).ConfigureAwait(false);
        var system = ActorSystem.Create("actorkube", setup.AkkaConfig());
        // Resumed from the data directory's last run: its stored timestamps may be ahead of wall time.
        var clock = ClockMark.ResumeClock(dataDir, ak.GetDouble("time-scale", 1.0));
        var etcd = system.ActorOf(EtcdActor.SupervisedProps(etcdSettings), ActorNames.Etcd);
        var apiServer = system.ActorOf(ApiServerActor.PropsWithPriorities(etcd, clock, ApiServerSettings.FromConfig(ak.GetConfig("apiserver"))), ActorNames.ApiServer);
        system.ActorOf(KubeSchedulerActor.Props(apiServer, clock, SchedulerSettings.FromConfig(ak.GetConfig("scheduler"))), ActorNames.Scheduler);
        system.ActorOf(ControllerManagerActor.Props(apiServer, clock, ControllerManagerSettings.FromConfig(ak)), ActorNames.ControllerManager);
        var cluster = ak.GetConfig("cluster");
        var nodeConfig = NodeConfig.FromConfig(ak.GetConfig("node"));
        var provisioner = system.ActorOf(
            NodeProvisionerActor.Props(apiServer, clock, KubeletSettings.FromConfig(ak.GetConfig("kubelet")), nodeConfig, cluster.GetString("node-name-prefix", "node")),
            ActorNames.NodeProvisioner);
        system.ActorOf(FaultControllerActor.Props(apiServer, provisioner, clock), ActorNames.ChaosControllerManager);
        var result = new ActorKubeCluster(system, config, clock, ClockMark.Start(dataDir, clock), dataDir, etcd, apiServer, provisioner, logFile);
        await result.WaitForApiServerAsync(cancellationToken).ConfigureAwait(false);
        var nodes = cluster.GetInt("nodes", 3);
        if (nodes > 0)
        {
            await provisioner.Ask<NodesRunning>(new StartNodes(nodes), TimeSpan.FromMinutes(2), cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>Waits until the apiserver has loaded etcd and created the system namespaces.</summary>
    public Task WaitForApiServerAsync(CancellationToken cancellationToken = default) => Api.WaitUntilReadyAsync(cancellationToken);

    /// <summary>
    /// Starts the Kubernetes REST API of this process (Kestrel in front of its apiserver actor), with
    /// <c>pods/log</c> proxied to the kubelet of the pod's node. Options default to <c>actorkube.http</c>.
    /// </summary>
    public Task<KubeApiServer> StartApiAsync(KubeApiOptions? options = null, CancellationToken cancellationToken = default) =>
        KubeApiServer.StartAsync(
            options ?? KubeApiOptions.FromConfig(Config.GetConfig("actorkube.http")),
            new KubeApiBackend(System, ApiServer, Clock, PodLogsAsync),
            cancellationToken);

    /// <summary>Asks a node's kubelet for a container's log; a node that is not running answers with a Status.</summary>
    public Task<LogsResult> PodLogsAsync(string nodeName, GetPodLogs request, CancellationToken cancellationToken = default) =>
        NodeLogs.AskAsync(System.ActorSelection($"/user/{ActorNames.NodeProvisioner}/{ActorNames.Node(nodeName)}"), request, nodeName, cancellationToken);

    public Task<NodeCommandResult> StopNodeAsync(string name) => Provisioner.Ask<NodeCommandResult>(new StopNode(name), TimeSpan.FromSeconds(30));

    public Task<NodeCommandResult> StartNodeAsync(string name) => Provisioner.Ask<NodeCommandResult>(new StartNode(name), TimeSpan.FromSeconds(30));

    public async ValueTask DisposeAsync()
    {
        await System.Terminate().ConfigureAwait(false);
        await _clockMark.DisposeAsync().ConfigureAwait(false);
        await Serilog.Log.CloseAndFlushAsync().ConfigureAwait(false);
    }
}
