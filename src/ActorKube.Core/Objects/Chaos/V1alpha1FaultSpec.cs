using System.Text.Json.Serialization;

namespace ActorKube.Core.Objects.Chaos;

/// <summary>What a <see cref="V1alpha1Fault"/> breaks: its <see cref="Type"/> says which of the other fields apply.</summary>
public sealed record V1alpha1FaultSpec
{
    /// <summary>NodeStop, NodePartition, NetworkDelay or NetworkLoss (<see cref="FaultTypes"/>).</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    /// <summary>The node of a NodeStop or NodePartition fault.</summary>
    [JsonPropertyName("node")]
    public string? Node { get; set; }

    /// <summary>The process the traffic of a network fault leaves (NetworkDelay, NetworkLoss).</summary>
    [JsonPropertyName("from")]
    public string? From { get; set; }

    /// <summary>The process the traffic of a network fault goes to.</summary>
    [JsonPropertyName("to")]
    public string? To { get; set; }

    /// <summary>Added latency of a NetworkDelay fault, in milliseconds.</summary>
    [JsonPropertyName("delayMs")]
    public int? DelayMs { get; set; }

    /// <summary>Share of the messages a NetworkLoss fault drops, 1 to 100.</summary>
    [JsonPropertyName("lossPercent")]
    public int? LossPercent { get; set; }

    /// <summary>How long the fault lasts once active, a Go duration ("60s", "5m"); without it, until the Fault is deleted.</summary>
    [JsonPropertyName("duration")]
    public string? Duration { get; set; }
}
