using System.Globalization;
using ActorKube.Core.Objects;

namespace ActorKube.Core.Api;

/// <summary>What a DELETE turns into: a removal from etcd, or an update that marks the object
/// terminating (graceful pod deletion, finalizers, foreground/orphan propagation).</summary>
public sealed record DeletePlan(bool RemoveNow, IKubernetesObject<V1ObjectMeta>? Updated);

/// <summary>
/// The registry strategies of kube-apiserver (pkg/registry/*/strategy.go) as pure functions: what a
/// create, update, delete or binding does to an object before it is written. The apiserver actor only
/// sequences these with etcd. Every function works on copies it owns and throws <see cref="ApiException"/>.
/// </summary>
public static class ApiStrategy
{
    /// <summary>
    /// Prepares a new object: name from generateName, defaults, trace id, validation (422). Works on a copy, unless
    /// <paramref name="owned"/> says the caller handed <paramref name="obj"/> over and nobody else holds it.
    /// </summary>
    public static IKubernetesObject<V1ObjectMeta> PrepareCreate(ResourceInfo r, IKubernetesObject<V1ObjectMeta> obj, string? ns, DateTime now, string traceId, bool owned = false)
    {
        var o = owned ? obj : KubeSerializer.DeepCopy(obj);
        o.Metadata ??= new V1ObjectMeta();
        o.ApiVersion = r.ApiVersion;
        o.Kind = r.Kind;
        o.Metadata.NamespaceProperty = r.Namespaced ? ns : null;

        o.Metadata.DeletionTimestamp = null;
        o.Metadata.DeletionGracePeriodSeconds = null;
        o.Metadata.Annotations ??= new Dictionary<string, string>();
        if (!o.Metadata.Annotations.ContainsKey(WellKnown.TraceIdAnnotation))
        {
            o.Metadata.Annotations[WellKnown.TraceIdAnnotation] = traceId;
        }

        MergeStringData(o);
        ObjectDefaults.Apply(r, o, now);
        var errors = Validation.ValidateCreate(r, o);
        if (errors.Count > 0)
        {
            throw new ApiException(StatusErrors.Invalid(r, o.Metadata.Name ?? o.Metadata.GenerateName ?? "", errors));
        }

        return o;
    }

    /// <summary>Prepares an update (PUT or the result of a patch) against the stored object: preconditions,
    /// subresource rules, generation, validation.</summary>
    public static IKubernetesObject<V1ObjectMeta> PrepareUpdate(ResourceInfo r, IKubernetesObject<V1ObjectMeta> obj, IKubernetesObject<V1ObjectMeta> old, string? subresource)
    {
        var name = old.Metadata.Name;
        if (obj.Metadata is null)
        {
            throw new ApiException(StatusErrors.BadRequest("metadata is required"));
        }

        if (!string.IsNullOrEmpty(obj.Metadata.Name) && obj.Metadata.Name != name)
        {
            throw new ApiException(StatusErrors.BadRequest($"the name of the object ({obj.Metadata.Name}) does not match the name on the URL ({name})"));
        }

        if (!string.IsNullOrEmpty(obj.Metadata.ResourceVersion) && obj.Metadata.ResourceVersion != old.Metadata.ResourceVersion)
        {
            throw new ApiException(StatusErrors.StaleResourceVersion(r, name));
        }

        if (!string.IsNullOrEmpty(obj.Metadata.Uid) && obj.Metadata.Uid != old.Metadata.Uid)
        {
            throw new ApiException(StatusErrors.Conflict(r, name, $"Precondition failed: UID in precondition: {obj.Metadata.Uid}, UID in object meta: {old.Metadata.Uid}"));
        }

        if (subresource == "finalize")
        {
            // namespaces/finalize changes spec.finalizers only.
            if (old is not V1Namespace oldNs || obj is not V1Namespace newNs)
            {
                throw new ApiException(StatusErrors.MethodNotSupported(r, "finalize"));
            }

            var n = KubeSerializer.DeepCopy(oldNs);
            n.Spec ??= new V1NamespaceSpec();
            n.Spec.Finalizers = newNs.Spec?.Finalizers?.ToList() ?? [];
            return n;
        }

        if (subresource == "status" && obj.GetType() == old.GetType() && ObjectCloner.HasStatus(obj.GetType()))
        {
            // pods/status and friends: the stored object with the new status. No JSON round trip: the new
            // object shares everything but its metadata copy with the stored one, and nothing mutates either.
            var s = ObjectCloner.ShallowClone(old);
            s.Metadata = old.Metadata with { };
            ObjectCloner.SetStatus(s, ObjectCloner.GetStatus(obj));
            var statusErrors = Validation.ValidateUpdate(r, s, old, subresource);
            if (statusErrors.Count > 0)
            {
                throw new ApiException(StatusErrors.Invalid(r, name, statusErrors));
            }

            return s;
        }

        var o = KubeSerializer.DeepCopy(obj);
        o.ApiVersion = r.ApiVersion;
        o.Kind = r.Kind;
        o.Metadata.Name = name;
        o.Metadata.NamespaceProperty = old.Metadata.NamespaceProperty;
        o.Metadata.ResourceVersion = old.Metadata.ResourceVersion;
        MergeStringData(o);
        ObjectDefaults.ApplyOnUpdate(o);
        UpdateStrategy.PrepareForUpdate(r, o, old, subresource);
        var errors = Validation.ValidateUpdate(r, o, old, subresource);
        if (errors.Count > 0)
        {
            throw new ApiException(StatusErrors.Invalid(r, name, errors));
        }

        return o;
    }

