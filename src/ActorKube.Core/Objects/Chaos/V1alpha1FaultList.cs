using System.Text.Json.Serialization;

namespace ActorKube.Core.Objects.Chaos;

/// <summary>A list of <see cref="V1alpha1Fault"/> (kind FaultList), as a list request answers it.</summary>
[KubernetesEntity(Group = V1alpha1Fault.KubeGroup, Kind = KubeKind, ApiVersion = V1alpha1Fault.KubeApiVersion, PluralName = V1alpha1Fault.KubePluralName)]
public sealed record V1alpha1FaultList : IKubernetesObject<V1ListMeta>, IItems<V1alpha1Fault>
{
    public const string KubeKind = "FaultList";

    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; set; }

    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = null!;

    [JsonPropertyName("items")]
    public IList<V1alpha1Fault> Items { get; set; } = null!;
}
