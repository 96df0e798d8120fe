using System.Globalization;
using ActorKube.Core.Objects;

namespace ActorKube.Core.Controllers.Deployment;

/// <summary>The helpers of pkg/controller/deployment/util that the sync logic uses.</summary>
public static class DeploymentUtil
{
    public const string RevisionHistoryAnnotation = "deployment.kubernetes.io/revision-history";
    public const string LastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration";
    public const string RollbackToAnnotation = "deprecated.deployment.rollback.to";

    public const string RecreateStrategy = "Recreate";
    public const string RollingUpdateStrategy = "RollingUpdate";

    public const string ConditionAvailable = "Available";
    public const string ConditionProgressing = "Progressing";
    public const string ConditionReplicaFailure = "ReplicaFailure";

    public const string MinimumReplicasAvailable = "MinimumReplicasAvailable";
    public const string MinimumReplicasUnavailable = "MinimumReplicasUnavailable";
    public const string NewReplicaSetReason = "NewReplicaSetCreated";
    public const string FoundNewRSReason = "FoundNewReplicaSet";
    public const string ReplicaSetUpdatedReason = "ReplicaSetUpdated";
    public const string NewRSAvailableReason = "NewReplicaSetAvailable";
    public const string TimedOutReason = "ProgressDeadlineExceeded";
    public const string PausedDeployReason = "DeploymentPaused";
    public const string ResumedDeployReason = "DeploymentResumed";

    /// <summary>API defaults (applied here too, in case an object was stored without defaulting).</summary>
    public const int DefaultRevisionHistoryLimit = 10;
    public const int DefaultProgressDeadlineSeconds = 600;

    public static int Replicas(V1Deployment d) => d.Spec.Replicas ?? 1;

    public static int Replicas(V1ReplicaSet rs) => rs.Spec.Replicas ?? 1;

    public static bool IsRollingUpdate(V1Deployment d) => d.Spec.Strategy?.Type != RecreateStrategy;

