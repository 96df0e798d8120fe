using System.Globalization;
using System.Text;
using ActorKube.Core.Objects;
using ActorKube.Core.Objects.Chaos;

namespace ActorKube.Core.Api;

/// <summary>
/// Create and update validation of the kinds ActorKube serves, after pkg/apis/core/validation,
/// pkg/apis/apps/validation and pkg/apis/batch/validation, with Kubernetes' field paths and messages.
/// Run after <see cref="ObjectDefaults.Apply"/> (create) or <see cref="UpdateStrategy.PrepareForUpdate"/> (update).
/// </summary>
public static partial class Validation
{
    private static readonly string[] StandardFinalizers = ["kubernetes", WellKnown.FinalizerOrphan, WellKnown.FinalizerForeground];

    public static IReadOnlyList<FieldError> ValidateCreate(ResourceInfo r, IKubernetesObject<V1ObjectMeta> obj)
    {
        var errs = new List<FieldError>();
        ValidateObjectMeta(r, obj.Metadata, errs);
        ValidateKind(obj, errs);
        return errs;
    }

    /// <summary>Update validation; <paramref name="subresource"/> "status" checks only what a status write may change.</summary>
    public static IReadOnlyList<FieldError> ValidateUpdate(ResourceInfo r, IKubernetesObject<V1ObjectMeta> obj, IKubernetesObject<V1ObjectMeta> old, string? subresource = null)
    {
        var errs = new List<FieldError>();
        ValidateObjectMeta(r, obj.Metadata, errs);
        ValidateObjectMetaUpdate(obj.Metadata, old.Metadata, errs);
        if (subresource is "status")
        {
            if (obj is V1alpha1Fault fault)
            {
                ValidateFaultStatus(fault.Status, errs);
            }

            return errs;
        }

        ValidateKind(obj, errs);
        ValidateKindUpdate(obj, old, errs);
        return errs;
    }

    /// <summary>Throws the 422 Invalid Status when <paramref name="errors"/> is not empty.</summary>
    public static void ThrowIfInvalid(ResourceInfo r, IKubernetesObject<V1ObjectMeta> obj, IReadOnlyList<FieldError> errors)
    {
        if (errors.Count > 0)
        {
            throw new ApiException(StatusErrors.Invalid(r, obj.Metadata?.Name ?? obj.Metadata?.GenerateName ?? "", errors));
        }
    }

    private static void ValidateKind(IKubernetesObject<V1ObjectMeta> obj, List<FieldError> errs)
    {
        switch (obj)
        {
            case V1Pod pod:
                ValidatePodSpec(pod.Spec ?? new V1PodSpec(), "spec", errs);
                break;
            case V1Deployment d:
                ValidateDeploymentSpec(d.Spec ?? new V1DeploymentSpec(), errs);
                break;
            case V1ReplicaSet rs:
                ValidateReplicaSetSpec(rs.Spec ?? new V1ReplicaSetSpec(), errs);
                break;
            case V1StatefulSet ss:
                ValidateStatefulSetSpec(ss.Spec ?? new V1StatefulSetSpec(), errs);
                break;
            case V1DaemonSet ds:
                ValidateDaemonSetSpec(ds.Spec ?? new V1DaemonSetSpec(), errs);
                break;
            case V1Job job:
                ValidateJobSpec(job.Spec ?? new V1JobSpec(), "spec", requireSelector: true, errs);
                break;
            case V1CronJob cj:
                ValidateCronJob(cj, errs);
                break;
            case V1Service svc:
                ValidateServiceSpec(svc.Spec ?? new V1ServiceSpec(), errs);
                break;
            case V1ConfigMap cm:
                ValidateDataKeys(cm.Data?.Keys, cm.BinaryData?.Keys, errs);
                break;
            case V1Secret secret:
                ValidateDataKeys(secret.Data?.Keys, null, errs);
                break;
            case V1alpha1Fault fault:
                ValidateFaultSpec(fault.Spec, errs);
                break;
            case V1Node node:
                if (node.Spec?.Taints is { } taints)
                {
                    for (var i = 0; i < taints.Count; i++)
                    {
                        ValidateTaint(taints[i], $"spec.taints[{i}]", errs);
                    }
                }

                break;
        }
    }