    /// <summary>Secret.stringData is write-only: merged into data (as UTF-8 bytes) on create and update, never stored.</summary>
    private static void MergeStringData(IKubernetesObject<V1ObjectMeta> o)
    {
        if (o is V1Secret { StringData: { Count: > 0 } stringData } secret)
        {
            secret.Data ??= new Dictionary<string, byte[]>();
            foreach (var (key, value) in stringData)
            {
                secret.Data[key] = System.Text.Encoding.UTF8.GetBytes(value);
            }
        }

        if (o is V1Secret s)
        {
            s.StringData = null;
        }
    }

    /// <summary>True when an update removed the last finalizer of a terminating object: it is deleted instead of stored.</summary>
    public static bool ShouldDeleteAfterUpdate(IKubernetesObject<V1ObjectMeta> updated) =>
        updated.Metadata.DeletionTimestamp is not null &&
        (updated.Metadata.Finalizers is null || updated.Metadata.Finalizers.Count == 0) &&
        (updated is not V1Namespace ns || ns.Spec?.Finalizers is not { Count: > 0 }) &&
        (updated is not V1Pod pod || pod.Metadata.DeletionGracePeriodSeconds is null or 0 || string.IsNullOrEmpty(pod.Spec?.NodeName) || IsTerminal(pod));

