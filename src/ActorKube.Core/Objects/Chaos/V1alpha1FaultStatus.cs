using System.Text.Json.Serialization;

namespace ActorKube.Core.Objects.Chaos;

/// <summary>What the fault controller observed and did: the phase (<see cref="FaultPhases"/>), when the fault started and ended, and why.</summary>
public sealed record V1alpha1FaultStatus
{
    /// <summary>Pending, Active, Ended or Failed.</summary>
    [JsonPropertyName("phase")]
    public string? Phase { get; set; }

    /// <summary>When the fault was injected (cluster clock).</summary>
    [JsonPropertyName("startedAt")]
    public DateTime? StartedAt { get; set; }

    /// <summary>When the fault was lifted because its duration passed.</summary>
    [JsonPropertyName("endedAt")]
    public DateTime? EndedAt { get; set; }

    /// <summary>A human-readable account of the last transition.</summary>
    [JsonPropertyName("message")]
    public string? Message { get; set; }
}
