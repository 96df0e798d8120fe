using ActorKube.Core.Objects;
using ActorKube.Core.Objects.Chaos;

namespace ActorKube.Core.Api;

/// <summary>
/// What the apiserver does to an object on create before validation: rest.BeforeCreate (system fields,
/// generateName), each kind's strategy PrepareForCreate (status reset, generation 1), the v1 defaulting
/// funcs (SetDefaults_*) and the default admission plugins that mutate pods (ServiceAccount, Priority,
/// DefaultTolerationSeconds).
/// </summary>
public static class ObjectDefaults
{
    public const long DefaultTolerationSeconds = 300;

    private const string NameChars = "bcdfghjklmnpqrstvwxz2456789";

    /// <summary>Kinds whose strategy sets metadata.generation = 1 on create and bumps it on spec changes.</summary>
    public static bool TracksGeneration(ResourceInfo r) =>
        r.Kind is "Pod" or "Deployment" or "ReplicaSet" or "StatefulSet" or "DaemonSet" or "Job" or "CronJob" or "Ingress" or "PodDisruptionBudget" or "Fault";

    /// <summary>
    /// Mutates <paramref name="obj"/> (a fresh object the caller owns) on create. Raises a 400 ApiException
    /// when the request sets metadata.resourceVersion.
    /// </summary>
    public static void Apply(ResourceInfo r, IKubernetesObject<V1ObjectMeta> obj, DateTime now)
    {
        obj.ApiVersion = r.ApiVersion;
        obj.Kind = r.Kind;
        var meta = obj.Metadata ??= new V1ObjectMeta();
        if (!string.IsNullOrEmpty(meta.ResourceVersion))
        {
            throw new ApiException(StatusErrors.BadRequest("resourceVersion should not be set on objects to be created"));
        }

        if (string.IsNullOrEmpty(meta.Name) && !string.IsNullOrEmpty(meta.GenerateName))
        {
            meta.Name = GenerateName(meta.GenerateName);
        }

        meta.Uid = Uids.New();
        meta.CreationTimestamp = TruncateToSeconds(now);
        meta.DeletionTimestamp = null;
        meta.DeletionGracePeriodSeconds = null;
        meta.Generation = TracksGeneration(r) ? 1 : null;
        meta.ManagedFields = null;
        meta.SelfLink = null;

        // Scheme defaults (shared with updates), then what only a create does: admission, status resets.
        DefaultFields(obj);
        switch (obj)
        {
            case V1Pod pod:
                AdmitPod(pod);
                break;
            case V1Job job:
                job.Status = null;
                GenerateJobSelector(job);
                break;
            case V1Deployment or V1ReplicaSet or V1StatefulSet or V1DaemonSet or V1CronJob or V1Service or V1Ingress:
                ObjectCloner.SetStatus(obj, null);
                break;
            case V1Namespace ns:
                ns.Spec ??= new V1NamespaceSpec();
                ns.Spec.Finalizers ??= ["kubernetes"];
                ns.Status = new V1NamespaceStatus { Phase = "Active" };
                (meta.Labels ??= new Dictionary<string, string>())["kubernetes.io/metadata.name"] = meta.Name ?? "";
                break;
            case V1alpha1Fault fault:
                // As a CRD with a status subresource: the status of a create is not taken; a new fault waits for the controller.
                fault.Status = new V1alpha1FaultStatus { Phase = FaultPhases.Pending };
                break;
        }
    }

    /// <summary>
    /// The scheme defaults on an update (PUT or a patch's result): Kubernetes applies them whenever it
    /// decodes a request, so a patch that adds a container port gets its protocol. Spec fields only:
    /// metadata and status stay as sent, and create-only steps (admission, Job selectors) are skipped.
    /// </summary>
    public static void ApplyOnUpdate(IKubernetesObject<V1ObjectMeta> obj) => DefaultFields(obj);