    /// <summary>
    /// Plans a DELETE: preconditions, graceful pod deletion (deletionTimestamp + grace period, the kubelet
    /// finishes it), propagation policy finalizers (Foreground, Orphan), existing finalizers.
    /// </summary>
    public static DeletePlan PlanDelete(ResourceInfo r, IKubernetesObject<V1ObjectMeta> old, V1DeleteOptions? options, DateTime now)
    {
        var name = old.Metadata.Name;
        if (options?.Preconditions is { } pre)
        {
            if (!string.IsNullOrEmpty(pre.Uid) && pre.Uid != old.Metadata.Uid)
            {
                throw new ApiException(StatusErrors.Conflict(r, name, $"Precondition failed: UID in precondition: {pre.Uid}, UID in object meta: {old.Metadata.Uid}"));
            }

            if (!string.IsNullOrEmpty(pre.ResourceVersion) && pre.ResourceVersion != old.Metadata.ResourceVersion)
            {
                throw new ApiException(StatusErrors.Conflict(r, name, $"Precondition failed: ResourceVersion in precondition: {pre.ResourceVersion}, ResourceVersion in object meta: {old.Metadata.ResourceVersion}"));
            }
        }

        var policy = options?.PropagationPolicy;
        if (policy is not null and not ("Foreground" or "Background" or "Orphan"))
        {
            throw new ApiException(StatusErrors.Invalid(r, name, [FieldError.NotSupported("propagationPolicy", policy, ["Foreground", "Background", "Orphan"])]));
        }

        if (options?.GracePeriodSeconds is < 0)
        {
            throw new ApiException(StatusErrors.Invalid(r, name, [FieldError.InvalidValue("gracePeriodSeconds", options.GracePeriodSeconds.ToString(), "must be greater than or equal to 0")]));
        }

        var finalizers = new List<string>(old.Metadata.Finalizers ?? []);
        var changed = false;
        if (policy == "Orphan" && !finalizers.Contains(WellKnown.FinalizerOrphan))
        {
            finalizers.Add(WellKnown.FinalizerOrphan);
            changed = true;
        }
        else if (policy == "Foreground" && !finalizers.Contains(WellKnown.FinalizerForeground))
        {
            finalizers.Add(WellKnown.FinalizerForeground);
            changed = true;
        }

        if (old is V1Pod pod)
        {
            // pkg/registry/core/pod/strategy.go CheckGracefulDeleteForPod
            long grace = options?.GracePeriodSeconds ?? pod.Spec?.TerminationGracePeriodSeconds ?? 30;
            if (string.IsNullOrEmpty(pod.Spec?.NodeName) || IsTerminal(pod))
            {
                grace = 0;
            }

            if (grace > 0 || finalizers.Count > 0)
            {
                var current = pod.Metadata.DeletionGracePeriodSeconds;
                if (pod.Metadata.DeletionTimestamp is not null && !changed && (current is null || current <= grace) && finalizers.Count == (old.Metadata.Finalizers?.Count ?? 0))
                {
                    // Already terminating with an equal or shorter grace period: nothing to do.
                    return new DeletePlan(false, null);
                }

                var p = KubeSerializer.DeepCopy(pod);
                p.Metadata.Finalizers = finalizers.Count > 0 ? finalizers : null;
                p.Metadata.DeletionGracePeriodSeconds = grace;
                p.Metadata.DeletionTimestamp = ObjectDefaults.TruncateToSeconds(now.AddSeconds(grace));
                if (pod.Metadata.DeletionTimestamp is { } existing && existing < p.Metadata.DeletionTimestamp)
                {
                    p.Metadata.DeletionTimestamp = existing;
                }

                return new DeletePlan(false, p);
            }

            return new DeletePlan(true, null);
        }

        if (finalizers.Count > 0 || (r == Resources.Namespaces))
        {
            if (old.Metadata.DeletionTimestamp is not null && !changed)
            {
                return new DeletePlan(false, null);
            }

            var o = KubeSerializer.DeepCopy(old);
            o.Metadata.Finalizers = finalizers.Count > 0 ? finalizers : null;
            o.Metadata.DeletionTimestamp ??= ObjectDefaults.TruncateToSeconds(now);
            o.Metadata.DeletionGracePeriodSeconds ??= 0;
            if (o is V1Namespace ns)
            {
                ns.Status ??= new V1NamespaceStatus();
                ns.Status.Phase = "Terminating";
                if (ns.Spec?.Finalizers is not { Count: > 0 } && finalizers.Count == 0)
                {
                    return new DeletePlan(true, null);
                }
            }

            return new DeletePlan(false, o);
        }

        return new DeletePlan(true, null);
    }

