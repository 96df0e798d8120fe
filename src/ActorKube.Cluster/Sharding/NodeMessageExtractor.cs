using Akka.Cluster.Sharding;

namespace ActorKube.Cluster.Sharding;

/// <summary>Entity id = node name; shards by the name's stable hash, so nodes spread evenly over the workers.</summary>
public sealed class NodeMessageExtractor(int maxShards) : HashCodeMessageExtractor(maxShards)
{
    /// <summary>The shard region's type name.</summary>
    public const string TypeName = "node";

    public override string? EntityId(object message) => message is NodeEnvelope e ? e.NodeName : null;

    public override object EntityMessage(object message) => message is NodeEnvelope e ? e.Message : message;
}
