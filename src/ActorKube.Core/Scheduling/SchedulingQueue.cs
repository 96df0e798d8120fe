namespace ActorKube.Core.Scheduling;

/// <summary>
/// kube-scheduler's PriorityQueue (internal/queue/scheduling_queue.go) for one actor:
/// activeQ ordered by priority then arrival; backoffQ holding failed pods for 1 s doubling to 10 s per
/// attempt; unschedulable pods parked until a cluster event (node added or changed, assigned pod deleted)
/// moves them back, or until they have waited 5 minutes. Time comes from the caller (cluster clock).
/// </summary>
public sealed class SchedulingQueue
{
    private readonly SortedSet<QueuedPodInfo> _active = new(ActiveOrder.Instance);
    private readonly SortedSet<QueuedPodInfo> _backoff = new(BackoffOrder.Instance);
    private readonly Dictionary<string, QueuedPodInfo> _unschedulable = new(StringComparer.Ordinal);
    private readonly Dictionary<string, QueuedPodInfo> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Where> _where = new(StringComparer.Ordinal);
    private readonly TimeSpan _initialBackoff;
    private readonly TimeSpan _maxBackoff;
    private readonly TimeSpan _maxInUnschedulable;
    private long _seq;
    private long _moveRequestCycle = -1;

    public SchedulingQueue(TimeSpan? podInitialBackoff = null, TimeSpan? podMaxBackoff = null, TimeSpan? podMaxInUnschedulablePodsDuration = null)
    {
        _initialBackoff = podInitialBackoff ?? TimeSpan.FromSeconds(1);
        _maxBackoff = podMaxBackoff ?? TimeSpan.FromSeconds(10);
        _maxInUnschedulable = podMaxInUnschedulablePodsDuration ?? TimeSpan.FromMinutes(5);
    }

    private enum Where
    {
        Active,
        Backoff,
        Unschedulable,
        InFlight,
    }

    /// <summary>Incremented on every pop: the cycle a failed pod was scheduled in.</summary>
    public long SchedulingCycle { get; private set; }

    public int ActiveCount => _active.Count;

    public int BackoffCount => _backoff.Count;

    public int UnschedulableCount => _unschedulable.Count;

    /// <summary>Pods popped and not yet returned (being scheduled or bound).</summary>
    public int InFlightCount => _where.Count - _active.Count - _backoff.Count - _unschedulable.Count;

    public bool Contains(string key) => _where.ContainsKey(key);

    public bool IsActive(string key) => _where.TryGetValue(key, out var w) && w == Where.Active;

    public bool IsBackingOff(string key) => _where.TryGetValue(key, out var w) && w == Where.Backoff;

    public bool IsUnschedulable(string key) => _where.TryGetValue(key, out var w) && w == Where.Unschedulable;

    /// <summary>A new pending pod: straight to activeQ (unless already queued, then it is an update).</summary>
    public void Add(PodInfo pod, DateTime now)
    {
        if (_byKey.ContainsKey(pod.Key))
        {
            Update(pod, now, specChanged: true);
            return;
        }

        var info = new QueuedPodInfo(pod, now);
        _byKey[pod.Key] = info;
        AddActive(info);
    }

    /// <summary>
    /// The pending pod changed. In activeQ or backoffQ the object is replaced; an unschedulable pod
    /// whose spec, labels or annotations changed gets another chance (backoffQ or activeQ).
    /// </summary>
    public void Update(PodInfo pod, DateTime now, bool specChanged)
    {
        if (!_byKey.TryGetValue(pod.Key, out var info))
        {
            Add(pod, now);
            return;
        }

        switch (_where[pod.Key])
        {
            case Where.Active:
                _active.Remove(info);
                info.PodInfo = pod;
                _active.Add(info);
                break;
            case Where.Backoff:
                _backoff.Remove(info);
                info.PodInfo = pod;
                _backoff.Add(info);
                break;
            case Where.Unschedulable:
                info.PodInfo = pod;
                if (specChanged)
                {
                    _unschedulable.Remove(pod.Key);
                    MoveBack(info, now);
                }

                break;
            case Where.InFlight:
                info.PodInfo = pod;
                break;
        }
    }

    /// <summary>The pod is gone, or bound by someone: forget it everywhere.</summary>
    public void Delete(string key)
    {
        if (!_byKey.Remove(key, out var info))
        {
            return;
        }

        switch (_where[key])
        {
            case Where.Active:
                _active.Remove(info);
                break;
            case Where.Backoff:
                _backoff.Remove(info);
                break;
            case Where.Unschedulable:
                _unschedulable.Remove(key);
                break;
            case Where.InFlight:
                break;
        }

        _where.Remove(key);
    }

    /// <summary>Takes the highest-priority, oldest pod of activeQ; the pod is in flight until returned or done.</summary>
    public bool TryPop(out QueuedPodInfo info)
    {
        if (_active.Count == 0)
        {
            info = null!;
            return false;
        }

        info = _active.Min!;
        _active.Remove(info);
        _where[info.Key] = Where.InFlight;
        info.Attempts++;
        SchedulingCycle++;
        return true;
    }

