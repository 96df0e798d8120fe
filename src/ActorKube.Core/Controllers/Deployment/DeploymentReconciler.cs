using System.Globalization;
using ActorKube.Core.Controllers.ReplicaSet;
using ActorKube.Core.Objects;
using static ActorKube.Core.Controllers.Deployment.DeploymentUtil;

namespace ActorKube.Core.Controllers.Deployment;

/// <summary>
/// syncDeployment of pkg/controller/deployment as a pure function over a cache snapshot: claim
/// ReplicaSets, then one of sync (paused or scaling: proportional scaling), rolloutRolling
/// (reconcileNewReplicaSet / reconcileOldReplicaSets within maxSurge and maxUnavailable) or
/// rolloutRecreate, revision history cleanup, and the status with its conditions. Where Kubernetes
/// chains API calls and continues with the returned objects, this continues with local copies and
/// returns the requests in order; several updates of one ReplicaSet are folded into one request.
/// </summary>
public static class DeploymentReconciler
{
    /// <param name="d">The Deployment from the cache.</param>
    /// <param name="replicaSets">ReplicaSets owned by the Deployment and orphan ReplicaSets of its namespace.</param>
    /// <param name="podsByReplicaSetUid">Pods per owning ReplicaSet uid (Recreate waits for old pods to go).</param>
    /// <param name="replicaSetByName">Looks up any ReplicaSet of the namespace by name (hash collisions).</param>
    public static DeploymentSync Sync(
        V1Deployment d,
        IEnumerable<V1ReplicaSet> replicaSets,
        IReadOnlyDictionary<string, IReadOnlyList<V1Pod>>? podsByReplicaSetUid,
        DateTime now,
        Func<string, V1ReplicaSet?>? replicaSetByName = null)
    {
        var ctx = new Ctx(d, now, replicaSetByName);
        if (LabelSelectors.IsEmpty(d.Spec.Selector))
        {
            ctx.Events.Add(new DeploymentEvent("Warning", "SelectingAll", "This deployment is selecting all pods. A non-empty selector is required."));
            if ((ctx.D.Status.ObservedGeneration ?? 0) < (d.Metadata.Generation ?? 0))
            {
                ctx.D.Status.ObservedGeneration = d.Metadata.Generation;
            }

            return ctx.Finish(null);
        }

        var rsList = Claim(ctx, replicaSets);
        if (d.Metadata.DeletionTimestamp is not null)
        {
            var (newRs, oldRss) = GetAllReplicaSetsAndSyncRevision(ctx, rsList, create: false);
            SyncDeploymentStatus(ctx, [.. oldRss, newRs], newRs);
            return ctx.Finish(newRs);
        }

        CheckPausedConditions(ctx);
        if (d.Spec.Paused == true || IsScalingEvent(d, rsList))
        {
            return SyncScale(ctx, rsList);
        }

        return IsRollingUpdate(d) ? RolloutRolling(ctx, rsList) : RolloutRecreate(ctx, rsList, podsByReplicaSetUid);
    }

    // ---- claim ----
    private static List<V1ReplicaSet> Claim(Ctx ctx, IEnumerable<V1ReplicaSet> candidates)
    {
        var d = ctx.Original;
        var deleting = d.Metadata.DeletionTimestamp is not null;
        var result = new List<V1ReplicaSet>();
        foreach (var rs in candidates)
        {
            if (rs.Metadata.NamespaceProperty != d.Metadata.NamespaceProperty)
            {
                continue;
            }

            var matches = LabelSelectors.Matches(d.Spec.Selector, rs.Metadata.Labels);
            var owner = rs.ControllerRef();
            if (owner is not null)
            {
                if (owner.Uid != d.Metadata.Uid)
                {
                    continue;
                }

                if (matches)
                {
                    result.Add(ctx.Working(rs));
                }
                else if (!deleting && rs.Metadata.DeletionTimestamp is null)
                {
                    var released = ctx.Working(rs);
                    released.Metadata.OwnerReferences = rs.Metadata.OwnerReferences!.Where(o => o.Uid != d.Metadata.Uid).ToList();
                    ctx.Update(released);
                }

                continue;
            }

            if (matches && !deleting && rs.Metadata.DeletionTimestamp is null)
            {
                var adopted = ctx.Working(rs);
                adopted.Metadata.OwnerReferences = [.. rs.Metadata.OwnerReferences ?? [], ObjectExtensions.OwnerReferenceTo(d)];
                ctx.Update(adopted);
                result.Add(adopted);
            }
        }

        return result;
    }

