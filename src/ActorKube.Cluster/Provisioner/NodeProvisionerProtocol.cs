namespace ActorKube.Cluster.Provisioner;

// Messages of the node provisioner: the only one that starts node entities (DESIGN §2), and the
// way faults reach a node (power off / on).

/// <summary>Starts nodes &lt;prefix&gt;-1 .. &lt;prefix&gt;-Count (those not running yet).</summary>
public sealed record StartNodes(int Count, string? Prefix = null);

public sealed record StartNode(string Name);

/// <summary>Power off: the node goes silent (no lease, no status) and its containers stop.</summary>
public sealed record StopNode(string Name);

public sealed record GetNodes;

public sealed record NodesRunning(IReadOnlyList<string> Running, IReadOnlyList<string> Stopped);

public sealed record NodeCommandResult(string Name, bool Succeeded, string Message);
