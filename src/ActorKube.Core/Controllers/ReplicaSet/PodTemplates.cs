using ActorKube.Core.Objects;

namespace ActorKube.Core.Controllers.ReplicaSet;

/// <summary>controller.GetPodFromTemplate: the pod a workload controller creates from its template.</summary>
public static class PodTemplates
{
    public static V1Pod NewPod(IKubernetesObject<V1ObjectMeta> owner, V1PodTemplateSpec template)
    {
        var copy = KubeSerializer.DeepCopy(template);
        var annotations = copy.Metadata?.Annotations is { } a ? new Dictionary<string, string>(a) : new Dictionary<string, string>();
        if (owner.TraceId() is { } trace)
        {
            annotations[WellKnown.TraceIdAnnotation] = trace;
        }

        return new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                GenerateName = $"{owner.Metadata.Name}-",
                NamespaceProperty = owner.Metadata.NamespaceProperty,
                Labels = copy.Metadata?.Labels is { } l ? new Dictionary<string, string>(l) : null,
                Annotations = annotations.Count == 0 ? null : annotations,
                Finalizers = copy.Metadata?.Finalizers,
                OwnerReferences = [ObjectExtensions.OwnerReferenceTo(owner)],
            },
            Spec = copy.Spec,
        };
    }
}