    /// <summary>SetDefaults_* of each kind's fields (what the scheme does on every decode); status is left as it is.</summary>
    private static void DefaultFields(IKubernetesObject<V1ObjectMeta> obj)
    {
        var hasStatus = ObjectCloner.HasStatus(obj.GetType());
        var status = hasStatus ? ObjectCloner.GetStatus(obj) : null;
        switch (obj)
        {
            case V1Pod pod:
                DefaultPodSpec(pod.Spec ??= new V1PodSpec(), isPod: true);
                break;
            case V1Deployment d:
                DefaultDeployment(d);
                break;
            case V1ReplicaSet rs:
                rs.Spec ??= new V1ReplicaSetSpec();
                rs.Spec.Replicas ??= 1;
                DefaultTemplate(rs.Spec.Template);
                break;
            case V1StatefulSet ss:
                DefaultStatefulSet(ss);
                break;
            case V1DaemonSet ds:
                DefaultDaemonSet(ds);
                break;
            case V1Job job:
                DefaultJob(job, job.Spec ??= new V1JobSpec());
                break;
            case V1CronJob cj:
                DefaultCronJob(cj);
                break;
            case V1Service svc:
                DefaultService(svc);
                break;
            case V1Secret secret when string.IsNullOrEmpty(secret.Type):
                secret.Type = "Opaque";
                break;
            case V1EndpointSlice slice:
                foreach (var p in slice.Ports ?? [])
                {
                    p.Protocol ??= "TCP";
                }

                break;
        }

        if (hasStatus)
        {
            ObjectCloner.SetStatus(obj, status);
        }
    }

    /// <summary>SimpleNameGenerator: the prefix (cut to 58 characters) plus 5 random characters.</summary>
    public static string GenerateName(string prefix)
    {
        var basePart = prefix.Length > 58 ? prefix[..58] : prefix;
        Span<char> suffix = stackalloc char[5];
        for (var i = 0; i < suffix.Length; i++)
        {
            suffix[i] = NameChars[Random.Shared.Next(NameChars.Length)];
        }

        return basePart + new string(suffix);
    }

    public static DateTime TruncateToSeconds(DateTime t) =>
        new(t.Ticks - (t.Ticks % TimeSpan.TicksPerSecond), t.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : t.Kind);

    /// <summary>Pod create: pod spec defaults, admission plugins, and status {phase: Pending, qosClass}.</summary>
    public static void DefaultPod(V1Pod pod)
    {
        DefaultPodSpec(pod.Spec ??= new V1PodSpec(), isPod: true);
        AdmitPod(pod);
    }

    /// <summary>What the admission plugins add to a new pod (service account, priority, default tolerations) and its first status.</summary>
    private static void AdmitPod(V1Pod pod)
    {
        var spec = pod.Spec ??= new V1PodSpec();

        // ServiceAccount admission.
        if (string.IsNullOrEmpty(spec.ServiceAccountName))
        {
            spec.ServiceAccountName = string.IsNullOrEmpty(spec.ServiceAccount) ? "default" : spec.ServiceAccount;
        }

        // Priority admission (no PriorityClass: the global default priority 0).
        spec.Priority ??= 0;
        spec.PreemptionPolicy ??= "PreemptLowerPriority";

        // DefaultTolerationSeconds admission.
        AddDefaultToleration(spec, WellKnown.TaintNodeNotReady);
        AddDefaultToleration(spec, WellKnown.TaintNodeUnreachable);

        pod.Status = new V1PodStatus { Phase = "Pending", QosClass = QosClass(spec) };
    }

    private static void AddDefaultToleration(V1PodSpec spec, string key)
    {
        spec.Tolerations ??= [];
        foreach (var t in spec.Tolerations)
        {
            // A toleration that already covers this taint's NoExecute effect (or all effects) suppresses the default.
            var keyMatches = t.Key == key || (string.IsNullOrEmpty(t.Key) && t.OperatorProperty == "Exists");
            if (keyMatches && (string.IsNullOrEmpty(t.Effect) || t.Effect == "NoExecute"))
            {
                return;
            }
        }

        spec.Tolerations.Add(new V1Toleration { Key = key, OperatorProperty = "Exists", Effect = "NoExecute", TolerationSeconds = DefaultTolerationSeconds });
    }