    private static void ValidateKindUpdate(IKubernetesObject<V1ObjectMeta> obj, IKubernetesObject<V1ObjectMeta> old, List<FieldError> errs)
    {
        switch (obj, old)
        {
            case (V1Pod pod, V1Pod oldPod):
                ValidatePodSpecUpdate(pod.Spec ?? new V1PodSpec(), oldPod.Spec ?? new V1PodSpec(), errs);
                break;
            case (V1Deployment d, V1Deployment oldD):
                Immutable(d.Spec?.Selector, oldD.Spec?.Selector, "spec.selector", errs);
                break;
            case (V1ReplicaSet rs, V1ReplicaSet oldRs):
                Immutable(rs.Spec?.Selector, oldRs.Spec?.Selector, "spec.selector", errs);
                break;
            case (V1DaemonSet ds, V1DaemonSet oldDs):
                Immutable(ds.Spec?.Selector, oldDs.Spec?.Selector, "spec.selector", errs);
                break;
            case (V1StatefulSet ss, V1StatefulSet oldSs):
                ValidateStatefulSetUpdate(ss.Spec ?? new V1StatefulSetSpec(), oldSs.Spec ?? new V1StatefulSetSpec(), errs);
                break;
            case (V1Job job, V1Job oldJob):
                ValidateJobUpdate(job.Spec ?? new V1JobSpec(), oldJob.Spec ?? new V1JobSpec(), errs);
                break;
            case (V1Service svc, V1Service oldSvc):
                ValidateServiceUpdate(svc.Spec ?? new V1ServiceSpec(), oldSvc.Spec ?? new V1ServiceSpec(), errs);
                break;
            case (V1ConfigMap cm, V1ConfigMap oldCm):
                if (oldCm.Immutable == true)
                {
                    if (cm.Immutable != true)
                    {
                        errs.Add(FieldError.Forbidden("immutable", "field is immutable when `immutable` is set"));
                    }

                    if (!JsonEqual(cm.Data, oldCm.Data))
                    {
                        errs.Add(FieldError.Forbidden("data", "field is immutable when `immutable` is set"));
                    }

                    if (!JsonEqual(cm.BinaryData, oldCm.BinaryData))
                    {
                        errs.Add(FieldError.Forbidden("binaryData", "field is immutable when `immutable` is set"));
                    }
                }

                break;
            case (V1Secret s, V1Secret oldS):
                if (s.Type != oldS.Type)
                {
                    errs.Add(FieldError.Immutable("type", Quote(s.Type)));
                }

                if (oldS.Immutable == true && (s.Immutable != true || !JsonEqual(s.Data, oldS.Data)))
                {
                    errs.Add(FieldError.Forbidden("data", "field is immutable when `immutable` is set"));
                }

                break;
            case (V1alpha1Fault f, V1alpha1Fault oldF):
                ValidateFaultUpdate(f.Spec, oldF.Spec, errs);
                break;
            case (V1Node n, V1Node oldN):
                var oldCidr = oldN.Spec?.PodCIDR;
                if (!string.IsNullOrEmpty(oldCidr) && n.Spec?.PodCIDR != oldCidr)
                {
                    errs.Add(FieldError.Forbidden("spec.podCIDRs", "node updates may not change podCIDR except from \"\" to valid"));
                }

                break;
        }
    }

    // ---- metadata ----

    /// <summary>The name rule of each kind (apimachinery NameIsDNSSubdomain, NameIsDNSLabel, NameIsDNS1035Label).</summary>
    public static IReadOnlyList<string> ValidateName(ResourceInfo r, string name, bool prefix)
    {
        if (prefix)
        {
            name = MaskTrailingDash(name);
        }

        return r.Kind switch
        {
            "Namespace" => NameRules.IsDns1123Label(name),
            "Service" => NameRules.IsDns1035Label(name),
            _ => NameRules.IsDns1123Subdomain(name),
        };
    }

    private static string MaskTrailingDash(string name) => name.Length > 1 && name[^1] == '-' ? name[..^1] + "a" : name;

    private static void ValidateObjectMeta(ResourceInfo r, V1ObjectMeta? meta, List<FieldError> errs)
    {
        meta ??= new V1ObjectMeta();
        if (!string.IsNullOrEmpty(meta.GenerateName))
        {
            foreach (var m in ValidateName(r, meta.GenerateName, prefix: true))
            {
                errs.Add(FieldError.InvalidValue("metadata.generateName", meta.GenerateName, m));
            }
        }

        if (string.IsNullOrEmpty(meta.Name))
        {
            errs.Add(FieldError.Required("metadata.name", "name or generateName is required"));
        }
        else
        {
            foreach (var m in ValidateName(r, meta.Name, prefix: false))
            {
                errs.Add(FieldError.InvalidValue("metadata.name", meta.Name, m));
            }

            if (r.Kind == "CronJob" && meta.Name.Length > 52)
            {
                errs.Add(FieldError.InvalidValue("metadata.name", meta.Name, "must be no more than 52 characters"));
            }
        }

        if (r.Namespaced)
        {
            if (string.IsNullOrEmpty(meta.NamespaceProperty))
            {
                errs.Add(FieldError.Required("metadata.namespace"));
            }
            else
            {
                foreach (var m in NameRules.IsDns1123Label(meta.NamespaceProperty))
                {
                    errs.Add(FieldError.InvalidValue("metadata.namespace", meta.NamespaceProperty, m));
                }
            }
        }
        else if (!string.IsNullOrEmpty(meta.NamespaceProperty))
        {
            errs.Add(FieldError.Forbidden("metadata.namespace", "not allowed on this type"));
        }

        if (meta.Generation < 0)
        {
            errs.Add(FieldError.InvalidNumber("metadata.generation", meta.Generation.Value, "must be greater than or equal to 0"));
        }

        ValidateLabels(meta.Labels, "metadata.labels", errs);
        ValidateAnnotations(meta.Annotations, "metadata.annotations", errs);
        ValidateOwnerReferences(meta.OwnerReferences, errs);
        if (meta.Finalizers is { } finalizers)
        {
            for (var i = 0; i < finalizers.Count; i++)
            {
                var f = finalizers[i] ?? "";
                var path = $"metadata.finalizers[{i}]";
                var msgs = NameRules.IsQualifiedName(f);
                foreach (var m in msgs)
                {
                    errs.Add(FieldError.InvalidValue(path, f, m));
                }

                if (msgs.Count == 0 && !f.Contains('/', StringComparison.Ordinal) && !StandardFinalizers.Contains(f))
                {
                    errs.Add(FieldError.InvalidValue(path, f, "name is neither a standard finalizer name nor is it fully qualified"));
                }
            }
        }
    }

