using System.Globalization;
using System.Net;
using ActorKube.Core.Selectors;

namespace ActorKube.Core.Api;

public static partial class Validation
{
    public const string SelectorMismatchMessage = "`selector` does not match template `labels`";

    private static readonly string[] AlwaysOnly = ["Always"];
    private static readonly string[] JobRestartPolicies = ["OnFailure", "Never"];
    private static readonly string[] ServiceTypes = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
    private static readonly string[] SessionAffinities = ["ClientIP", "None"];

    /// <summary>Selector required, non-empty, valid, and matching the template labels (ValidateDeploymentSpec and friends).</summary>
    private static void ValidateSelectorAndTemplate(V1LabelSelector? selector, V1PodTemplateSpec? template, bool allowEmpty, List<FieldError> errs)
    {
        if (selector is null)
        {
            errs.Add(FieldError.Required("spec.selector"));
            return;
        }

        ValidateLabelSelector(selector, "spec.selector", errs);
        if (!allowEmpty && (selector.MatchLabels?.Count ?? 0) + (selector.MatchExpressions?.Count ?? 0) == 0)
        {
            errs.Add(FieldError.InvalidPrinted("spec.selector", GoValue(selector), "empty selector is invalid for deployment"));
            return;
        }

        var parsed = LabelSelector.TryFromV1(selector, out _);
        var labels = template?.Metadata?.Labels;
        if (parsed is not null && !parsed.Matches(labels))
        {
            errs.Add(FieldError.InvalidPrinted("spec.template.metadata.labels", GoMap(labels), SelectorMismatchMessage));
        }
    }

    private static void ValidateDeploymentSpec(V1DeploymentSpec spec, List<FieldError> errs)
    {
        NonNegative(spec.Replicas, "spec.replicas", errs);
        ValidateSelectorAndTemplate(spec.Selector, spec.Template, allowEmpty: false, errs);
        ValidatePodTemplate(spec.Template, "spec.template", AlwaysOnly, allowActiveDeadline: false, errs);
        NonNegative(spec.MinReadySeconds, "spec.minReadySeconds", errs);
        NonNegative(spec.RevisionHistoryLimit, "spec.revisionHistoryLimit", errs);
        if (spec.ProgressDeadlineSeconds is { } pds)
        {
            NonNegative(pds, "spec.progressDeadlineSeconds", errs);
            if (pds <= (spec.MinReadySeconds ?? 0))
            {
                errs.Add(FieldError.InvalidNumber("spec.progressDeadlineSeconds", pds, "must be greater than minReadySeconds"));
            }
        }

        var strategy = spec.Strategy ?? new V1DeploymentStrategy();
        switch (strategy.Type)
        {
            case "Recreate":
                if (strategy.RollingUpdate is not null)
                {
                    errs.Add(FieldError.Forbidden("spec.strategy.rollingUpdate", "may not be specified when strategy `type` is 'Recreate'"));
                }

                break;
            case "RollingUpdate":
                if (strategy.RollingUpdate is { } ru)
                {
                    ValidateMaxSurgeUnavailable(ru.MaxSurge, ru.MaxUnavailable, "spec.strategy.rollingUpdate", errs);
                }

                break;
            default:
                errs.Add(FieldError.NotSupported("spec.strategy.type", strategy.Type, ["Recreate", "RollingUpdate"]));
                break;
        }
    }

    private static void ValidateMaxSurgeUnavailable(IntOrString? surge, IntOrString? unavailable, string path, List<FieldError> errs)
    {
        ValidatePositiveIntOrPercent(unavailable, $"{path}.maxUnavailable", errs);
        ValidatePositiveIntOrPercent(surge, $"{path}.maxSurge", errs);
        if (IsZero(surge) && IsZero(unavailable))
        {
            errs.Add(FieldError.InvalidPrinted($"{path}.maxUnavailable", IntOrStringValue(unavailable), "may not be 0 when `maxSurge` is 0"));
        }
    }

    private static bool IsZero(IntOrString? v) => v is null || v.Value is null or "0" or "0%";

    private static string IntOrStringValue(IntOrString? v) =>
        v?.Value is null ? "null" : int.TryParse(v.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) ? v.Value : $"\"{v.Value}\"";