    /// <summary>The pod was scheduled and bound: it leaves the queue.</summary>
    public void Done(string key)
    {
        if (_where.TryGetValue(key, out var w) && w == Where.InFlight)
        {
            _where.Remove(key);
            _byKey.Remove(key);
        }
    }

    /// <summary>
    /// A popped pod failed. Unschedulable pods are parked, unless a move request came while they were
    /// being scheduled (then backoffQ, as the event might have made them fit); errors (failed binding)
    /// go to backoffQ. A pod deleted meanwhile is dropped.
    /// </summary>
    public void AddUnschedulableIfNotPresent(QueuedPodInfo info, long podSchedulingCycle, DateTime now, bool unschedulable = true)
    {
        if (!_where.TryGetValue(info.Key, out var w) || w != Where.InFlight || !ReferenceEquals(_byKey[info.Key], info))
        {
            return;
        }

        info.Timestamp = now;
        if (!unschedulable || _moveRequestCycle >= podSchedulingCycle)
        {
            AddBackoff(info);
        }
        else
        {
            _unschedulable[info.Key] = info;
            _where[info.Key] = Where.Unschedulable;
        }
    }

    /// <summary>A cluster event that may make unschedulable pods fit: move them all back (MoveAllToActiveOrBackoffQueue).</summary>
    public int MoveAllToActiveOrBackoffQueue(DateTime now)
    {
        var moved = _unschedulable.Count;
        foreach (var info in _unschedulable.Values)
        {
            MoveBack(info, now);
        }

        _unschedulable.Clear();
        _moveRequestCycle = SchedulingCycle;
        return moved;
    }

    /// <summary>Moves pods whose backoff has expired to activeQ (flushBackoffQCompleted, every second).</summary>
    public int FlushBackoffQCompleted(DateTime now)
    {
        var moved = 0;
        while (_backoff.Count > 0 && _backoff.Min!.BackoffExpiry <= now)
        {
            var info = _backoff.Min!;
            _backoff.Remove(info);
            AddActive(info);
            moved++;
        }

        return moved;
    }

    /// <summary>Moves pods parked longer than podMaxInUnschedulablePodsDuration (flushUnschedulablePodsLeftover, every 30 s).</summary>
    public int FlushUnschedulablePodsLeftover(DateTime now)
    {
        List<QueuedPodInfo>? due = null;
        foreach (var info in _unschedulable.Values)
        {
            if (now - info.Timestamp > _maxInUnschedulable)
            {
                (due ??= []).Add(info);
            }
        }

        if (due is null)
        {
            return 0;
        }

        foreach (var info in due)
        {
            _unschedulable.Remove(info.Key);
            MoveBack(info, now);
        }

        return due.Count;
    }

    /// <summary>calculateBackoffDuration: initial doubled per attempt after the first, capped at max.</summary>
    public TimeSpan BackoffDuration(int attempts)
    {
        var d = _initialBackoff;
        for (var i = 1; i < attempts; i++)
        {
            if (d > _maxBackoff - d)
            {
                return _maxBackoff;
            }

            d += d;
        }

        return d > _maxBackoff ? _maxBackoff : d;
    }

    public DateTime BackoffExpiry(QueuedPodInfo info) => info.Timestamp + BackoffDuration(info.Attempts);

    /// <summary>The earliest backoff expiry, to know when to flush next.</summary>
    public DateTime? NextBackoffExpiry => _backoff.Count == 0 ? null : _backoff.Min!.BackoffExpiry;

    private void MoveBack(QueuedPodInfo info, DateTime now)
    {
        if (BackoffExpiry(info) > now)
        {
            AddBackoff(info);
        }
        else
        {
            AddActive(info);
        }
    }

    private void AddActive(QueuedPodInfo info)
    {
        info.Seq = ++_seq;
        _active.Add(info);
        _where[info.Key] = Where.Active;
    }

    private void AddBackoff(QueuedPodInfo info)
    {
        info.Seq = ++_seq;
        info.BackoffExpiry = BackoffExpiry(info);
        _backoff.Add(info);
        _where[info.Key] = Where.Backoff;
    }

    private sealed class ActiveOrder : IComparer<QueuedPodInfo>
    {
        public static readonly ActiveOrder Instance = new();

        // PrioritySort: higher priority first, then earlier timestamp; the sequence keeps FIFO and uniqueness
        public int Compare(QueuedPodInfo? x, QueuedPodInfo? y)
        {
            var c = y!.PodInfo.Priority.CompareTo(x!.PodInfo.Priority);
            if (c != 0)
            {
                return c;
            }

            c = x.Timestamp.CompareTo(y.Timestamp);
            return c != 0 ? c : x.Seq.CompareTo(y.Seq);
        }
    }

    private sealed class BackoffOrder : IComparer<QueuedPodInfo>
    {
        public static readonly BackoffOrder Instance = new();

        public int Compare(QueuedPodInfo? x, QueuedPodInfo? y)
        {
            var c = x!.BackoffExpiry.CompareTo(y!.BackoffExpiry);
            return c != 0 ? c : x.Seq.CompareTo(y.Seq);
        }
    }
}
