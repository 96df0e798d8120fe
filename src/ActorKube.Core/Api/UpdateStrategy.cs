using ActorKube.Core.Objects;
using ActorKube.Core.Objects.Chaos;

namespace ActorKube.Core.Api;

/// <summary>
/// What the apiserver does to an object on update before validation: rest.BeforeUpdate (system fields
/// copied from the stored object) and each kind's strategy PrepareForUpdate (status or spec reset,
/// generation bump).
/// </summary>
public static class UpdateStrategy
{
    /// <summary>
    /// Mutates <paramref name="newObj"/> (caller-owned; <paramref name="oldObj"/> is only read).
    /// <paramref name="subresource"/> null or "" is the main resource: status changes are dropped.
    /// "status": everything but status (and metadata.resourceVersion, for the precondition) is taken from the old object.
    /// Other subresources (e.g. "scale" after the caller applied it to spec) are treated as the main resource.
    /// </summary>
    public static void PrepareForUpdate(ResourceInfo r, IKubernetesObject<V1ObjectMeta> newObj, IKubernetesObject<V1ObjectMeta> oldObj, string? subresource = null)
    {
        newObj.ApiVersion = r.ApiVersion;
        newObj.Kind = r.Kind;
        var meta = newObj.Metadata ??= new V1ObjectMeta();
        var old = oldObj.Metadata ?? new V1ObjectMeta();

        if (subresource == "status")
        {
            var rv = meta.ResourceVersion;
            var copy = KubeSerializer.DeepCopy(old);
            copy.ResourceVersion = rv;
            newObj.Metadata = copy;
            CopySpec(newObj, oldObj);
            return;
        }

        // rest.BeforeUpdate: generation, creationTimestamp, deletion fields come from the stored object; uid if missing.
        meta.Generation = old.Generation;
        if (string.IsNullOrEmpty(meta.Uid))
        {
            meta.Uid = old.Uid;
        }

        if (old.CreationTimestamp is not null)
        {
            meta.CreationTimestamp = old.CreationTimestamp;
        }

        if (old.DeletionTimestamp is not null)
        {
            meta.DeletionTimestamp = old.DeletionTimestamp;
        }

        if (old.DeletionGracePeriodSeconds is not null)
        {
            meta.DeletionGracePeriodSeconds = old.DeletionGracePeriodSeconds;
        }

        meta.ManagedFields = old.ManagedFields;
        CopyStatus(newObj, oldObj);

        switch (newObj, oldObj)
        {
            case (V1Namespace ns, V1Namespace oldNs):
                // Namespace finalizers change only through the finalize subresource.
                if (subresource != "finalize")
                {
                    ns.Spec = oldNs.Spec;
                }

                break;
            case (V1Service svc, V1Service oldSvc):
                KeepAllocatedServiceValues(svc, oldSvc);
                break;
        }

        if (ObjectDefaults.TracksGeneration(r) && ShouldBumpGeneration(newObj, oldObj))
        {
            meta.Generation = (old.Generation ?? 0) + 1;
        }
    }

    /// <summary>The generation rule: a spec change bumps it (for Deployments an annotation change too, for rollbacks).</summary>
    public static bool ShouldBumpGeneration(IKubernetesObject<V1ObjectMeta> newObj, IKubernetesObject<V1ObjectMeta> oldObj)
    {
        if (!Validation.JsonEqual(SpecOf(newObj), SpecOf(oldObj)))
        {
            return true;
        }

        if (newObj is V1Deployment && !Validation.JsonEqual(newObj.Metadata?.Annotations, oldObj.Metadata?.Annotations))
        {
            return true;
        }

        // A pod's graceful deletion also moves its generation in Kubernetes; deletion is the caller's path.
        return false;
    }

    private static object? SpecOf(IKubernetesObject<V1ObjectMeta> obj) => obj switch
    {
        V1Pod p => p.Spec,
        V1Deployment d => d.Spec,
        V1ReplicaSet rs => rs.Spec,
        V1StatefulSet ss => ss.Spec,
        V1DaemonSet ds => ds.Spec,
        V1Job j => j.Spec,
        V1CronJob cj => cj.Spec,
        V1Service s => s.Spec,
        V1Namespace n => n.Spec,
        V1Node n => n.Spec,
        V1Ingress i => i.Spec,
        V1Lease l => l.Spec,
        V1alpha1Fault f => f.Spec,
        _ => null,
    };

