namespace ActorKube.Cluster.Provisioner;

// Messages of the node provisioner: the only one that starts node entities (DESIGN §2), and the
// way faults reach a node (power off / on, partition / heal). RequestId, when given, comes back in the
// NodeCommandResult, so a sender with several commands in flight can tell the replies apart.

/// <summary>Starts nodes &lt;prefix&gt;-1 .. &lt;prefix&gt;-Count (those not running yet).</summary>
public sealed record StartNodes(int Count, string? Prefix = null);

/// <summary>Starts the node, or powers it on again if it was stopped.</summary>
public sealed record StartNode(string Name, string? RequestId = null);

/// <summary>Power off: the node goes silent (no lease, no status) and its containers stop.</summary>
public sealed record StopNode(string Name, string? RequestId = null);

/// <summary>Cuts the node off from the control plane: its pods keep running, nothing passes either way.</summary>
public sealed record PartitionNode(string Name, string? RequestId = null);

/// <summary>Reconnects a partitioned node: its kubelet re-lists its pods and reports again.</summary>
public sealed record HealNode(string Name, string? RequestId = null);

public sealed record GetNodes;

/// <summary>
/// A worker joined: tell every node that should run to run. A node whose worker died starts again on a
/// live worker (a rebooted machine with the same name); a running one ignores it.
/// </summary>
public sealed record ResyncNodes;

public sealed record NodesRunning(IReadOnlyList<string> Running, IReadOnlyList<string> Stopped, IReadOnlyList<string>? Partitioned = null);

public sealed record NodeCommandResult(string Name, bool Succeeded, string Message, string? RequestId = null);
