using System.Text.Json.Serialization;

namespace ActorKube.Core.Objects.Chaos;

/// <summary>
/// A fault injected into the emulated cluster (<c>chaos.actorkube.io/v1alpha1</c>, kind Fault), as Chaos Mesh
/// describes experiments with objects: the spec says what to break and for how long, the fault controller
/// (chaos-controller-manager) breaks it, records it in the status and repairs it when the duration has passed
/// or the object is deleted. Cluster-scoped: node faults target nodes, which are cluster-scoped too.
/// Named like the KubernetesClient models (V1alpha1...), so the list kind is <see cref="V1alpha1FaultList"/>.
/// </summary>
[KubernetesEntity(Group = KubeGroup, Kind = KubeKind, ApiVersion = KubeApiVersion, PluralName = KubePluralName)]
public sealed record V1alpha1Fault : IKubernetesObject<V1ObjectMeta>, ISpec<V1alpha1FaultSpec>
{
    public const string KubeApiVersion = "v1alpha1";
    public const string KubeKind = "Fault";
    public const string KubeGroup = "chaos.actorkube.io";
    public const string KubePluralName = "faults";

    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; set; }

    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = null!;

    [JsonPropertyName("spec")]
    public V1alpha1FaultSpec Spec { get; set; } = null!;

    [JsonPropertyName("status")]
    public V1alpha1FaultStatus? Status { get; set; }
}
