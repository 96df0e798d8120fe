using ActorKube.Core.Objects;

namespace ActorKube.Core.Api;

public static partial class Validation
{
    public const string PodUpdateForbiddenMessage =
        "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`," +
        "`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

    private static readonly string[] RestartPolicies = ["Always", "OnFailure", "Never"];
    private static readonly string[] DnsPolicies = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];
    private static readonly string[] PullPolicies = ["Always", "IfNotPresent", "Never"];
    private static readonly string[] Protocols = ["SCTP", "TCP", "UDP"];
    private static readonly string[] TerminationMessagePolicies = ["File", "FallbackToLogsOnError"];
    private static readonly string[] TaintEffects = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

    /// <summary>ValidatePodSpec at <paramref name="path"/> ("spec", "spec.template.spec", ...).</summary>
    private static void ValidatePodSpec(V1PodSpec spec, string path, List<FieldError> errs)
    {
        var volumes = new HashSet<string>(StringComparer.Ordinal);
        if (spec.Volumes is { } vols)
        {
            for (var i = 0; i < vols.Count; i++)
            {
                var name = vols[i].Name;
                var p = $"{path}.volumes[{i}].name";
                if (string.IsNullOrEmpty(name))
                {
                    errs.Add(FieldError.Required(p));
                    continue;
                }

                foreach (var m in NameRules.IsDns1123Label(name))
                {
                    errs.Add(FieldError.InvalidValue(p, name, m));
                }

                if (!volumes.Add(name))
                {
                    errs.Add(FieldError.Duplicate(p, name));
                }
            }
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        if (spec.Containers is not { Count: > 0 })
        {
            errs.Add(FieldError.Required($"{path}.containers"));
        }
        else
        {
            ValidateContainers(spec.Containers, $"{path}.containers", names, volumes, errs);
        }

        if (spec.InitContainers is { Count: > 0 } init)
        {
            ValidateContainers(init, $"{path}.initContainers", names, volumes, errs);
        }

        if (string.IsNullOrEmpty(spec.RestartPolicy))
        {
            errs.Add(FieldError.Required($"{path}.restartPolicy"));
        }
        else if (!RestartPolicies.Contains(spec.RestartPolicy))
        {
            errs.Add(FieldError.NotSupported($"{path}.restartPolicy", spec.RestartPolicy, RestartPolicies));
        }

        if (!string.IsNullOrEmpty(spec.DnsPolicy) && !DnsPolicies.Contains(spec.DnsPolicy))
        {
            errs.Add(FieldError.NotSupported($"{path}.dnsPolicy", spec.DnsPolicy, DnsPolicies));
        }

        if (spec.ActiveDeadlineSeconds is { } ads && ads is < 1 or > int.MaxValue)
        {
            errs.Add(FieldError.InvalidNumber($"{path}.activeDeadlineSeconds", ads, "must be between 1 and 2147483647, inclusive"));
        }

        ValidateLabels(spec.NodeSelector, $"{path}.nodeSelector", errs);
        if (!string.IsNullOrEmpty(spec.ServiceAccountName))
        {
            foreach (var m in NameRules.IsDns1123Subdomain(spec.ServiceAccountName))
            {
                errs.Add(FieldError.InvalidValue($"{path}.serviceAccountName", spec.ServiceAccountName, m));
            }
        }

        if (!string.IsNullOrEmpty(spec.NodeName))
        {
            foreach (var m in NameRules.IsDns1123Subdomain(spec.NodeName))
            {
                errs.Add(FieldError.InvalidValue($"{path}.nodeName", spec.NodeName, m));
            }
        }

        if (spec.Tolerations is { } tols)
        {
            for (var i = 0; i < tols.Count; i++)
            {
                ValidateToleration(tols[i], $"{path}.tolerations[{i}]", errs);
            }
        }
    }

    private static void ValidateContainers(IList<V1Container> containers, string path, HashSet<string> names, HashSet<string> volumes, List<FieldError> errs)
    {
        for (var i = 0; i < containers.Count; i++)
        {
            var c = containers[i];
            var p = $"{path}[{i}]";
            if (string.IsNullOrEmpty(c.Name))
            {
                errs.Add(FieldError.Required($"{p}.name"));
            }
            else
            {
                foreach (var m in NameRules.IsDns1123Label(c.Name))
                {
                    errs.Add(FieldError.InvalidValue($"{p}.name", c.Name, m));
                }

                if (!names.Add(c.Name))
                {
                    errs.Add(FieldError.Duplicate($"{p}.name", c.Name));
                }
            }

            if (string.IsNullOrWhiteSpace(c.Image))
            {
                errs.Add(FieldError.Required($"{p}.image"));
            }

            if (!string.IsNullOrEmpty(c.ImagePullPolicy) && !PullPolicies.Contains(c.ImagePullPolicy))
            {
                errs.Add(FieldError.NotSupported($"{p}.imagePullPolicy", c.ImagePullPolicy, PullPolicies));
            }

            if (!string.IsNullOrEmpty(c.TerminationMessagePolicy) && !TerminationMessagePolicies.Contains(c.TerminationMessagePolicy))
            {
                errs.Add(FieldError.NotSupported($"{p}.terminationMessagePolicy", c.TerminationMessagePolicy, TerminationMessagePolicies));
            }

            ValidateContainerPorts(c.Ports, $"{p}.ports", errs);
            ValidateResources(c.Resources, $"{p}.resources", errs);
            if (c.VolumeMounts is { } mounts)
            {
                for (var j = 0; j < mounts.Count; j++)
                {
                    var mp = $"{p}.volumeMounts[{j}]";
                    if (string.IsNullOrEmpty(mounts[j].Name))
                    {
                        errs.Add(FieldError.Required($"{mp}.name"));
                    }
                    else if (!volumes.Contains(mounts[j].Name))
                    {
                        errs.Add(FieldError.NotFound($"{mp}.name", mounts[j].Name));
                    }

                    if (string.IsNullOrEmpty(mounts[j].MountPath))
                    {
                        errs.Add(FieldError.Required($"{mp}.mountPath"));
                    }
                }
            }

            if (c.Env is { } env)
            {
                for (var j = 0; j < env.Count; j++)
                {
                    if (string.IsNullOrEmpty(env[j].Name))
                    {
                        errs.Add(FieldError.Required($"{p}.env[{j}].name"));
                    }
                }
            }
        }
    }

    private static void ValidateContainerPorts(IList<V1ContainerPort>? ports, string path, List<FieldError> errs)
    {
        if (ports is null)
        {
            return;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ports.Count; i++)
        {
            var port = ports[i];
            var p = $"{path}[{i}]";
            if (!string.IsNullOrEmpty(port.Name))
            {
                foreach (var m in NameRules.IsValidPortName(port.Name))
                {
                    errs.Add(FieldError.InvalidValue($"{p}.name", port.Name, m));
                }

                if (!names.Add(port.Name))
                {
                    errs.Add(FieldError.Duplicate($"{p}.name", port.Name));
                }
            }

            if (port.ContainerPort == 0)
            {
                errs.Add(FieldError.Required($"{p}.containerPort"));
            }
            else if (!NameRules.IsValidPortNumber(port.ContainerPort))
            {
                errs.Add(FieldError.InvalidNumber($"{p}.containerPort", port.ContainerPort, "must be between 1 and 65535, inclusive"));
            }

            if (port.HostPort is { } hp and not 0 && !NameRules.IsValidPortNumber(hp))
            {
                errs.Add(FieldError.InvalidNumber($"{p}.hostPort", hp, "must be between 1 and 65535, inclusive"));
            }

            if (string.IsNullOrEmpty(port.Protocol))
            {
                errs.Add(FieldError.Required($"{p}.protocol"));
            }
            else if (!Protocols.Contains(port.Protocol))
            {
                errs.Add(FieldError.NotSupported($"{p}.protocol", port.Protocol, Protocols));
            }
        }
    }

    private static bool IsContainerResourceName(string name) =>
        name is "cpu" or "memory" or "ephemeral-storage" || name.StartsWith("hugepages-", StringComparison.Ordinal) || name.Contains('/', StringComparison.Ordinal);

    private static void ValidateResources(V1ResourceRequirements? res, string path, List<FieldError> errs)
    {
        if (res is null)
        {
            return;
        }

        foreach (var (name, q) in res.Limits ?? new Dictionary<string, ResourceQuantity>())
        {
            ValidateResourceEntry(name, q, $"{path}.limits[{name}]", errs);
        }

        foreach (var (name, q) in res.Requests ?? new Dictionary<string, ResourceQuantity>())
        {
            ValidateResourceEntry(name, q, $"{path}.requests[{name}]", errs);
            if (q is not null && res.Limits is not null && res.Limits.TryGetValue(name, out var limit) && limit is not null)
            {
                var overcommit = name is "cpu" or "memory" or "ephemeral-storage";
                if ((decimal)q != (decimal)limit && !overcommit)
                {
                    errs.Add(FieldError.InvalidValue($"{path}.requests", QuantityString(q), $"must be equal to {name} limit of {QuantityString(limit)}"));
                }
                else if ((decimal)q > (decimal)limit)
                {
                    errs.Add(FieldError.InvalidValue($"{path}.requests", QuantityString(q), $"must be less than or equal to {name} limit of {QuantityString(limit)}"));
                }
            }
        }
    }

    private static void ValidateResourceEntry(string name, ResourceQuantity? q, string path, List<FieldError> errs)
    {
        if (!IsContainerResourceName(name))
        {
            errs.Add(FieldError.InvalidValue(path, name, "must be a standard resource for containers"));
        }

        if (q is null)
        {
            errs.Add(FieldError.Required(path));
            return;
        }

        decimal value;
        try
        {
            value = (decimal)q;
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            errs.Add(FieldError.InvalidValue(path, q.ToString(), "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"));
            return;
        }

        if (value < 0)
        {
            errs.Add(FieldError.InvalidValue(path, QuantityString(q), "must be greater than or equal to 0"));
        }
    }

    private static void ValidateToleration(V1Toleration t, string path, List<FieldError> errs)
    {
        if (!string.IsNullOrEmpty(t.Key))
        {
            foreach (var m in NameRules.IsQualifiedName(t.Key))
            {
                errs.Add(FieldError.InvalidValue($"{path}.key", t.Key, m));
            }
        }
        else if (t.OperatorProperty != "Exists")
        {
            errs.Add(FieldError.InvalidValue($"{path}.operator", t.OperatorProperty, "operator must be Exists when `key` is empty, which means \"match all values and all keys\""));
        }

        if (t.TolerationSeconds is not null && t.Effect != "NoExecute")
        {
            errs.Add(FieldError.InvalidValue($"{path}.effect", t.Effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
        }

        switch (t.OperatorProperty)
        {
            case null or "" or "Equal":
                foreach (var m in NameRules.IsValidLabelValue(t.Value ?? ""))
                {
                    errs.Add(FieldError.InvalidValue($"{path}.operator", t.Value, m));
                }

                break;
            case "Exists":
                if (!string.IsNullOrEmpty(t.Value))
                {
                    errs.Add(FieldError.InvalidValue($"{path}.operator", t.Value, "value must be empty when `operator` is 'Exists'"));
                }

                break;
            default:
                errs.Add(FieldError.NotSupported($"{path}.operator", t.OperatorProperty, ["Equal", "Exists"]));
                break;
        }

        if (!string.IsNullOrEmpty(t.Effect) && !TaintEffects.Contains(t.Effect))
        {
            errs.Add(FieldError.NotSupported($"{path}.effect", t.Effect, TaintEffects));
        }
    }

    private static void ValidateTaint(V1Taint t, string path, List<FieldError> errs)
    {
        if (string.IsNullOrEmpty(t.Key))
        {
            errs.Add(FieldError.Required($"{path}.key"));
        }
        else
        {
            foreach (var m in NameRules.IsQualifiedName(t.Key))
            {
                errs.Add(FieldError.InvalidValue($"{path}.key", t.Key, m));
            }
        }

        foreach (var m in NameRules.IsValidLabelValue(t.Value ?? ""))
        {
            errs.Add(FieldError.InvalidValue($"{path}.value", t.Value, m));
        }

        if (string.IsNullOrEmpty(t.Effect))
        {
            errs.Add(FieldError.Required($"{path}.effect"));
        }
        else if (!TaintEffects.Contains(t.Effect))
        {
            errs.Add(FieldError.NotSupported($"{path}.effect", t.Effect, TaintEffects));
        }
    }

    /// <summary>ValidatePodUpdate: only images, activeDeadlineSeconds, toleration additions and a negative grace period may change.</summary>
    private static void ValidatePodSpecUpdate(V1PodSpec spec, V1PodSpec old, List<FieldError> errs)
    {
        if (old.ActiveDeadlineSeconds is { } oldAds)
        {
            if (spec.ActiveDeadlineSeconds is null)
            {
                errs.Add(FieldError.InvalidPrinted("spec.activeDeadlineSeconds", "null", "must not update from a positive integer to nil value"));
            }
            else if (spec.ActiveDeadlineSeconds > oldAds)
            {
                errs.Add(FieldError.InvalidNumber("spec.activeDeadlineSeconds", spec.ActiveDeadlineSeconds.Value, "must be less than or equal to previous value"));
            }
        }

        var tolerationsOk = true;
        foreach (var ot in old.Tolerations ?? [])
        {
            var kept = (spec.Tolerations ?? []).Any(t => t.Key == ot.Key && t.OperatorProperty == ot.OperatorProperty && t.Value == ot.Value &&
                t.Effect == ot.Effect && (ot.TolerationSeconds is null ? t.TolerationSeconds is null : t.TolerationSeconds is not null && t.TolerationSeconds <= ot.TolerationSeconds));
            if (!kept)
            {
                tolerationsOk = false;
            }
        }

        if (!tolerationsOk)
        {
            errs.Add(FieldError.Forbidden("spec.tolerations", "existing toleration can not be modified except its tolerationSeconds"));
        }

        // Munge the old spec with every field that may change, then any remaining difference is forbidden.
        var munged = KubeSerializer.DeepCopy(old);
        if (munged.Containers is not null && spec.Containers is not null && munged.Containers.Count == spec.Containers.Count)
        {
            for (var i = 0; i < munged.Containers.Count; i++)
            {
                munged.Containers[i].Image = spec.Containers[i].Image;
            }
        }

        if (munged.InitContainers is not null && spec.InitContainers is not null && munged.InitContainers.Count == spec.InitContainers.Count)
        {
            for (var i = 0; i < munged.InitContainers.Count; i++)
            {
                munged.InitContainers[i].Image = spec.InitContainers[i].Image;
            }
        }

        munged.ActiveDeadlineSeconds = spec.ActiveDeadlineSeconds;
        munged.Tolerations = spec.Tolerations;
        if (old.TerminationGracePeriodSeconds < 0 && spec.TerminationGracePeriodSeconds == 1)
        {
            munged.TerminationGracePeriodSeconds = 1;
        }

        if (!JsonEqual(munged, spec))
        {
            errs.Add(FieldError.Forbidden("spec", PodUpdateForbiddenMessage));
        }
    }

    /// <summary>ValidatePodTemplateSpec for a controller: labels, the pod spec, and the restart policies the controller allows.</summary>
    private static void ValidatePodTemplate(V1PodTemplateSpec? template, string path, string[] restartPolicies, bool allowActiveDeadline, List<FieldError> errs)
    {
        template ??= new V1PodTemplateSpec();
        ValidateLabels(template.Metadata?.Labels, $"{path}.metadata.labels", errs);
        ValidateAnnotations(template.Metadata?.Annotations, $"{path}.metadata.annotations", errs);
        var spec = template.Spec ?? new V1PodSpec();
        ValidatePodSpec(spec, $"{path}.spec", errs);
        if (!string.IsNullOrEmpty(spec.RestartPolicy) && !restartPolicies.Contains(spec.RestartPolicy))
        {
            errs.Add(FieldError.NotSupported($"{path}.spec.restartPolicy", spec.RestartPolicy, restartPolicies));
        }

        if (!allowActiveDeadline && spec.ActiveDeadlineSeconds is not null)
        {
            errs.Add(FieldError.Forbidden($"{path}.spec.activeDeadlineSeconds", "activeDeadlineSeconds in ReplicaSet is not Supported"));
        }
    }
}