    private static void ValidatePositiveIntOrPercent(IntOrString? v, string path, List<FieldError> errs)
    {
        if (v?.Value is not { } s)
        {
            return;
        }

        if (int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
        {
            NonNegative(n, path, errs);
            return;
        }

        if (s.Length < 2 || s[^1] != '%' || !int.TryParse(s[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var pct))
        {
            errs.Add(FieldError.InvalidValue(path, s, "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"));
            return;
        }

        if (pct > 100)
        {
            errs.Add(FieldError.InvalidValue(path, s, "must not be greater than 100%"));
        }
    }

    private static void ValidateReplicaSetSpec(V1ReplicaSetSpec spec, List<FieldError> errs)
    {
        NonNegative(spec.Replicas, "spec.replicas", errs);
        NonNegative(spec.MinReadySeconds, "spec.minReadySeconds", errs);
        ValidateSelectorAndTemplate(spec.Selector, spec.Template, allowEmpty: false, errs);
        ValidatePodTemplate(spec.Template, "spec.template", AlwaysOnly, allowActiveDeadline: false, errs);
    }

    private static void ValidateStatefulSetSpec(V1StatefulSetSpec spec, List<FieldError> errs)
    {
        if (spec.PodManagementPolicy is not (null or "" or "OrderedReady" or "Parallel"))
        {
            errs.Add(FieldError.NotSupported("spec.podManagementPolicy", spec.PodManagementPolicy, ["OrderedReady", "Parallel"]));
        }

        var us = spec.UpdateStrategy;
        if (us?.Type is not (null or "" or "RollingUpdate" or "OnDelete"))
        {
            errs.Add(FieldError.NotSupported("spec.updateStrategy.type", us!.Type, ["OnDelete", "RollingUpdate"]));
        }

        if (us?.Type == "OnDelete" && us.RollingUpdate is not null)
        {
            errs.Add(FieldError.InvalidPrinted("spec.updateStrategy.rollingUpdate", GoValue(us.RollingUpdate), "only allowed for updateStrategy 'RollingUpdate'"));
        }

        NonNegative(us?.RollingUpdate?.Partition, "spec.updateStrategy.rollingUpdate.partition", errs);
        NonNegative(spec.Replicas, "spec.replicas", errs);
        NonNegative(spec.MinReadySeconds, "spec.minReadySeconds", errs);
        ValidateSelectorAndTemplate(spec.Selector, spec.Template, allowEmpty: false, errs);
        ValidatePodTemplate(spec.Template, "spec.template", AlwaysOnly, allowActiveDeadline: false, errs);
    }

    private static void ValidateStatefulSetUpdate(V1StatefulSetSpec spec, V1StatefulSetSpec old, List<FieldError> errs)
    {
        // Only replicas, ordinals, template, updateStrategy, persistentVolumeClaimRetentionPolicy, minReadySeconds (and revisionHistoryLimit) may change.
        var munged = spec with
        {
            Replicas = old.Replicas,
            Ordinals = old.Ordinals,
            Template = old.Template,
            UpdateStrategy = old.UpdateStrategy,
            PersistentVolumeClaimRetentionPolicy = old.PersistentVolumeClaimRetentionPolicy,
            MinReadySeconds = old.MinReadySeconds,
            RevisionHistoryLimit = old.RevisionHistoryLimit,
        };
        if (!JsonEqual(munged, old))
        {
            errs.Add(FieldError.Forbidden("spec", "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"));
        }
    }

    private static void ValidateDaemonSetSpec(V1DaemonSetSpec spec, List<FieldError> errs)
    {
        ValidateSelectorAndTemplate(spec.Selector, spec.Template, allowEmpty: false, errs);
        ValidatePodTemplate(spec.Template, "spec.template", AlwaysOnly, allowActiveDeadline: false, errs);
        NonNegative(spec.MinReadySeconds, "spec.minReadySeconds", errs);
        NonNegative(spec.RevisionHistoryLimit, "spec.revisionHistoryLimit", errs);
        var us = spec.UpdateStrategy;
        switch (us?.Type)
        {
            case null or "" or "OnDelete":
                break;
            case "RollingUpdate":
                if (us.RollingUpdate is { } ru)
                {
                    ValidateMaxSurgeUnavailable(ru.MaxSurge, ru.MaxUnavailable, "spec.updateStrategy.rollingUpdate", errs);
                }

                break;
            default:
                errs.Add(FieldError.NotSupported("spec.updateStrategy.type", us.Type, ["OnDelete", "RollingUpdate"]));
                break;
        }
    }

    private static void ValidateJobSpec(V1JobSpec spec, string path, bool requireSelector, List<FieldError> errs)
    {
        NonNegative(spec.Parallelism, $"{path}.parallelism", errs);
        NonNegative(spec.Completions, $"{path}.completions", errs);
        NonNegative(spec.BackoffLimit, $"{path}.backoffLimit", errs);
        NonNegative(spec.TtlSecondsAfterFinished, $"{path}.ttlSecondsAfterFinished", errs);
        if (spec.ActiveDeadlineSeconds is { } ads && ads <= 0)
        {
            errs.Add(FieldError.InvalidNumber($"{path}.activeDeadlineSeconds", ads, "must be greater than or equal to 1"));
        }

        if (spec.CompletionMode is not (null or "" or "NonIndexed" or "Indexed"))
        {
            errs.Add(FieldError.NotSupported($"{path}.completionMode", spec.CompletionMode, ["NonIndexed", "Indexed"]));
        }

        if (spec.CompletionMode == "Indexed" && spec.Completions is null)
        {
            errs.Add(FieldError.Required($"{path}.completions", "when completion mode is Indexed"));
        }

        if (spec.PodReplacementPolicy is not (null or "" or "TerminatingOrFailed" or "Failed"))
        {
            errs.Add(FieldError.NotSupported($"{path}.podReplacementPolicy", spec.PodReplacementPolicy, ["Failed", "TerminatingOrFailed"]));
        }

        if (requireSelector)
        {
            ValidateSelectorAndTemplate(spec.Selector, spec.Template, allowEmpty: true, errs);
        }
        else if (spec.Selector is not null)
        {
            ValidateLabelSelector(spec.Selector, $"{path}.selector", errs);
        }

        ValidatePodTemplate(spec.Template, $"{path}.template", JobRestartPolicies, allowActiveDeadline: true, errs);
    }

    private static void ValidateJobUpdate(V1JobSpec spec, V1JobSpec old, List<FieldError> errs)
    {
        Immutable(spec.Selector, old.Selector, "spec.selector", errs);
        Immutable(spec.CompletionMode, old.CompletionMode, "spec.completionMode", errs);
        if (spec.CompletionMode != "Indexed")
        {
            Immutable(spec.Completions, old.Completions, "spec.completions", errs);
        }

        // The pod template may change only while the job is suspended (mutable scheduling directives).
        if (spec.Suspend != true && !JsonEqual(spec.Template, old.Template))
        {
            errs.Add(FieldError.Immutable("spec.template", "core.PodTemplateSpec{...}"));
        }
    }

    private static void ValidateCronJob(V1CronJob cj, List<FieldError> errs)
    {
        var spec = cj.Spec ?? new V1CronJobSpec();
        if (string.IsNullOrEmpty(spec.Schedule))
        {
            errs.Add(FieldError.Required("spec.schedule"));
        }
        else
        {
            var s = spec.Schedule.Trim();
            if (s.Contains("TZ", StringComparison.Ordinal))
            {
                errs.Add(FieldError.InvalidValue("spec.schedule", spec.Schedule, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"));
            }
            else if (s.StartsWith('@'))
            {
                if (s is not ("@yearly" or "@annually" or "@monthly" or "@weekly" or "@daily" or "@midnight" or "@hourly") && !s.StartsWith("@every ", StringComparison.Ordinal))
                {
                    errs.Add(FieldError.InvalidValue("spec.schedule", spec.Schedule, $"unrecognized descriptor: {s}"));
                }
            }
            else
            {
                var fields = s.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length != 5)
                {
                    errs.Add(FieldError.InvalidValue("spec.schedule", spec.Schedule, $"expected exactly 5 fields, found {fields.Length}: [{string.Join(" ", fields)}]"));
                }
            }
        }

        if (spec.ConcurrencyPolicy is not (null or "" or "Allow" or "Forbid" or "Replace"))
        {
            errs.Add(FieldError.NotSupported("spec.concurrencyPolicy", spec.ConcurrencyPolicy, ["Allow", "Forbid", "Replace"]));
        }

        NonNegative(spec.StartingDeadlineSeconds, "spec.startingDeadlineSeconds", errs);
        NonNegative(spec.SuccessfulJobsHistoryLimit, "spec.successfulJobsHistoryLimit", errs);
        NonNegative(spec.FailedJobsHistoryLimit, "spec.failedJobsHistoryLimit", errs);
        ValidateLabels(spec.JobTemplate?.Metadata?.Labels, "spec.jobTemplate.metadata.labels", errs);
        ValidateJobSpec(spec.JobTemplate?.Spec ?? new V1JobSpec(), "spec.jobTemplate.spec", requireSelector: false, errs);
    }

    private static void ValidateServiceSpec(V1ServiceSpec spec, List<FieldError> errs)
    {
        if (string.IsNullOrEmpty(spec.Type))
        {
            errs.Add(FieldError.Required("spec.type"));
        }
        else if (!ServiceTypes.Contains(spec.Type))
        {
            errs.Add(FieldError.NotSupported("spec.type", spec.Type, ServiceTypes));
        }

        var headless = spec.ClusterIP == "None";
        if (spec.Type == "ExternalName")
        {
            if (string.IsNullOrEmpty(spec.ExternalName))
            {
                errs.Add(FieldError.Required("spec.externalName"));
            }
        }
        else if (spec.Ports is not { Count: > 0 } && !headless)
        {
            errs.Add(FieldError.Required("spec.ports"));
        }

        var ports = spec.Ports ?? [];
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ports.Count; i++)
        {
            var port = ports[i];
            var p = $"spec.ports[{i}]";
            if (ports.Count > 1 && string.IsNullOrEmpty(port.Name))
            {
                errs.Add(FieldError.Required($"{p}.name"));
            }
            else if (!string.IsNullOrEmpty(port.Name))
            {
                foreach (var m in NameRules.IsDns1123Label(port.Name))
                {
                    errs.Add(FieldError.InvalidValue($"{p}.name", port.Name, m));
                }

                if (!names.Add(port.Name))
                {
                    errs.Add(FieldError.Duplicate($"{p}.name", port.Name));
                }
            }

            if (!NameRules.IsValidPortNumber(port.Port))
            {
                errs.Add(FieldError.InvalidNumber($"{p}.port", port.Port, "must be between 1 and 65535, inclusive"));
            }

            if (string.IsNullOrEmpty(port.Protocol))
            {
                errs.Add(FieldError.Required($"{p}.protocol"));
            }
            else if (!Protocols.Contains(port.Protocol))
            {
                errs.Add(FieldError.NotSupported($"{p}.protocol", port.Protocol, Protocols));
            }

            if (port.TargetPort?.Value is { } tp)
            {
                if (int.TryParse(tp, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
                {
                    if (!NameRules.IsValidPortNumber(n))
                    {
                        errs.Add(FieldError.InvalidNumber($"{p}.targetPort", n, "must be between 1 and 65535, inclusive"));
                    }
                }
                else
                {
                    foreach (var m in NameRules.IsValidPortName(tp))
                    {
                        errs.Add(FieldError.InvalidValue($"{p}.targetPort", tp, m));
                    }
                }
            }

            if (port.NodePort is { } np and not 0)
            {
                if (spec.Type == "ClusterIP")
                {
                    errs.Add(FieldError.Forbidden($"{p}.nodePort", "may not be used when `type` is 'ClusterIP'"));
                }
                else if (!NameRules.IsValidPortNumber(np))
                {
                    errs.Add(FieldError.InvalidNumber($"{p}.nodePort", np, "must be between 1 and 65535, inclusive"));
                }
            }
        }

        if (!string.IsNullOrEmpty(spec.SessionAffinity) && !SessionAffinities.Contains(spec.SessionAffinity))
        {
            errs.Add(FieldError.NotSupported("spec.sessionAffinity", spec.SessionAffinity, SessionAffinities));
        }

        if (!string.IsNullOrEmpty(spec.ClusterIP) && !headless && !IPAddress.TryParse(spec.ClusterIP, out _))
        {
            errs.Add(FieldError.InvalidValue("spec.clusterIP", spec.ClusterIP, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
        }

        ValidateLabels(spec.Selector, "spec.selector", errs);
    }

    private static void ValidateServiceUpdate(V1ServiceSpec spec, V1ServiceSpec old, List<FieldError> errs)
    {
        if (old.Type != "ExternalName" && spec.Type != "ExternalName" && !string.IsNullOrEmpty(old.ClusterIP) && spec.ClusterIP != old.ClusterIP)
        {
            errs.Add(FieldError.Immutable("spec.clusterIP", $"\"{spec.ClusterIP}\""));
        }
    }
}