    /// <summary>SetDefaults_PodSpec and its containers; <paramref name="isPod"/> adds the SetDefaults_Pod parts.</summary>
    public static void DefaultPodSpec(V1PodSpec spec, bool isPod)
    {
        if (string.IsNullOrEmpty(spec.DnsPolicy))
        {
            spec.DnsPolicy = "ClusterFirst";
        }

        if (string.IsNullOrEmpty(spec.RestartPolicy))
        {
            spec.RestartPolicy = "Always";
        }

        spec.SecurityContext ??= new V1PodSecurityContext();
        spec.TerminationGracePeriodSeconds ??= 30;
        if (string.IsNullOrEmpty(spec.SchedulerName))
        {
            spec.SchedulerName = "default-scheduler";
        }

        if (isPod)
        {
            spec.EnableServiceLinks ??= true;
        }

        foreach (var c in spec.Containers ?? [])
        {
            DefaultContainer(c, spec.HostNetwork == true, isPod);
        }

        foreach (var c in spec.InitContainers ?? [])
        {
            DefaultContainer(c, spec.HostNetwork == true, isPod);
        }

        foreach (var v in spec.Volumes ?? [])
        {
            if (v.ConfigMap is { } cm)
            {
                cm.DefaultMode ??= 420;
            }

            if (v.Secret is { } s)
            {
                s.DefaultMode ??= 420;
            }

            if (v.Projected is { } p)
            {
                p.DefaultMode ??= 420;
            }

            if (v.EmptyDir is null && v.ConfigMap is null && v.Secret is null && v.Projected is null && v.HostPath is null &&
                v.PersistentVolumeClaim is null && v.DownwardAPI is null && v.Nfs is null && v.Csi is null && v.Ephemeral is null && v.Image is null)
            {
                v.EmptyDir = new V1EmptyDirVolumeSource();
            }
        }
    }

    private static void DefaultContainer(V1Container c, bool hostNetwork, bool isPod)
    {
        if (string.IsNullOrEmpty(c.ImagePullPolicy))
        {
            c.ImagePullPolicy = ImageTag(c.Image) is null or "latest" ? "Always" : "IfNotPresent";
        }

        if (string.IsNullOrEmpty(c.TerminationMessagePath))
        {
            c.TerminationMessagePath = "/dev/termination-log";
        }

        if (string.IsNullOrEmpty(c.TerminationMessagePolicy))
        {
            c.TerminationMessagePolicy = "File";
        }

        foreach (var p in c.Ports ?? [])
        {
            if (string.IsNullOrEmpty(p.Protocol))
            {
                p.Protocol = "TCP";
            }

            if (hostNetwork && p.HostPort is null or 0)
            {
                p.HostPort = p.ContainerPort;
            }
        }

        DefaultProbe(c.LivenessProbe);
        DefaultProbe(c.ReadinessProbe);
        DefaultProbe(c.StartupProbe);

        // SetDefaults_Pod: limits without requests default the requests (only for pods, not templates).
        if (isPod && c.Resources?.Limits is { Count: > 0 } limits)
        {
            c.Resources.Requests ??= new Dictionary<string, ResourceQuantity>();
            foreach (var (name, q) in limits)
            {
                c.Resources.Requests.TryAdd(name, q);
            }
        }
    }

    private static void DefaultProbe(V1Probe? p)
    {
        if (p is null)
        {
            return;
        }

        p.TimeoutSeconds ??= 1;
        p.PeriodSeconds ??= 10;
        p.SuccessThreshold ??= 1;
        p.FailureThreshold ??= 3;
        if (p.HttpGet is { } h && string.IsNullOrEmpty(h.Scheme))
        {
            h.Scheme = "HTTP";
        }
    }

    /// <summary>The tag of an image reference ("nginx:1.25" is "1.25"), or null when it has none; digests count as a tag.</summary>
    public static string? ImageTag(string? image)
    {
        if (string.IsNullOrEmpty(image))
        {
            return null;
        }

        if (image.Contains('@', StringComparison.Ordinal))
        {
            return image[(image.IndexOf('@', StringComparison.Ordinal) + 1)..];
        }

        var lastSlash = image.LastIndexOf('/');
        var colon = image.LastIndexOf(':');
        return colon > lastSlash ? image[(colon + 1)..] : null;
    }

    private static void DefaultTemplate(V1PodTemplateSpec? template)
    {
        if (template?.Spec is { } spec)
        {
            DefaultPodSpec(spec, isPod: false);
        }
    }

