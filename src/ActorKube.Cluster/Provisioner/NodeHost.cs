using Akka.Actor;
using ActorKube.Cluster.Sharding;

namespace ActorKube.Cluster.Provisioner;

/// <summary>Where the provisioner's nodes live: its own children in-process, or entities of the node shard region.</summary>
public abstract class NodeHost
{
    /// <summary>Starts the node (a no-op if it runs already).</summary>
    public abstract void Start(IActorContext context, string name);

    public abstract void Tell(string name, object message, IActorRef sender);

    /// <summary>Nodes as children of the provisioner (one process).</summary>
    public sealed class Children(Func<string, Props> kubeletProps) : NodeHost
    {
        private readonly Dictionary<string, IActorRef> _nodes = new(StringComparer.Ordinal);

        public override void Start(IActorContext context, string name)
        {
            if (!_nodes.ContainsKey(name))
            {
                _nodes[name] = context.ActorOf(kubeletProps(name), Client.ActorNames.Node(name));
            }
        }

        public override void Tell(string name, object message, IActorRef sender)
        {
            if (_nodes.TryGetValue(name, out var node))
            {
                node.Tell(message, sender);
            }
        }
    }

    /// <summary>Nodes as Cluster Sharding entities on the worker members; the first message starts one.</summary>
    public sealed class Sharded(IActorRef region) : NodeHost
    {
        public override void Start(IActorContext context, string name) => region.Tell(new NodeEnvelope(name, Node.Kubelet.PowerOn.Instance));

        public override void Tell(string name, object message, IActorRef sender) => region.Tell(new NodeEnvelope(name, message), sender);
    }
}
