namespace ActorKube.Cluster.Sharding;

/// <summary>A message for one emulated node, routed by the node shard region to the worker that hosts it.</summary>
public sealed record NodeEnvelope(string NodeName, object Message);