    // ---- new / old ReplicaSets ----
    private static (V1ReplicaSet? NewRs, List<V1ReplicaSet> OldRss) GetAllReplicaSetsAndSyncRevision(Ctx ctx, List<V1ReplicaSet> rsList, bool create)
    {
        var existing = FindNewReplicaSet(ctx.D, rsList);
        var oldRss = rsList.Where(rs => !ReferenceEquals(rs, existing)).ToList();
        var newRs = GetNewReplicaSet(ctx, existing, oldRss, create);
        return (newRs, oldRss);
    }

    private static V1ReplicaSet? GetNewReplicaSet(Ctx ctx, V1ReplicaSet? existing, List<V1ReplicaSet> oldRss, bool create)
    {
        var d = ctx.D;
        var newRevision = (MaxRevision(oldRss) + 1).ToString(CultureInfo.InvariantCulture);
        if (existing is not null)
        {
            var annotationsUpdated = SetNewReplicaSetAnnotations(d, existing, newRevision, exists: true);
            var minReadyChanged = (existing.Spec.MinReadySeconds ?? 0) != (d.Spec.MinReadySeconds ?? 0);
            if (annotationsUpdated || minReadyChanged)
            {
                existing.Spec.MinReadySeconds = d.Spec.MinReadySeconds;
                ctx.Update(existing);
                return existing;
            }

            ctx.SetRevision(existing.Metadata.Annotations![WellKnown.DeploymentRevisionAnnotation]);
            if (HasProgressDeadline(d) && GetCondition(d.Status, ConditionProgressing) is null)
            {
                SetCondition(d.Status, NewCondition(ConditionProgressing, "True", FoundNewRSReason, $"Found new replica set \"{existing.Metadata.Name}\"", ctx.Now));
            }

            return existing;
        }

        if (!create)
        {
            return null;
        }

        var hash = PodTemplateHash.Compute(d.Spec.Template, d.Status.CollisionCount);
        var template = KubeSerializer.DeepCopy(d.Spec.Template);
        template.Metadata ??= new V1ObjectMeta();
        template.Metadata.Labels = new Dictionary<string, string>(template.Metadata.Labels ?? new Dictionary<string, string>())
        {
            [WellKnown.PodTemplateHashLabel] = hash,
        };
        var selector = KubeSerializer.DeepCopy(d.Spec.Selector);
        selector.MatchLabels = new Dictionary<string, string>(selector.MatchLabels ?? new Dictionary<string, string>())
        {
            [WellKnown.PodTemplateHashLabel] = hash,
        };
        var name = $"{d.Metadata.Name}-{hash}";

        if (ctx.ByName?.Invoke(name) is { } clash)
        {
            if (clash.ControllerRef()?.Uid == d.Metadata.Uid && PodTemplateHash.EqualIgnoreHash(clash.Spec.Template, d.Spec.Template))
            {
                // Created by an earlier sync whose result the cache had not shown yet.
                var found = ctx.Working(clash);
                ctx.SetRevision(newRevision);
                return found;
            }

            // Another object took the name: bump collisionCount so the next hash differs, and requeue.
            d.Status.CollisionCount = (d.Status.CollisionCount ?? 0) + 1;
            ctx.Aborted = true;
            return null;
        }

        var newRs = new V1ReplicaSet
        {
            ApiVersion = "apps/v1",
            Kind = "ReplicaSet",
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = d.Metadata.NamespaceProperty,
                OwnerReferences = [ObjectExtensions.OwnerReferenceTo(ctx.Original)],
                Labels = new Dictionary<string, string>(template.Metadata.Labels),
            },
            Spec = new V1ReplicaSetSpec
            {
                Replicas = 0,
                MinReadySeconds = d.Spec.MinReadySeconds,
                Selector = selector,
                Template = template,
            },
        };
        var count = NewRSNewReplicas(d, [.. oldRss, newRs], newRs);
        newRs.Spec.Replicas = count;
        SetNewReplicaSetAnnotations(d, newRs, newRevision, exists: false);
        ctx.Emit(new CreateReplicaSet(newRs)
        {
            Event = count > 0 ? new DeploymentEvent("Normal", "ScalingReplicaSet", $"Scaled up replica set {name} to {count} from 0") : null,
        });
        ctx.Created = newRs;
        ctx.SetRevision(newRevision);
        if (HasProgressDeadline(d))
        {
            SetCondition(d.Status, NewCondition(ConditionProgressing, "True", NewReplicaSetReason, $"Created new replica set \"{name}\"", ctx.Now));
        }

