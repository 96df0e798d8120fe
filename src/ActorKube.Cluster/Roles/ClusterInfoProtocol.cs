namespace ActorKube.Cluster.Roles;

// Every process of a cluster shares one emulated clock: the first control plane's. Others ask its
// cluster-info actor when they join, so leases and grace periods agree across processes.

public sealed record GetClusterClock;

/// <summary>A ClusterClock as numbers: its scale and its two epochs (Unix milliseconds).</summary>
public sealed record ClusterClockInfo(double Scale, long EmulatedEpochUnixMs, long WallEpochUnixMs);
