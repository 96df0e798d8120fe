namespace ActorKube.Core.Objects.Chaos;

/// <summary>The values of a Fault's <c>spec.type</c>.</summary>
public static class FaultTypes
{
    /// <summary>The node loses power: the kubelet goes silent and its containers stop.</summary>
    public const string NodeStop = "NodeStop";

    /// <summary>The node keeps running its pods, but nothing passes between it and the control plane.</summary>
    public const string NodePartition = "NodePartition";

    /// <summary>Messages from one process to another are delayed (multi-process cluster).</summary>
    public const string NetworkDelay = "NetworkDelay";

    /// <summary>A share of the messages from one process to another is dropped (multi-process cluster).</summary>
    public const string NetworkLoss = "NetworkLoss";

    public static readonly IReadOnlyList<string> All = [NodeStop, NodePartition, NetworkDelay, NetworkLoss];

    public static bool IsNodeFault(string? type) => type is NodeStop or NodePartition;

    public static bool IsNetworkFault(string? type) => type is NetworkDelay or NetworkLoss;
}