    /// <summary>pods/binding: sets spec.nodeName and the PodScheduled condition (pkg/registry/core/pod/storage assignPod).</summary>
    public static V1Pod PrepareBinding(V1Pod pod, string nodeName, string? uid, DateTime now)
    {
        var r = Resources.Pods;
        if (!string.IsNullOrEmpty(uid) && uid != pod.Metadata.Uid)
        {
            throw new ApiException(StatusErrors.Conflict(r, pod.Metadata.Name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {pod.Metadata.Uid}"));
        }

        if (pod.Metadata.DeletionTimestamp is not null)
        {
            throw new ApiException(StatusErrors.Conflict(r, pod.Metadata.Name, "pod is being deleted, cannot be assigned to a host"));
        }

        if (!string.IsNullOrEmpty(pod.Spec?.NodeName))
        {
            throw new ApiException(StatusErrors.Conflict(r, pod.Metadata.Name, $"pod {pod.Metadata.Name} is already assigned to node \"{pod.Spec.NodeName}\""));
        }

        if (string.IsNullOrEmpty(nodeName))
        {
            throw new ApiException(StatusErrors.Invalid(r, pod.Metadata.Name, [FieldError.Required("target.name")]));
        }

        // The stored pod with spec.nodeName and a PodScheduled=True condition: new objects on the path to what
        // changes, everything else (containers, volumes, tolerations, labels) shared with the stored version,
        // which nothing mutates.
        var scheduled = new V1PodCondition { Type = "PodScheduled", Status = "True", LastTransitionTime = ObjectDefaults.TruncateToSeconds(now) };
        var oldConditions = pod.Status?.Conditions;
        var conditions = new List<V1PodCondition>((oldConditions?.Count ?? 0) + 1);
        var replaced = false;
        if (oldConditions is not null)
        {
            foreach (var c in oldConditions)
            {
                replaced |= c.Type == "PodScheduled";
                conditions.Add(c.Type == "PodScheduled" ? scheduled : c);
            }
        }

        if (!replaced)
        {
            conditions.Add(scheduled);
        }

        return pod with
        {
            Metadata = pod.Metadata with { },
            Spec = (pod.Spec ?? new V1PodSpec()) with { NodeName = nodeName },
            Status = (pod.Status ?? new V1PodStatus()) with { Conditions = conditions },
        };
    }

    /// <summary>A Scale view of a workload (autoscaling/v1 Scale).</summary>
    public static V1Scale ToScale(ResourceInfo r, IKubernetesObject<V1ObjectMeta> obj)
    {
        (int? spec, int? status, string? selector) = obj switch
        {
            V1Deployment d => (d.Spec?.Replicas, d.Status?.Replicas, SelectorString(d.Spec?.Selector)),
            V1ReplicaSet rs => (rs.Spec?.Replicas, rs.Status?.Replicas, SelectorString(rs.Spec?.Selector)),
            V1StatefulSet s => (s.Spec?.Replicas, s.Status?.Replicas, SelectorString(s.Spec?.Selector)),
            _ => throw new ApiException(StatusErrors.NotFoundKind($"the server could not find the requested resource ({r.GroupResource}/scale)")),
        };
        return new V1Scale
        {
            ApiVersion = "autoscaling/v1",
            Kind = "Scale",
            Metadata = new V1ObjectMeta
            {
                Name = obj.Metadata.Name,
                NamespaceProperty = obj.Metadata.NamespaceProperty,
                Uid = obj.Metadata.Uid,
                ResourceVersion = obj.Metadata.ResourceVersion,
                CreationTimestamp = obj.Metadata.CreationTimestamp,
            },
            Spec = new V1ScaleSpec { Replicas = spec ?? 0 },
            Status = new V1ScaleStatus { Replicas = status ?? 0, Selector = selector },
        };
    }

    /// <summary>Applies a Scale to a copy of the workload (PUT .../scale).</summary>
    public static IKubernetesObject<V1ObjectMeta> ApplyScale(ResourceInfo r, IKubernetesObject<V1ObjectMeta> old, V1Scale scale)
    {
        if (!string.IsNullOrEmpty(scale.Metadata?.ResourceVersion) && scale.Metadata.ResourceVersion != old.Metadata.ResourceVersion)
        {
            throw new ApiException(StatusErrors.StaleResourceVersion(r, old.Metadata.Name));
        }

        var replicas = scale.Spec?.Replicas ?? 0;
        if (replicas < 0)
        {
            throw new ApiException(StatusErrors.Invalid(r, old.Metadata.Name, [FieldError.InvalidValue("spec.replicas", replicas.ToString(CultureInfo.InvariantCulture), "must be greater than or equal to 0")]));
        }

        var o = KubeSerializer.DeepCopy(old);
        switch (o)
        {
            case V1Deployment d:
                d.Spec.Replicas = replicas;
                break;
            case V1ReplicaSet rs:
                rs.Spec.Replicas = replicas;
                break;
            case V1StatefulSet s:
                s.Spec.Replicas = replicas;
                break;
            default:
                throw new ApiException(StatusErrors.NotFoundKind($"the server could not find the requested resource ({r.GroupResource}/scale)"));
        }

        o.Metadata.Generation = (old.Metadata.Generation ?? 1) + (replicas == ReplicasOf(old) ? 0 : 1);
        return o;
    }

    private static int? ReplicasOf(IKubernetesObject<V1ObjectMeta> o) => o switch
    {
        V1Deployment d => d.Spec?.Replicas,
        V1ReplicaSet rs => rs.Spec?.Replicas,
        V1StatefulSet s => s.Spec?.Replicas,
        _ => null,
    };

    private static string? SelectorString(V1LabelSelector? s)
    {
        if (s is null)
        {
            return null;
        }

        var parts = new List<string>();
        if (s.MatchLabels is not null)
        {
            parts.AddRange(s.MatchLabels.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));
        }

        if (s.MatchExpressions is not null)
        {
            foreach (var e in s.MatchExpressions)
            {
                parts.Add(e.OperatorProperty switch
                {
                    "In" => $"{e.Key} in ({string.Join(",", e.Values ?? [])})",
                    "NotIn" => $"{e.Key} notin ({string.Join(",", e.Values ?? [])})",
                    "Exists" => e.Key,
                    _ => $"!{e.Key}",
                });
            }
        }

        return string.Join(",", parts);
    }

    public static bool IsTerminal(V1Pod pod) => pod.Status?.Phase is "Succeeded" or "Failed";

}
