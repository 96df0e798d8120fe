using System.Text.Json.Serialization;

namespace ActorKube.Core.Printing;

/// <summary>
/// <c>meta.k8s.io/v1 PartialObjectMetadata</c>: an object reduced to its type and full metadata, the default
/// row object of a Table. KubernetesClient has no model for it.
/// </summary>
public sealed class PartialObjectMetadata : IKubernetesObject<V1ObjectMeta>
{
    public const string KubeKind = "PartialObjectMetadata";
    public const string KubeApiVersion = "meta.k8s.io/v1";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = KubeKind;

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = KubeApiVersion;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    public static PartialObjectMetadata Of(IMetadata<V1ObjectMeta> obj) => new() { Metadata = obj.Metadata ?? new V1ObjectMeta() };
}
