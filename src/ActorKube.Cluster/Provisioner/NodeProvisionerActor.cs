using Akka.Actor;
using ActorKube.Client;
using ActorKube.Core.Time;
using ActorKube.Node.Kubelet;

namespace ActorKube.Cluster.Provisioner;

/// <summary>
/// The node provisioner: starts emulated nodes (one kubelet actor each, with its container runtime
/// and pods) and powers them off and on. In-process it is the parent of the kubelets; in a
/// multi-process cluster it sends the same commands to the node shard region.
/// </summary>
public sealed class NodeProvisionerActor : ReceiveActor
{
    private readonly IActorRef _apiServer;
    private readonly ClusterClock _clock;
    private readonly KubeletSettings _kubelet;
    private readonly NodeConfig _nodeConfig;
    private readonly string _prefix;
    private readonly Dictionary<string, IActorRef> _nodes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _stopped = new(StringComparer.Ordinal);

    public NodeProvisionerActor(IActorRef apiServer, ClusterClock clock, KubeletSettings kubelet, NodeConfig nodeConfig, string prefix)
    {
        _apiServer = apiServer;
        _clock = clock;
        _kubelet = kubelet;
        _nodeConfig = nodeConfig;
        _prefix = prefix;
        Receive<StartNodes>(m =>
        {
            var prefix = m.Prefix ?? _prefix;
            for (var i = 1; i <= m.Count; i++)
            {
                Start($"{prefix}-{i}");
            }

            Sender.Tell(new NodesRunning(_nodes.Keys.Except(_stopped).Order().ToList(), _stopped.Order().ToList()));
        });
        Receive<StartNode>(m =>
        {
            var wasStopped = _stopped.Contains(m.Name);
            Start(m.Name);
            Sender.Tell(new NodeCommandResult(m.Name, true, wasStopped ? $"node {m.Name} powered on" : $"node {m.Name} started"));
        });
        Receive<StopNode>(m =>
        {
            if (!_nodes.TryGetValue(m.Name, out var node))
            {
                Sender.Tell(new NodeCommandResult(m.Name, false, $"node {m.Name} is not known to the provisioner"));
                return;
            }

            _stopped.Add(m.Name);
            node.Tell(PowerOff.Instance);
            Sender.Tell(new NodeCommandResult(m.Name, true, $"node {m.Name} powered off"));
        });
        Receive<GetNodes>(_ => Sender.Tell(new NodesRunning(_nodes.Keys.Except(_stopped).Order().ToList(), _stopped.Order().ToList())));
    }

    public static Props Props(IActorRef apiServer, ClusterClock clock, KubeletSettings kubelet, NodeConfig nodeConfig, string prefix = "node") =>
        Akka.Actor.Props.Create(() => new NodeProvisionerActor(apiServer, clock, kubelet, nodeConfig, prefix));

    private void Start(string name)
    {
        if (_nodes.TryGetValue(name, out var existing))
        {
            if (_stopped.Remove(name))
            {
                existing.Tell(PowerOn.Instance);
            }

            return;
        }

        _nodes[name] = Context.ActorOf(KubeletActor.Props(name, _nodeConfig, _apiServer, _clock, _kubelet), ActorNames.Node(name));
    }
}