    private static void CopyStatus(IKubernetesObject<V1ObjectMeta> newObj, IKubernetesObject<V1ObjectMeta> oldObj)
    {
        switch (newObj, oldObj)
        {
            case (V1Pod n, V1Pod o):
                n.Status = o.Status;
                break;
            case (V1Deployment n, V1Deployment o):
                n.Status = o.Status;
                break;
            case (V1ReplicaSet n, V1ReplicaSet o):
                n.Status = o.Status;
                break;
            case (V1StatefulSet n, V1StatefulSet o):
                n.Status = o.Status;
                break;
            case (V1DaemonSet n, V1DaemonSet o):
                n.Status = o.Status;
                break;
            case (V1Job n, V1Job o):
                n.Status = o.Status;
                break;
            case (V1CronJob n, V1CronJob o):
                n.Status = o.Status;
                break;
            case (V1Service n, V1Service o):
                n.Status = o.Status;
                break;
            case (V1Namespace n, V1Namespace o):
                n.Status = o.Status;
                break;
            case (V1Node n, V1Node o):
                n.Status = o.Status;
                break;
            case (V1Ingress n, V1Ingress o):
                n.Status = o.Status;
                break;
            case (V1alpha1Fault n, V1alpha1Fault o):
                n.Status = o.Status;
                break;
        }
    }

    private static void CopySpec(IKubernetesObject<V1ObjectMeta> newObj, IKubernetesObject<V1ObjectMeta> oldObj)
    {
        switch (newObj, oldObj)
        {
            case (V1Pod n, V1Pod o):
                n.Spec = o.Spec;
                break;
            case (V1Deployment n, V1Deployment o):
                n.Spec = o.Spec;
                break;
            case (V1ReplicaSet n, V1ReplicaSet o):
                n.Spec = o.Spec;
                break;
            case (V1StatefulSet n, V1StatefulSet o):
                n.Spec = o.Spec;
                break;
            case (V1DaemonSet n, V1DaemonSet o):
                n.Spec = o.Spec;
                break;
            case (V1Job n, V1Job o):
                n.Spec = o.Spec;
                break;
            case (V1CronJob n, V1CronJob o):
                n.Spec = o.Spec;
                break;
            case (V1Service n, V1Service o):
                n.Spec = o.Spec;
                break;
            case (V1Namespace n, V1Namespace o):
                n.Spec = o.Spec;
                break;
            case (V1Node n, V1Node o):
                n.Spec = o.Spec;
                break;
            case (V1Ingress n, V1Ingress o):
                n.Spec = o.Spec;
                break;
            case (V1alpha1Fault n, V1alpha1Fault o):
                n.Spec = o.Spec;
                break;
        }
    }

    /// <summary>Service REST patchAllocatedValues: an update that omits clusterIP(s) or nodePorts keeps the allocated ones.</summary>
    private static void KeepAllocatedServiceValues(V1Service svc, V1Service old)
    {
        if (svc.Spec is null || old.Spec is null)
        {
            return;
        }

        if (svc.Spec.Type != "ExternalName" && old.Spec.Type != "ExternalName" && string.IsNullOrEmpty(svc.Spec.ClusterIP))
        {
            svc.Spec.ClusterIP = old.Spec.ClusterIP;
            if (svc.Spec.ClusterIPs is not { Count: > 0 })
            {
                svc.Spec.ClusterIPs = old.Spec.ClusterIPs;
            }
        }

        if (svc.Spec.Type is "NodePort" or "LoadBalancer" && old.Spec.Type is "NodePort" or "LoadBalancer" && svc.Spec.Ports is not null && old.Spec.Ports is not null)
        {
            foreach (var p in svc.Spec.Ports)
            {
                if (p.NodePort is null or 0)
                {
                    p.NodePort = old.Spec.Ports.FirstOrDefault(o => o.Port == p.Port && o.Protocol == p.Protocol)?.NodePort;
                }
            }
        }
    }
}