    private static void DefaultDeployment(V1Deployment d)
    {
        d.Status = null;
        var spec = d.Spec ??= new V1DeploymentSpec();
        spec.Replicas ??= 1;
        var strategy = spec.Strategy ??= new V1DeploymentStrategy();
        if (string.IsNullOrEmpty(strategy.Type))
        {
            strategy.Type = "RollingUpdate";
        }

        if (strategy.Type == "RollingUpdate")
        {
            var ru = strategy.RollingUpdate ??= new V1RollingUpdateDeployment();
            ru.MaxUnavailable ??= "25%";
            ru.MaxSurge ??= "25%";
        }

        spec.RevisionHistoryLimit ??= 10;
        spec.ProgressDeadlineSeconds ??= 600;
        DefaultTemplate(spec.Template);
    }

    private static void DefaultStatefulSet(V1StatefulSet ss)
    {
        ss.Status = null;
        var spec = ss.Spec ??= new V1StatefulSetSpec();
        spec.Replicas ??= 1;
        if (string.IsNullOrEmpty(spec.PodManagementPolicy))
        {
            spec.PodManagementPolicy = "OrderedReady";
        }

        var us = spec.UpdateStrategy ??= new V1StatefulSetUpdateStrategy();
        if (string.IsNullOrEmpty(us.Type))
        {
            us.Type = "RollingUpdate";
        }

        if (us.Type == "RollingUpdate")
        {
            us.RollingUpdate ??= new V1RollingUpdateStatefulSetStrategy();
            us.RollingUpdate.Partition ??= 0;
        }

        spec.RevisionHistoryLimit ??= 10;
        spec.PersistentVolumeClaimRetentionPolicy ??= new V1StatefulSetPersistentVolumeClaimRetentionPolicy();
        spec.PersistentVolumeClaimRetentionPolicy.WhenDeleted ??= "Retain";
        spec.PersistentVolumeClaimRetentionPolicy.WhenScaled ??= "Retain";
        DefaultTemplate(spec.Template);
    }

    private static void DefaultDaemonSet(V1DaemonSet ds)
    {
        ds.Status = null;
        var spec = ds.Spec ??= new V1DaemonSetSpec();
        var us = spec.UpdateStrategy ??= new V1DaemonSetUpdateStrategy();
        if (string.IsNullOrEmpty(us.Type))
        {
            us.Type = "RollingUpdate";
        }

        if (us.Type == "RollingUpdate")
        {
            us.RollingUpdate ??= new V1RollingUpdateDaemonSet();
            us.RollingUpdate.MaxUnavailable ??= 1;
            us.RollingUpdate.MaxSurge ??= 0;
        }

        spec.RevisionHistoryLimit ??= 10;
        DefaultTemplate(spec.Template);
    }

    private static void DefaultJob(V1Job? job, V1JobSpec spec)
    {
        if (spec.Completions is null && spec.Parallelism is null)
        {
            spec.Completions = 1;
            spec.Parallelism = 1;
        }

        spec.Parallelism ??= 1;
        spec.BackoffLimit ??= spec.BackoffLimitPerIndex is null ? 6 : int.MaxValue;
        if (string.IsNullOrEmpty(spec.CompletionMode))
        {
            spec.CompletionMode = "NonIndexed";
        }

        spec.Suspend ??= false;
        if (string.IsNullOrEmpty(spec.PodReplacementPolicy))
        {
            spec.PodReplacementPolicy = spec.PodFailurePolicy is null ? "TerminatingOrFailed" : "Failed";
        }

        DefaultTemplate(spec.Template);
        if (job?.Metadata is { } meta && spec.Template?.Metadata?.Labels is { Count: > 0 } labels && meta.Labels is not { Count: > 0 })
        {
            meta.Labels = new Dictionary<string, string>(labels);
        }
    }

