using ActorKube.Core.Objects;

namespace ActorKube.Core.Controllers.NodeLifecycle;

/// <summary>
/// The taint-eviction controller's decisions (pkg/controller/tainteviction: processPodOnNode and its
/// TimedWorkerQueue), pure. For a pod on a node with NoExecute taints: a pod that does not tolerate
/// them all is deleted at once; one that tolerates them with tolerationSeconds is deleted that long
/// after the taint's timeAdded (the earliest NoExecute taint; Kubernetes uses the time its informer saw
/// the taint, which is the same instant but lost on a controller restart); tolerations without
/// tolerationSeconds keep the pod forever. The work is cancelled when the taints go away, the pod
/// comes to tolerate them forever, or the pod is deleted. Terminating pods are left alone.
/// Single-threaded: owned by one actor.
/// </summary>
public sealed class TaintEvictionQueue
{
    // Key "namespace/name". A null value is work done (the pod was deleted): not scheduled again until cancelled.
    private readonly Dictionary<string, ScheduledEviction?> _work = new(StringComparer.Ordinal);

    public int PendingCount => _work.Values.Count(w => w is not null);

    /// <summary>Changes whenever the schedule changes, so the owner re-arms its timer only then.</summary>
    public long Version { get; private set; }

    public ScheduledEviction? Pending(string podKey) => _work.GetValueOrDefault(podKey);

    /// <summary>The earliest pending eviction time, for the actor's single timer.</summary>
    public DateTime? NextFireAt
    {
        get
        {
            DateTime? next = null;
            foreach (var w in _work.Values)
            {
                if (w is not null && (next is null || w.FireAt < next))
                {
                    next = w.FireAt;
                }
            }

            return next;
        }
    }

    /// <summary>Re-evaluates one pod against its node's taints. Returns true if a pending eviction was cancelled (emit an event).</summary>
    public bool SyncPod(V1Pod pod, V1Node? node, DateTime now)
    {
        if (pod.IsTerminating() || string.IsNullOrEmpty(pod.Spec?.NodeName))
        {
            return false;
        }

        // Every pod update of the cluster comes here: on an untainted node with nothing queued, no key string.
        var taints = TaintTolerations.NoExecuteTaints(node);
        if (taints.Count == 0)
        {
            return _work.Count != 0 && Cancel(pod.KeyOf());
        }

        var key = pod.KeyOf();

        var (allTolerated, used) = TaintTolerations.GetMatchingTolerations(taints, pod.Spec.Tolerations);
        if (!allTolerated)
        {
            var cancelled = false;
            if (_work.TryGetValue(key, out var w) && w is not null && w.FireAt > now)
            {
                cancelled = Cancel(key);
            }

            Add(new ScheduledEviction(pod.Metadata.NamespaceProperty, pod.Metadata.Name, now, now));
            return cancelled;
        }

        var min = TaintTolerations.MinTolerationTime(used);
        if (min is null)
        {
            return Cancel(key);
        }

        _work.TryGetValue(key, out var existing);
        var start = existing?.CreatedAt ?? taints.Min(t => t.TimeAdded) ?? now;
        if (start > now)
        {
            start = now;
        }

        var fireAt = start + min.Value;
        if (existing is not null)
        {
            if (existing.FireAt <= fireAt)
            {
                return false;
            }

            _work.Remove(key);
            Version++;
        }

        Add(new ScheduledEviction(pod.Metadata.NamespaceProperty, pod.Metadata.Name, start, fireAt));
        return existing is not null;
    }

    /// <summary>Cancels the work of a pod (deleted, or no longer tainted). True if an eviction was pending.</summary>
    public bool Cancel(string podKey)
    {
        if (!_work.Remove(podKey, out var w))
        {
            return false;
        }

        Version++;
        return w is not null;
    }

    /// <summary>Pending evictions due at <paramref name="now"/>; they are marked done.</summary>
    public IReadOnlyList<ScheduledEviction> TakeDue(DateTime now)
    {
        List<ScheduledEviction>? due = null;
        foreach (var w in _work.Values)
        {
            if (w is not null && w.FireAt <= now)
            {
                (due ??= []).Add(w);
            }
        }

        if (due is null)
        {
            return [];
        }

        foreach (var w in due)
        {
            _work[w.Key] = null;
        }

        Version++;

        return due;
    }

    /// <summary>The deletion failed: forget it so the next sync of the pod schedules it again.</summary>
    public void Failed(string podKey)
    {
        if (_work.Remove(podKey))
        {
            Version++;
        }
    }

    private void Add(ScheduledEviction eviction)
    {
        // As TimedWorkerQueue.AddWork: existing work (pending or done) is kept.
        if (_work.TryAdd(eviction.Key, eviction))
        {
            Version++;
        }
    }
}

/// <summary>A pod to delete at <see cref="FireAt"/>; <see cref="CreatedAt"/> is when its toleration time started.</summary>
public sealed record ScheduledEviction(string Namespace, string Name, DateTime CreatedAt, DateTime FireAt)
{
    public string Key => ObjectExtensions.KeyOf(Namespace, Name);
}