    /// <summary>intstr.GetScaledValueFromIntOrPercent.</summary>
    public static int ScaledValue(IntOrString? value, int total, bool roundUp, int defaultValue)
    {
        var s = value?.Value;
        if (string.IsNullOrEmpty(s))
        {
            return defaultValue;
        }

        if (s.EndsWith('%'))
        {
            var pct = int.Parse(s[..^1], NumberStyles.Integer, CultureInfo.InvariantCulture);
            var scaled = (double)pct * total / 100.0;
            return roundUp ? (int)Math.Ceiling(scaled) : (int)Math.Floor(scaled);
        }

        return int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture);
    }

    /// <summary>ResolveFenceposts: surge rounds up, unavailable rounds down, and both 0 means unavailable 1.</summary>
    public static (int MaxSurge, int MaxUnavailable) ResolveFenceposts(IntOrString? maxSurge, IntOrString? maxUnavailable, int desired)
    {
        var surge = ScaledValue(maxSurge, desired, roundUp: true, defaultValue: Percent25(desired, true));
        var unavailable = ScaledValue(maxUnavailable, desired, roundUp: false, defaultValue: Percent25(desired, false));
        if (surge == 0 && unavailable == 0)
        {
            unavailable = 1;
        }

        return (surge, unavailable);
    }

    public static int MaxSurge(V1Deployment d) =>
        IsRollingUpdate(d) ? ResolveFenceposts(d.Spec.Strategy?.RollingUpdate?.MaxSurge, d.Spec.Strategy?.RollingUpdate?.MaxUnavailable, Replicas(d)).MaxSurge : 0;

    public static int MaxUnavailable(V1Deployment d)
    {
        if (!IsRollingUpdate(d) || Replicas(d) == 0)
        {
            return 0;
        }

        var (_, unavailable) = ResolveFenceposts(d.Spec.Strategy?.RollingUpdate?.MaxSurge, d.Spec.Strategy?.RollingUpdate?.MaxUnavailable, Replicas(d));
        return Math.Min(unavailable, Replicas(d));
    }

    public static int ReplicaCount(IEnumerable<V1ReplicaSet?> rss) => rss.Sum(rs => rs is null ? 0 : Replicas(rs));

    public static int ActualReplicaCount(IEnumerable<V1ReplicaSet?> rss) => rss.Sum(rs => rs?.Status?.Replicas ?? 0);

    public static int ReadyReplicaCount(IEnumerable<V1ReplicaSet?> rss) => rss.Sum(rs => rs?.Status?.ReadyReplicas ?? 0);

    public static int AvailableReplicaCount(IEnumerable<V1ReplicaSet?> rss) => rss.Sum(rs => rs?.Status?.AvailableReplicas ?? 0);

    public static List<V1ReplicaSet> FilterActive(IEnumerable<V1ReplicaSet?> rss) =>
        rss.Where(rs => rs is not null && Replicas(rs) > 0).Select(rs => rs!).ToList();

    public static long Revision(IMetadata<V1ObjectMeta> obj) =>
        obj.Metadata?.Annotations is { } a && a.TryGetValue(WellKnown.DeploymentRevisionAnnotation, out var v) &&
        long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var r) ? r : 0;

    public static long MaxRevision(IEnumerable<V1ReplicaSet> rss) => rss.Select(Revision).DefaultIfEmpty(0).Max();

    /// <summary>ReplicaSetsByCreationTimestamp: oldest first, then by name.</summary>
    public static List<V1ReplicaSet> ByCreation(IEnumerable<V1ReplicaSet> rss) =>
        rss.OrderBy(r => r.Metadata.CreationTimestamp ?? DateTime.MinValue).ThenBy(r => r.Metadata.Name, StringComparer.Ordinal).ToList();

    /// <summary>ReplicaSetsByRevision: lowest revision first, then oldest.</summary>
    public static List<V1ReplicaSet> ByRevision(IEnumerable<V1ReplicaSet> rss) =>
        rss.OrderBy(Revision).ThenBy(r => r.Metadata.CreationTimestamp ?? DateTime.MinValue).ThenBy(r => r.Metadata.Name, StringComparer.Ordinal).ToList();

    /// <summary>FindNewReplicaSet: the oldest ReplicaSet whose template equals the deployment's (ignoring the hash label).</summary>
    public static V1ReplicaSet? FindNewReplicaSet(V1Deployment d, IEnumerable<V1ReplicaSet> rss) =>
        ByCreation(rss).FirstOrDefault(rs => PodTemplateHash.EqualIgnoreHash(rs.Spec.Template, d.Spec.Template));

    /// <summary>IsSaturated: the new ReplicaSet has all the desired replicas, all available.</summary>
    public static bool IsSaturated(V1Deployment d, V1ReplicaSet? rs)
    {
        if (rs is null)
        {
            return false;
        }

        var desired = rs.Metadata.Annotations is { } a && a.TryGetValue(WellKnown.DesiredReplicasAnnotation, out var s) &&
            int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : -1;
        return desired == Replicas(d) && Replicas(rs) == Replicas(d) && (rs.Status?.AvailableReplicas ?? 0) == Replicas(d);
    }

    public static bool ReplicasAnnotationsNeedUpdate(V1ReplicaSet rs, int desired, int max)
    {
        var a = rs.Metadata.Annotations;
        return a is null ||
            !a.TryGetValue(WellKnown.DesiredReplicasAnnotation, out var d) || d != desired.ToString(CultureInfo.InvariantCulture) ||
            !a.TryGetValue(WellKnown.MaxReplicasAnnotation, out var m) || m != max.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>SetReplicasAnnotations on a copy the caller owns; true if changed.</summary>
    public static bool SetReplicasAnnotations(V1ReplicaSet rs, int desired, int max)
    {
        if (!ReplicasAnnotationsNeedUpdate(rs, desired, max))
        {
            return false;
        }

        rs.Metadata.Annotations ??= new Dictionary<string, string>();
        rs.Metadata.Annotations[WellKnown.DesiredReplicasAnnotation] = desired.ToString(CultureInfo.InvariantCulture);
        rs.Metadata.Annotations[WellKnown.MaxReplicasAnnotation] = max.ToString(CultureInfo.InvariantCulture);
        return true;
    }

    private static bool SkipCopyAnnotation(string key) =>
        key is LastAppliedAnnotation or WellKnown.DeploymentRevisionAnnotation or RevisionHistoryAnnotation
            or WellKnown.DesiredReplicasAnnotation or WellKnown.MaxReplicasAnnotation or RollbackToAnnotation;

    /// <summary>
    /// SetNewReplicaSetAnnotations on a copy the caller owns: copies the deployment's annotations
    /// (so the trace id travels), raises the revision, keeps the revision history on a rollback.
    /// </summary>
    public static bool SetNewReplicaSetAnnotations(V1Deployment d, V1ReplicaSet rs, string newRevision, bool exists)
    {
        rs.Metadata.Annotations ??= new Dictionary<string, string>();
        var changed = false;
        if (d.Metadata.Annotations is { } da)
        {
            foreach (var (k, v) in da)
            {
                if (SkipCopyAnnotation(k) || (rs.Metadata.Annotations.TryGetValue(k, out var cur) && cur == v))
                {
                    continue;
                }

                rs.Metadata.Annotations[k] = v;
                changed = true;
            }
        }

        var hasOld = rs.Metadata.Annotations.TryGetValue(WellKnown.DeploymentRevisionAnnotation, out var oldRevision);
        long oldRev = 0;
        if (hasOld && !long.TryParse(oldRevision, NumberStyles.Integer, CultureInfo.InvariantCulture, out oldRev))
        {
            return false;
        }

        var newRev = long.Parse(newRevision, NumberStyles.Integer, CultureInfo.InvariantCulture);
        if (oldRev < newRev)
        {
            rs.Metadata.Annotations[WellKnown.DeploymentRevisionAnnotation] = newRevision;
            changed = true;
            if (hasOld)
            {
                // A rollback: keep the revisions this template had before.
                rs.Metadata.Annotations[RevisionHistoryAnnotation] =
                    rs.Metadata.Annotations.TryGetValue(RevisionHistoryAnnotation, out var h) && h.Length > 0 ? $"{h},{oldRevision}" : oldRevision!;
            }
        }

        if (!exists && SetReplicasAnnotations(rs, Replicas(d), Replicas(d) + MaxSurge(d)))
        {
            changed = true;
        }

        return changed;
    }

    /// <summary>NewRSNewReplicas: how big the new ReplicaSet may be now.</summary>
    public static int NewRSNewReplicas(V1Deployment d, IEnumerable<V1ReplicaSet?> allRss, V1ReplicaSet newRs)
    {
        if (!IsRollingUpdate(d))
        {
            return Replicas(d);
        }

        var maxSurge = MaxSurge(d);
        var current = ReplicaCount(allRss);
        var maxTotal = Replicas(d) + maxSurge;
        if (current >= maxTotal)
        {
            return Replicas(newRs);
        }

        var scaleUp = Math.Min(maxTotal - current, Replicas(d) - Replicas(newRs));
        return Replicas(newRs) + scaleUp;
    }

    public static bool HasProgressDeadline(V1Deployment d) => (d.Spec.ProgressDeadlineSeconds ?? DefaultProgressDeadlineSeconds) != int.MaxValue;

    public static V1DeploymentCondition? GetCondition(V1DeploymentStatus? status, string type) =>
        status?.Conditions?.FirstOrDefault(c => c.Type == type);

    public static V1DeploymentCondition NewCondition(string type, string status, string reason, string message, DateTime now) => new()
    {
        Type = type,
        Status = status,
        Reason = reason,
        Message = message,
        LastUpdateTime = now,
        LastTransitionTime = now,
    };

    /// <summary>SetDeploymentCondition on a status the caller owns; keeps lastTransitionTime when the status stays.</summary>
    public static void SetCondition(V1DeploymentStatus status, V1DeploymentCondition condition)
    {
        var current = GetCondition(status, condition.Type);
        if (current is not null && current.Status == condition.Status && current.Reason == condition.Reason)
        {
            return;
        }

        if (current is not null && current.Status == condition.Status)
        {
            condition.LastTransitionTime = current.LastTransitionTime;
        }

        var list = status.Conditions?.Where(c => c.Type != condition.Type).ToList() ?? [];
        list.Add(condition);
        status.Conditions = list;
    }

    public static void RemoveCondition(V1DeploymentStatus status, string type)
    {
        if (status.Conditions is not null)
        {
            status.Conditions = status.Conditions.Where(c => c.Type != type).ToList();
        }
    }

    /// <summary>DeploymentComplete: all replicas updated and available, and the latest generation observed.</summary>
    public static bool DeploymentComplete(V1Deployment d, V1DeploymentStatus s) =>
        (s.UpdatedReplicas ?? 0) == Replicas(d) && (s.Replicas ?? 0) == Replicas(d) && (s.AvailableReplicas ?? 0) == Replicas(d) &&
        (s.ObservedGeneration ?? 0) >= (d.Metadata.Generation ?? 0);

    /// <summary>DeploymentProgressing: more updated, fewer old, more ready or more available pods than before.</summary>
    public static bool DeploymentProgressing(V1Deployment d, V1DeploymentStatus s)
    {
        var old = d.Status ?? new V1DeploymentStatus();
        var oldOld = (old.Replicas ?? 0) - (old.UpdatedReplicas ?? 0);
        var newOld = (s.Replicas ?? 0) - (s.UpdatedReplicas ?? 0);
        return (s.UpdatedReplicas ?? 0) > (old.UpdatedReplicas ?? 0) || newOld < oldOld ||
            (s.ReadyReplicas ?? 0) > (old.ReadyReplicas ?? 0) || (s.AvailableReplicas ?? 0) > (old.AvailableReplicas ?? 0);
    }

    /// <summary>DeploymentTimedOut: no progress for progressDeadlineSeconds.</summary>
    public static bool DeploymentTimedOut(V1Deployment d, V1DeploymentStatus s, DateTime now)
    {
        if (!HasProgressDeadline(d))
        {
            return false;
        }

        var c = GetCondition(s, ConditionProgressing);
        if (c is null || c.Reason == NewRSAvailableReason)
        {
            return false;
        }

        if (c.Reason == TimedOutReason)
        {
            return true;
        }

        var from = c.LastUpdateTime ?? c.LastTransitionTime ?? now;
        return from.AddSeconds(d.Spec.ProgressDeadlineSeconds ?? DefaultProgressDeadlineSeconds) < now;
    }

    private static int Percent25(int total, bool roundUp) =>
        roundUp ? (int)Math.Ceiling(total * 0.25) : (int)Math.Floor(total * 0.25);
}
