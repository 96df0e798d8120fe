using Akka.Actor;
using ActorKube.Client;
using ActorKube.Core.Time;
using ActorKube.Node.Kubelet;

namespace ActorKube.Cluster.Provisioner;

/// <summary>
/// The node provisioner: starts emulated nodes (one kubelet actor each, with its container runtime
/// and pods), powers them off and on, and cuts them off from the control plane and back (node faults). In-process it is the parent of the kubelets; in a
/// multi-process cluster it sends the same commands to the node shard region (<see cref="NodeHost"/>).
/// </summary>
public sealed class NodeProvisionerActor : ReceiveActor
{
    private readonly NodeHost _host;
    private readonly string _prefix;
    private readonly HashSet<string> _nodes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _stopped = new(StringComparer.Ordinal);
    private readonly HashSet<string> _partitioned = new(StringComparer.Ordinal);

    public NodeProvisionerActor(NodeHost host, string prefix)
    {
        _host = host;
        _prefix = prefix;
        Receive<StartNodes>(m =>
        {
            var prefix = m.Prefix ?? _prefix;
            for (var i = 1; i <= m.Count; i++)
            {
                Start($"{prefix}-{i}");
            }

            Sender.Tell(Running());
        });
        Receive<StartNode>(m =>
        {
            var wasStopped = _stopped.Contains(m.Name);
            var known = _nodes.Contains(m.Name);
            Start(m.Name);
            Sender.Tell(new NodeCommandResult(m.Name, true, wasStopped ? $"node {m.Name} powered on" : known ? $"node {m.Name} is running" : $"node {m.Name} started", m.RequestId));
        });
        Receive<StopNode>(m => Command(m.Name, m.RequestId, PowerOff.Instance, () => _stopped.Add(m.Name), $"node {m.Name} powered off"));
        Receive<PartitionNode>(m => Command(m.Name, m.RequestId, Partition.Instance, () => _partitioned.Add(m.Name), $"node {m.Name} cut off from the control plane"));
        Receive<HealNode>(m => Command(m.Name, m.RequestId, Heal.Instance, () => _partitioned.Remove(m.Name), $"node {m.Name} reconnected to the control plane"));
        Receive<GetNodes>(_ => Sender.Tell(Running()));
        Receive<ResyncNodes>(_ =>
        {
            foreach (var name in _nodes.Except(_stopped))
            {
                _host.Tell(name, PowerOn.Instance, Self);
                if (_partitioned.Contains(name))
                {
                    _host.Tell(name, Partition.Instance, Self);
                }
            }
        });
    }

    /// <summary>In-process: the kubelets are the provisioner's children.</summary>
    public static Props Props(IActorRef apiServer, ClusterClock clock, KubeletSettings kubelet, NodeConfig nodeConfig, string prefix = "node") =>
        Props(new NodeHost.Children(name => KubeletActor.Props(name, nodeConfig, apiServer, clock, kubelet)), prefix);

    public static Props Props(NodeHost host, string prefix = "node") =>
        Akka.Actor.Props.Create(() => new NodeProvisionerActor(host, prefix));

    private NodesRunning Running() => new(_nodes.Except(_stopped).Order().ToList(), _stopped.Order().ToList(), _partitioned.Order().ToList());

    /// <summary>A command to a node the provisioner started (idempotent: the kubelet ignores a repeat).</summary>
    private void Command(string name, string? requestId, object message, Action record, string done)
    {
        if (!_nodes.Contains(name))
        {
            Sender.Tell(new NodeCommandResult(name, false, $"node {name} is not known to the provisioner", requestId));
            return;
        }

        record();
        FlowLog.Message(ActorNames.NodeProvisioner, ActorNames.Node(name), message.GetType().Name, $"Node/{name}", null, null);
        _host.Tell(name, message, Self);
        Sender.Tell(new NodeCommandResult(name, true, done, requestId));
    }

    private void Start(string name)
    {
        if (_nodes.Add(name))
        {
            _host.Start(Context, name);
        }
        else if (_stopped.Remove(name))
        {
            _host.Tell(name, PowerOn.Instance, Self);
        }
    }
}