    /// <summary>Job strategy generateSelector: unless manualSelector, select the pods by the job's uid.</summary>
    private static void GenerateJobSelector(V1Job job)
    {
        var spec = job.Spec;
        if (spec.ManualSelector == true)
        {
            return;
        }

        var uid = job.Metadata.Uid;
        var name = job.Metadata.Name ?? "";
        var template = spec.Template ??= new V1PodTemplateSpec();
        var tm = template.Metadata ??= new V1ObjectMeta();
        var labels = tm.Labels ??= new Dictionary<string, string>();
        labels.TryAdd("batch.kubernetes.io/controller-uid", uid);
        labels.TryAdd("batch.kubernetes.io/job-name", name);
        labels.TryAdd("controller-uid", uid);
        labels.TryAdd("job-name", name);
        if (spec.Selector is null)
        {
            spec.Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["batch.kubernetes.io/controller-uid"] = uid } };
        }
    }

    private static void DefaultCronJob(V1CronJob cj)
    {
        cj.Status = null;
        var spec = cj.Spec ??= new V1CronJobSpec();
        if (string.IsNullOrEmpty(spec.ConcurrencyPolicy))
        {
            spec.ConcurrencyPolicy = "Allow";
        }

        spec.Suspend ??= false;
        spec.SuccessfulJobsHistoryLimit ??= 3;
        spec.FailedJobsHistoryLimit ??= 1;
        if (spec.JobTemplate?.Spec is { } jobSpec)
        {
            DefaultJob(null, jobSpec);
        }
    }

    private static void DefaultService(V1Service svc)
    {
        var spec = svc.Spec ??= new V1ServiceSpec();
        if (string.IsNullOrEmpty(spec.Type))
        {
            spec.Type = "ClusterIP";
        }

        if (string.IsNullOrEmpty(spec.SessionAffinity))
        {
            spec.SessionAffinity = "None";
        }

        if (spec.SessionAffinity == "ClientIP")
        {
            spec.SessionAffinityConfig ??= new V1SessionAffinityConfig();
            spec.SessionAffinityConfig.ClientIP ??= new V1ClientIPConfig();
            spec.SessionAffinityConfig.ClientIP.TimeoutSeconds ??= 10800;
        }

        foreach (var p in spec.Ports ?? [])
        {
            if (string.IsNullOrEmpty(p.Protocol))
            {
                p.Protocol = "TCP";
            }

            if (p.TargetPort is null || string.IsNullOrEmpty(p.TargetPort.Value) || p.TargetPort.Value == "0")
            {
                p.TargetPort = p.Port;
            }
        }

        if (spec.Type is "ClusterIP" or "NodePort" or "LoadBalancer" && string.IsNullOrEmpty(spec.InternalTrafficPolicy))
        {
            spec.InternalTrafficPolicy = "Cluster";
        }

        if (spec.Type is "NodePort" or "LoadBalancer" && string.IsNullOrEmpty(spec.ExternalTrafficPolicy))
        {
            spec.ExternalTrafficPolicy = "Cluster";
        }

        if (spec.Type == "LoadBalancer")
        {
            spec.AllocateLoadBalancerNodePorts ??= true;
        }
    }

    /// <summary>The pod's QoS class as Kubernetes computes it (qos.GetPodQOS) over cpu and memory.</summary>
    public static string QosClass(V1PodSpec spec)
    {
        var requests = new Dictionary<string, decimal>();
        var limits = new Dictionary<string, decimal>();
        var guaranteed = true;
        foreach (var c in (spec.Containers ?? []).Concat(spec.InitContainers ?? []))
        {
            foreach (var (name, q) in c.Resources?.Requests ?? new Dictionary<string, ResourceQuantity>())
            {
                if (name is "cpu" or "memory" && q is not null && (decimal)q > 0)
                {
                    requests[name] = requests.GetValueOrDefault(name) + (decimal)q;
                }
            }

            var found = 0;
            foreach (var (name, q) in c.Resources?.Limits ?? new Dictionary<string, ResourceQuantity>())
            {
                if (name is "cpu" or "memory" && q is not null && (decimal)q > 0)
                {
                    found++;
                    limits[name] = limits.GetValueOrDefault(name) + (decimal)q;
                }
            }

            if (found < 2)
            {
                guaranteed = false;
            }
        }

        if (requests.Count == 0 && limits.Count == 0)
        {
            return "BestEffort";
        }

        if (guaranteed)
        {
            foreach (var (name, req) in requests)
            {
                if (!limits.TryGetValue(name, out var lim) || lim != req)
                {
                    guaranteed = false;
                    break;
                }
            }
        }

        return guaranteed && requests.Count == limits.Count ? "Guaranteed" : "Burstable";
    }
}