        return newRs;
    }

    private static bool IsScalingEvent(V1Deployment d, List<V1ReplicaSet> rsList)
    {
        foreach (var rs in FilterActive(rsList))
        {
            if (rs.Metadata.Annotations is { } a && a.TryGetValue(WellKnown.DesiredReplicasAnnotation, out var s) &&
                int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var desired) && desired != Replicas(d))
            {
                return true;
            }
        }

        return false;
    }

    private static void CheckPausedConditions(Ctx ctx)
    {
        var d = ctx.D;
        if (!HasProgressDeadline(d))
        {
            return;
        }

        var cond = GetCondition(d.Status, ConditionProgressing);
        if (cond?.Reason == TimedOutReason)
        {
            return;
        }

        var pausedExists = cond?.Reason == PausedDeployReason;
        if (d.Spec.Paused == true && !pausedExists)
        {
            SetCondition(d.Status, NewCondition(ConditionProgressing, "Unknown", PausedDeployReason, "Deployment is paused", ctx.Now));
        }
        else if (d.Spec.Paused != true && pausedExists)
        {
            SetCondition(d.Status, NewCondition(ConditionProgressing, "Unknown", ResumedDeployReason, "Deployment is resumed", ctx.Now));
        }
    }

    // ---- sync: scaling and paused deployments ----
    private static DeploymentSync SyncScale(Ctx ctx, List<V1ReplicaSet> rsList)
    {
        var (newRs, oldRss) = GetAllReplicaSetsAndSyncRevision(ctx, rsList, create: false);
        if (ctx.Aborted)
        {
            return ctx.Finish(newRs);
        }

        Scale(ctx, newRs, oldRss);
        if (ctx.D.Spec.Paused == true)
        {
            Cleanup(ctx, oldRss);
        }

        SyncDeploymentStatus(ctx, [.. oldRss, newRs], newRs);
        return ctx.Finish(newRs);
    }

    private static void Scale(Ctx ctx, V1ReplicaSet? newRs, List<V1ReplicaSet> oldRss)
    {
        var d = ctx.D;
        if (FindActiveOrLatest(newRs, oldRss) is { } activeOrLatest)
        {
            if (Replicas(activeOrLatest) != Replicas(d))
            {
                ScaleAndRecord(ctx, activeOrLatest, Replicas(d));
            }

            return;
        }

        if (IsSaturated(d, newRs))
        {
            foreach (var old in FilterActive(oldRss))
            {
                ScaleAndRecord(ctx, old, 0);
            }

            return;
        }

        if (!IsRollingUpdate(d))
        {
            return;
        }

        // Proportional scaling: spread the change over the active ReplicaSets by their size.
        var all = FilterActive([.. oldRss, newRs]);
        var allReplicas = ReplicaCount(all);
        var allowed = Replicas(d) > 0 ? Replicas(d) + MaxSurge(d) : 0;
        var toAdd = allowed - allReplicas;
        var operation = "";
        if (toAdd > 0)
        {
            // ReplicaSetsBySizeNewer: larger first, then newer first.
            all = all.OrderByDescending(Replicas).ThenByDescending(r => r.Metadata.CreationTimestamp ?? DateTime.MinValue).ToList();
            operation = "up";
        }
        else if (toAdd < 0)
        {
            // ReplicaSetsBySizeOlder: larger first, then older first.
            all = all.OrderByDescending(Replicas).ThenBy(r => r.Metadata.CreationTimestamp ?? DateTime.MinValue).ToList();
            operation = "down";
        }

        var added = 0;
        var sizes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var rs in all)
        {
            if (toAdd != 0)
            {
                var proportion = Proportion(rs, d, toAdd, added);
                sizes[rs.Metadata.Name] = Replicas(rs) + proportion;
                added += proportion;
            }
            else
            {
                sizes[rs.Metadata.Name] = Replicas(rs);
            }
        }

        for (var i = 0; i < all.Count; i++)
        {
            var rs = all[i];
            if (i == 0 && toAdd != 0)
            {
                sizes[rs.Metadata.Name] = Math.Max(0, sizes[rs.Metadata.Name] + toAdd - added);
            }

            ScaleReplicaSet(ctx, rs, sizes[rs.Metadata.Name], operation);
        }
    }

    private static V1ReplicaSet? FindActiveOrLatest(V1ReplicaSet? newRs, List<V1ReplicaSet> oldRss)
    {
        if (newRs is null && oldRss.Count == 0)
        {
            return null;
        }

        var latestFirst = ByCreation(oldRss);
        latestFirst.Reverse();
        var active = FilterActive([.. latestFirst, newRs]);
        return active.Count switch
        {
            0 => newRs ?? latestFirst[0],
            1 => active[0],
            _ => null,
        };
    }

    private static int Proportion(V1ReplicaSet rs, V1Deployment d, int toAdd, int added)
    {
        if (Replicas(rs) == 0 || toAdd == 0 || toAdd == added)
        {
            return 0;
        }

        int fraction;
        if (Replicas(d) == 0)
        {
            fraction = -Replicas(rs);
        }
        else
        {
            var deploymentReplicas = Replicas(d) + MaxSurge(d);
            var annotated = rs.Metadata.Annotations is { } a && a.TryGetValue(WellKnown.MaxReplicasAnnotation, out var s) &&
                int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var m) ? m : d.Status.Replicas ?? 0;
            var size = annotated == 0 ? Replicas(rs) : (double)Replicas(rs) * deploymentReplicas / annotated;
            fraction = (int)Math.Round(size, MidpointRounding.AwayFromZero) - Replicas(rs);
        }

        var allowed = toAdd - added;
        return toAdd > 0 ? Math.Min(fraction, allowed) : Math.Max(fraction, allowed);
    }

    // ---- scaling one ReplicaSet ----
    private static bool ScaleAndRecord(Ctx ctx, V1ReplicaSet rs, int newScale)
    {
        if (Replicas(rs) == newScale)
        {
            return false;
        }

        return ScaleReplicaSet(ctx, rs, newScale, Replicas(rs) < newScale ? "up" : "down");
    }

    private static bool ScaleReplicaSet(Ctx ctx, V1ReplicaSet rs, int newScale, string operation)
    {
        var d = ctx.D;
        var sizeChanged = Replicas(rs) != newScale;
        var desired = Replicas(d);
        var max = desired + MaxSurge(d);
        if (!sizeChanged && !ReplicasAnnotationsNeedUpdate(rs, desired, max))
        {
            return false;
        }

        var oldScale = Replicas(rs);
        rs.Spec.Replicas = newScale;
        SetReplicasAnnotations(rs, desired, max);
        ctx.Update(rs, sizeChanged ? (oldScale, operation) : null);
        return sizeChanged;
    }

    // ---- RollingUpdate ----
    private static DeploymentSync RolloutRolling(Ctx ctx, List<V1ReplicaSet> rsList)
    {
        var (newRs, oldRss) = GetAllReplicaSetsAndSyncRevision(ctx, rsList, create: true);
        if (newRs is null)
        {
            return ctx.Finish(null);
        }

        List<V1ReplicaSet?> all = [.. oldRss, newRs];
        if (ReconcileNewReplicaSet(ctx, all, newRs))
        {
            return SyncRolloutStatus(ctx, all, newRs);
        }

        if (ReconcileOldReplicaSets(ctx, all, FilterActive(oldRss), newRs))
        {
            return SyncRolloutStatus(ctx, all, newRs);
        }

        if (DeploymentComplete(ctx.D, ctx.D.Status))
        {
            Cleanup(ctx, oldRss);
        }

        return SyncRolloutStatus(ctx, all, newRs);
    }

    private static bool ReconcileNewReplicaSet(Ctx ctx, List<V1ReplicaSet?> all, V1ReplicaSet newRs)
    {
        var d = ctx.D;
        if (Replicas(newRs) == Replicas(d))
        {
            return false;
        }

        if (Replicas(newRs) > Replicas(d))
        {
            return ScaleAndRecord(ctx, newRs, Replicas(d));
        }

        return ScaleAndRecord(ctx, newRs, NewRSNewReplicas(d, all, newRs));
    }

    private static bool ReconcileOldReplicaSets(Ctx ctx, List<V1ReplicaSet?> all, List<V1ReplicaSet> oldRss, V1ReplicaSet newRs)
    {
        var d = ctx.D;
        if (ReplicaCount(oldRss) == 0)
        {
            return false;
        }

        var allPods = ReplicaCount(all);
        var minAvailable = Replicas(d) - MaxUnavailable(d);
        var newUnavailable = Replicas(newRs) - (newRs.Status?.AvailableReplicas ?? 0);
        var maxScaledDown = allPods - minAvailable - newUnavailable;
        if (maxScaledDown <= 0)
        {
            return false;
        }

        // Old pods that are not available cost nothing to remove: clean them up first.
        var cleaned = CleanupUnhealthyReplicas(ctx, oldRss, maxScaledDown);
        var active = FilterActive([.. oldRss, newRs]);
        var scaledDown = ScaleDownOldReplicaSetsForRollingUpdate(ctx, active, oldRss);
        return cleaned + scaledDown > 0;
    }

    private static int CleanupUnhealthyReplicas(Ctx ctx, List<V1ReplicaSet> oldRss, int maxCleanup)
    {
        var total = 0;
        foreach (var rs in ByCreation(oldRss))
        {
            if (total >= maxCleanup)
            {
                break;
            }

            var available = rs.Status?.AvailableReplicas ?? 0;
            if (Replicas(rs) == 0 || Replicas(rs) == available)
            {
                continue;
            }

            var count = Math.Min(maxCleanup - total, Replicas(rs) - available);
            ScaleAndRecord(ctx, rs, Replicas(rs) - count);
            total += count;
        }

        return total;
    }

    private static int ScaleDownOldReplicaSetsForRollingUpdate(Ctx ctx, List<V1ReplicaSet> all, List<V1ReplicaSet> oldRss)
    {
        var d = ctx.D;
        var minAvailable = Replicas(d) - MaxUnavailable(d);
        var available = AvailableReplicaCount(all);
        if (available <= minAvailable)
        {
            return 0;
        }

        var total = 0;
        var toScaleDown = available - minAvailable;
        foreach (var rs in ByCreation(oldRss))
        {
            if (total >= toScaleDown)
            {
                break;
            }

            if (Replicas(rs) == 0)
            {
                continue;
            }

            var count = Math.Min(Replicas(rs), toScaleDown - total);
            ScaleAndRecord(ctx, rs, Replicas(rs) - count);
            total += count;
        }

        return total;
    }

    // ---- Recreate ----
    private static DeploymentSync RolloutRecreate(Ctx ctx, List<V1ReplicaSet> rsList, IReadOnlyDictionary<string, IReadOnlyList<V1Pod>>? podMap)
    {
        var (newRs, oldRss) = GetAllReplicaSetsAndSyncRevision(ctx, rsList, create: false);
        List<V1ReplicaSet?> all = [.. oldRss, newRs];

        var scaledDown = false;
        foreach (var rs in FilterActive(oldRss))
        {
            scaledDown |= ScaleAndRecord(ctx, rs, 0);
        }

        if (scaledDown || OldPodsRunning(newRs, oldRss, podMap))
        {
            return SyncRolloutStatus(ctx, all, newRs);
        }

        if (newRs is null)
        {
            (newRs, oldRss) = GetAllReplicaSetsAndSyncRevision(ctx, rsList, create: true);
            if (newRs is null)
            {
                return ctx.Finish(null);
            }

            all = [.. oldRss, newRs];
        }

        ScaleAndRecord(ctx, newRs, Replicas(ctx.D));
        if (DeploymentComplete(ctx.D, ctx.D.Status))
        {
            Cleanup(ctx, oldRss);
        }

        return SyncRolloutStatus(ctx, all, newRs);
    }

    private static bool OldPodsRunning(V1ReplicaSet? newRs, List<V1ReplicaSet> oldRss, IReadOnlyDictionary<string, IReadOnlyList<V1Pod>>? podMap)
    {
        if (ActualReplicaCount(oldRss) > 0)
        {
            return true;
        }

        if (podMap is null)
        {
            return false;
        }

        foreach (var (uid, pods) in podMap)
        {
            if (newRs is not null && newRs.Metadata.Uid == uid)
            {
                continue;
            }

            if (pods.Any(p => p.Status?.Phase is not ("Failed" or "Succeeded")))
            {
                return true;
            }
        }

        return false;
    }

    // ---- history ----
    private static void Cleanup(Ctx ctx, List<V1ReplicaSet> oldRss)
    {
        var limit = ctx.D.Spec.RevisionHistoryLimit ?? DefaultRevisionHistoryLimit;
        var cleanable = oldRss.Where(rs => rs.Metadata.DeletionTimestamp is null).ToList();
        var diff = cleanable.Count - limit;
        if (diff <= 0)
        {
            return;
        }

        foreach (var rs in ByRevision(cleanable).Take(diff))
        {
            if ((rs.Status?.Replicas ?? 0) != 0 || Replicas(rs) != 0 || (rs.Metadata.Generation ?? 0) > (rs.Status?.ObservedGeneration ?? 0))
            {
                continue;
            }

            ctx.Emit(new DeleteReplicaSet(rs));
        }
    }

    // ---- status ----
    private static V1DeploymentStatus CalculateStatus(Ctx ctx, List<V1ReplicaSet?> all, V1ReplicaSet? newRs)
    {
        var d = ctx.D;
        var available = AvailableReplicaCount(all);
        var total = ReplicaCount(all);
        var status = new V1DeploymentStatus
        {
            ObservedGeneration = d.Metadata.Generation,
            Replicas = ActualReplicaCount(all),
            UpdatedReplicas = ActualReplicaCount([newRs]),
            ReadyReplicas = ReadyReplicaCount(all),
            AvailableReplicas = available,
            UnavailableReplicas = Math.Max(0, total - available),
            CollisionCount = d.Status.CollisionCount,
            Conditions = d.Status.Conditions?.Select(c => c with { }).ToList(),
        };
        if (available >= Replicas(d) - MaxUnavailable(d))
        {
            SetCondition(status, NewCondition(ConditionAvailable, "True", MinimumReplicasAvailable, "Deployment has minimum availability.", ctx.Now));
        }
        else
        {
            SetCondition(status, NewCondition(ConditionAvailable, "False", MinimumReplicasUnavailable, "Deployment does not have minimum availability.", ctx.Now));
        }

        return status;
    }

    private static void SyncDeploymentStatus(Ctx ctx, List<V1ReplicaSet?> all, V1ReplicaSet? newRs) =>
        ctx.D.Status = CalculateStatus(ctx, all, newRs);

    private static DeploymentSync SyncRolloutStatus(Ctx ctx, List<V1ReplicaSet?> all, V1ReplicaSet? newRs)
    {
        var d = ctx.D;
        var status = CalculateStatus(ctx, all, newRs);
        if (!HasProgressDeadline(d))
        {
            RemoveCondition(status, ConditionProgressing);
        }

        var current = GetCondition(d.Status, ConditionProgressing);
        var complete = status.Replicas == status.UpdatedReplicas && current?.Reason == NewRSAvailableReason;
        TimeSpan? requeue = null;
        if (HasProgressDeadline(d) && !complete)
        {
            if (DeploymentComplete(d, status))
            {
                var msg = newRs is null ? $"Deployment \"{d.Metadata.Name}\" has successfully progressed." : $"ReplicaSet \"{newRs.Metadata.Name}\" has successfully progressed.";
                SetCondition(status, NewCondition(ConditionProgressing, "True", NewRSAvailableReason, msg, ctx.Now));
            }
            else if (DeploymentProgressing(d, status))
            {
                var msg = newRs is null ? $"Deployment \"{d.Metadata.Name}\" is progressing." : $"ReplicaSet \"{newRs.Metadata.Name}\" is progressing.";
                var cond = NewCondition(ConditionProgressing, "True", ReplicaSetUpdatedReason, msg, ctx.Now);
                if (current is not null)
                {
                    if (current.Status == "True")
                    {
                        cond.LastTransitionTime = current.LastTransitionTime;
                    }

                    RemoveCondition(status, ConditionProgressing);
                }

                SetCondition(status, cond);
            }
            else if (DeploymentTimedOut(d, status, ctx.Now))
            {
                var msg = newRs is null ? $"Deployment \"{d.Metadata.Name}\" has timed out progressing." : $"ReplicaSet \"{newRs.Metadata.Name}\" has timed out progressing.";
                SetCondition(status, NewCondition(ConditionProgressing, "False", TimedOutReason, msg, ctx.Now));
            }

            // requeueStuckDeployment: look again when the progress deadline would pass.
            var progressing = GetCondition(status, ConditionProgressing);
            if (progressing is not null && progressing.Reason != TimedOutReason && !DeploymentComplete(d, status))
            {
                var from = progressing.LastUpdateTime ?? ctx.Now;
                var after = from.AddSeconds(d.Spec.ProgressDeadlineSeconds ?? DefaultProgressDeadlineSeconds) - ctx.Now;
                requeue = after < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : after;
            }
        }

        d.Status = status;
        return ctx.Finish(newRs, requeue);
    }

    /// <summary>The state of one sync: the deployment copy whose status changes, and the requests so far.</summary>
    private sealed class Ctx(V1Deployment d, DateTime now, Func<string, V1ReplicaSet?>? byName)
    {
        private readonly List<DeploymentAction> _actions = [];
        private readonly Dictionary<string, (int From, string Operation)> _scaledFrom = new(StringComparer.Ordinal);
        private readonly string _originalStatus = KubeSerializer.ToJson(d.Status ?? new V1DeploymentStatus());
        private string? _revision;

        public V1Deployment Original { get; } = d;

        public V1Deployment D { get; } = d with
        {
            Metadata = d.Metadata with { Annotations = d.Metadata.Annotations is null ? null : new Dictionary<string, string>(d.Metadata.Annotations) },
            Status = d.Status is null ? new V1DeploymentStatus() : d.Status with { Conditions = d.Status.Conditions?.Select(c => c with { }).ToList() },
        };

        public DateTime Now { get; } = now;

        public Func<string, V1ReplicaSet?>? ByName { get; } = byName;

        public List<DeploymentEvent> Events { get; } = [];

        public V1ReplicaSet? Created { get; set; }

        public bool Aborted { get; set; }

        /// <summary>A copy of a cached ReplicaSet whose metadata, annotations and spec this sync may change.</summary>
        public V1ReplicaSet Working(V1ReplicaSet rs) => rs with
        {
            Metadata = rs.Metadata with { Annotations = rs.Metadata.Annotations is null ? null : new Dictionary<string, string>(rs.Metadata.Annotations) },
            Spec = rs.Spec with { },
        };

        public void SetRevision(string revision)
        {
            string? current = null;
            D.Metadata.Annotations?.TryGetValue(WellKnown.DeploymentRevisionAnnotation, out current);
            if (current != revision)
            {
                D.Metadata.Annotations ??= new Dictionary<string, string>();
                D.Metadata.Annotations[WellKnown.DeploymentRevisionAnnotation] = revision;
                _revision = revision;
            }
        }

        /// <summary>
        /// Asks for an update of a working ReplicaSet, folded into an earlier request for the same one
        /// (one request per object per sync: a second one would carry a stale resourceVersion).
        /// </summary>
        public void Update(V1ReplicaSet rs, (int From, string Operation)? scaled = null)
        {
            var name = rs.Metadata.Name;
            if (scaled is { } sc)
            {
                _scaledFrom.TryAdd(name, sc);
            }

            var snapshot = Snapshot(rs);
            for (var i = 0; i < _actions.Count; i++)
            {
                switch (_actions[i])
                {
                    case CreateReplicaSet c when c.ReplicaSet.Metadata.Name == name:
                        var count = snapshot.Spec.Replicas ?? 0;
                        _actions[i] = c with { ReplicaSet = snapshot, Event = count > 0 ? ScalingEvent(name, "up", count, 0) : null };
                        return;
                    case UpdateReplicaSet u when u.ReplicaSet.Metadata.Name == name:
                        _actions[i] = u with { ReplicaSet = snapshot, Event = EventFor(snapshot) };
                        return;
                }
            }

            _actions.Add(new UpdateReplicaSet(snapshot) { Event = EventFor(snapshot) });
        }

        public void Emit(DeploymentAction action) => _actions.Add(action);

        public DeploymentSync Finish(V1ReplicaSet? newRs, TimeSpan? requeue = null)
        {
            _ = newRs;
            if (KubeSerializer.ToJson(D.Status) != _originalStatus)
            {
                _actions.Add(new UpdateDeploymentStatus(D with { Status = D.Status }));
            }

            if (_revision is not null)
            {
                _actions.Add(new SetDeploymentRevision(Original, _revision));
            }

            return new DeploymentSync(_actions, Events, Aborted ? TimeSpan.Zero : requeue);
        }

        private static V1ReplicaSet Snapshot(V1ReplicaSet rs) => rs with
        {
            Metadata = rs.Metadata with { Annotations = rs.Metadata.Annotations is null ? null : new Dictionary<string, string>(rs.Metadata.Annotations) },
            Spec = rs.Spec with { },
        };

        private static DeploymentEvent ScalingEvent(string name, string operation, int to, int from) =>
            new("Normal", "ScalingReplicaSet", $"Scaled {operation} replica set {name} to {to} from {from}");

        // Two scalings of one ReplicaSet in one sync are one request: the event tells first size to last.
        private DeploymentEvent? EventFor(V1ReplicaSet rs)
        {
            if (!_scaledFrom.TryGetValue(rs.Metadata.Name, out var first) || rs.Spec.Replicas == first.From)
            {
                return null;
            }

            var to = rs.Spec.Replicas ?? 0;
            return ScalingEvent(rs.Metadata.Name, first.Operation, to, first.From);
        }
    }
}