    private static void ValidateObjectMetaUpdate(V1ObjectMeta? meta, V1ObjectMeta? old, List<FieldError> errs)
    {
        meta ??= new V1ObjectMeta();
        old ??= new V1ObjectMeta();
        if (meta.Name != old.Name)
        {
            errs.Add(FieldError.Immutable("metadata.name", Quote(meta.Name)));
        }

        if (meta.NamespaceProperty != old.NamespaceProperty)
        {
            errs.Add(FieldError.Immutable("metadata.namespace", Quote(meta.NamespaceProperty)));
        }

        if (meta.Uid != old.Uid)
        {
            errs.Add(FieldError.Immutable("metadata.uid", Quote(meta.Uid)));
        }

        if (meta.CreationTimestamp != old.CreationTimestamp)
        {
            errs.Add(FieldError.Immutable("metadata.creationTimestamp", Quote(meta.CreationTimestamp?.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture))));
        }

        if (meta.Generation < old.Generation)
        {
            errs.Add(FieldError.InvalidNumber("metadata.generation", meta.Generation ?? 0, "must not be decremented"));
        }
    }

    public static void ValidateLabels(IDictionary<string, string>? labels, string path, List<FieldError> errs)
    {
        if (labels is null)
        {
            return;
        }

        foreach (var (k, v) in AsDictionary(labels))
        {
            foreach (var m in NameRules.IsQualifiedName(k))
            {
                errs.Add(FieldError.InvalidValue(path, k, m));
            }

            foreach (var m in NameRules.IsValidLabelValue(v ?? ""))
            {
                errs.Add(FieldError.InvalidValue(path, v, m));
            }
        }
    }

    // Labels and annotations are Dictionary objects (deserialized, or built by the components): enumerated as such,
    // with its struct enumerator, not IDictionary's boxed one (every write validates them).
    private static Dictionary<string, string> AsDictionary(IDictionary<string, string> map) =>
        map as Dictionary<string, string> ?? new Dictionary<string, string>(map);

    private static void ValidateAnnotations(IDictionary<string, string>? annotations, string path, List<FieldError> errs)
    {
        if (annotations is null)
        {
            return;
        }

        long total = 0;
        foreach (var (k, v) in AsDictionary(annotations))
        {
            foreach (var m in NameRules.IsQualifiedName(k.ToLowerInvariant()))
            {
                errs.Add(FieldError.InvalidValue(path, k, m));
            }

            total += Encoding.UTF8.GetByteCount(k) + Encoding.UTF8.GetByteCount(v ?? "");
        }

        if (total > 256 * 1024)
        {
            errs.Add(FieldError.TooLong(path, 256 * 1024));
        }
    }

    private static void ValidateOwnerReferences(IList<V1OwnerReference>? refs, List<FieldError> errs)
    {
        if (refs is null)
        {
            return;
        }

        var controllers = new List<string>();
        for (var i = 0; i < refs.Count; i++)
        {
            var o = refs[i];
            var path = $"metadata.ownerReferences[{i}]";
            if (string.IsNullOrEmpty(o.ApiVersion))
            {
                errs.Add(FieldError.InvalidValue($"{path}.apiVersion", o.ApiVersion, "version must not be empty"));
            }

            if (string.IsNullOrEmpty(o.Kind))
            {
                errs.Add(FieldError.InvalidValue($"{path}.kind", o.Kind, "kind must not be empty"));
            }

            if (string.IsNullOrEmpty(o.Name))
            {
                errs.Add(FieldError.InvalidValue($"{path}.name", o.Name, "name must not be empty"));
            }

            if (string.IsNullOrEmpty(o.Uid))
            {
                errs.Add(FieldError.InvalidValue($"{path}.uid", o.Uid, "uid must not be empty"));
            }

            if (o.Controller == true)
            {
                controllers.Add($"{o.Kind}/{o.Name}");
            }
        }

        if (controllers.Count > 1)
        {
            errs.Add(FieldError.InvalidPrinted("metadata.ownerReferences", "[]", $"Only one reference can have Controller set to true. Found \"true\" in references for {string.Join(" and ", controllers)}"));
        }
    }

    /// <summary>ValidateLabelSelector over a metav1.LabelSelector.</summary>
    private static void ValidateLabelSelector(V1LabelSelector selector, string path, List<FieldError> errs)
    {
        ValidateLabels(selector.MatchLabels, $"{path}.matchLabels", errs);
        if (selector.MatchExpressions is not { } exprs)
        {
            return;
        }

        for (var i = 0; i < exprs.Count; i++)
        {
            var e = exprs[i];
            var p = $"{path}.matchExpressions[{i}]";
            switch (e.OperatorProperty)
            {
                case "In" or "NotIn":
                    if (e.Values is not { Count: > 0 })
                    {
                        errs.Add(FieldError.Required($"{p}.values", "must be specified when `operator` is 'In' or 'NotIn'"));
                    }

                    break;
                case "Exists" or "DoesNotExist":
                    if (e.Values is { Count: > 0 })
                    {
                        errs.Add(FieldError.Forbidden($"{p}.values", "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
                    }

                    break;
                default:
                    errs.Add(FieldError.InvalidValue($"{p}.operator", e.OperatorProperty, "not a valid selector operator"));
                    break;
            }

            foreach (var m in NameRules.IsQualifiedName(e.Key ?? ""))
            {
                errs.Add(FieldError.InvalidValue($"{p}.key", e.Key, m));
            }

            for (var j = 0; j < (e.Values?.Count ?? 0); j++)
            {
                foreach (var m in NameRules.IsValidLabelValue(e.Values![j] ?? ""))
                {
                    errs.Add(FieldError.InvalidValue($"{p}.values[{j}]", e.Values[j], m));
                }
            }
        }
    }

    private static void ValidateDataKeys(IEnumerable<string>? data, IEnumerable<string>? binary, List<FieldError> errs)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var k in data ?? [])
        {
            seen.Add(k);
            foreach (var m in NameRules.IsConfigMapKey(k))
            {
                errs.Add(FieldError.InvalidValue($"data[{k}]", k, m));
            }
        }

        foreach (var k in binary ?? [])
        {
            foreach (var m in NameRules.IsConfigMapKey(k))
            {
                errs.Add(FieldError.InvalidValue($"binaryData[{k}]", k, m));
            }

            if (seen.Contains(k))
            {
                errs.Add(FieldError.InvalidValue($"data[{k}]", k, "duplicate of key present in binaryData"));
            }
        }
    }

    // ---- helpers ----

    private static void NonNegative(long? value, string path, List<FieldError> errs)
    {
        if (value < 0)
        {
            errs.Add(FieldError.InvalidNumber(path, value.Value, "must be greater than or equal to 0"));
        }
    }

    private static void Immutable(object? value, object? old, string path, List<FieldError> errs)
    {
        if (!JsonEqual(value, old))
        {
            errs.Add(FieldError.Immutable(path, GoValue(value)));
        }
    }

    internal static bool JsonEqual(object? a, object? b) =>
        ReferenceEquals(a, b) || (a is not null && b is not null && KubeSerializer.ToJson(a) == KubeSerializer.ToJson(b)) ||
        (IsEmptyish(a) && IsEmptyish(b));

    private static bool IsEmptyish(object? o) => o is null || (o is System.Collections.ICollection { Count: 0 });

    private static string Quote(string? s) => $"\"{s}\"";

    /// <summary>Rough Go %#v rendering of a value for error messages: strings quoted, maps as map[string]string{...}, objects as JSON.</summary>
    internal static string GoValue(object? value) => value switch
    {
        null => "null",
        string s => Quote(s),
        IDictionary<string, string> map => GoMap(map),
        int or long => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        _ => KubeSerializer.ToJson(value),
    };

    internal static string GoMap(IDictionary<string, string>? map) => map is null
        ? "map[string]string(nil)"
        : "map[string]string{" + string.Join(", ", map.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"\"{kv.Key}\":\"{kv.Value}\"")) + "}";

    private static string QuantityString(ResourceQuantity q)
    {
        var d = (decimal)q;
        return d < 0 ? d.ToString(CultureInfo.InvariantCulture) : q.ToString();
    }
}
