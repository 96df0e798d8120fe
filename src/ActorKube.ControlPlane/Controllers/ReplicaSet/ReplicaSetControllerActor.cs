using Akka.Actor;
using ActorKube.Client;
using ActorKube.Core.Controllers.ReplicaSet;
using ActorKube.Core.Objects;
using ActorKube.Core.Time;

namespace ActorKube.ControlPlane.Controllers.ReplicaSet;

/// <summary>
/// kube-controller-manager's ReplicaSet controller: keeps spec.replicas active pods for every
/// ReplicaSet. The decisions are <see cref="ReplicaSetReconciler"/>'s; this actor feeds it from its
/// informers, sends the requests (creations in slow-start batches: the next batch only after the
/// replies of the previous one), records events and keeps the expectations.
/// </summary>
public sealed class ReplicaSetControllerActor : ControllerActor
{
    private const string ByController = "controller";
    private const string Orphans = "orphan";

    private readonly Informer<V1ReplicaSet> _rss;
    private readonly Informer<V1Pod> _pods;
    private readonly ControllerExpectations _expectations = new();
    private readonly Dictionary<string, CreateRun> _runs = new(StringComparer.Ordinal);
    private long _runSeq;

    public ReplicaSetControllerActor(IActorRef apiServer, ClusterClock clock, ControllerSettings? settings)
        : base(ActorNames.ReplicaSetController, apiServer, clock, settings)
    {
        _rss = Informers.Add(new Informer<V1ReplicaSet>(apiServer));
        _pods = Informers.Add(new Informer<V1Pod>(apiServer));
        _rss.AddIndex(ByController, rs => rs.ControllerRef()?.Uid);
        _pods.AddIndex(ByController, p => p.ControllerRef()?.Uid);
        _pods.AddIndex(Orphans, p => p.ControllerRef() is null ? p.Metadata.NamespaceProperty ?? "" : null);

        _rss.OnAdd = Enqueue;
        _rss.OnUpdate = (_, rs) => Enqueue(rs);
        _rss.OnDelete = rs =>
        {
            _expectations.Delete(rs.KeyOf());
            _runs.Remove(rs.KeyOf());
        };
        _pods.OnAdd = OnPodAdded;
        _pods.OnUpdate = OnPodUpdated;
        _pods.OnDelete = OnPodDeleted;
    }

    public static Props Props(IActorRef apiServer, ClusterClock clock, ControllerSettings? settings = null) =>
        Akka.Actor.Props.Create(() => new ReplicaSetControllerActor(apiServer, clock, settings));

    protected override IEnumerable<string> AllKeys() => _rss.Items.Select(rs => rs.KeyOf()).ToList();

    // ---- informer handlers (addPod / updatePod / deletePod) ----
    private void OnPodAdded(V1Pod pod)
    {
        if (pod.Metadata.DeletionTimestamp is not null)
        {
            OnPodDeleted(pod);
            return;
        }

        if (pod.ControllerRef() is { } owner)
        {
            if (Resolve(pod.Metadata.NamespaceProperty, owner) is { } rs)
            {
                _expectations.CreationObserved(rs.KeyOf());
                Enqueue(rs);
            }

            return;
        }

        EnqueueMatching(pod);
    }

    private void OnPodUpdated(V1Pod old, V1Pod pod)
    {
        if (pod.Metadata.DeletionTimestamp is not null && old.Metadata.DeletionTimestamp is null)
        {
            // A graceful delete: the pod is leaving now, as far as this controller counts.
            OnPodDeleted(pod);
            return;
        }

        var oldOwner = old.ControllerRef();
        var owner = pod.ControllerRef();
        if (oldOwner is not null && oldOwner.Uid != owner?.Uid && Resolve(old.Metadata.NamespaceProperty, oldOwner) is { } oldRs)
        {
            Enqueue(oldRs);
        }

        if (owner is not null)
        {
            if (Resolve(pod.Metadata.NamespaceProperty, owner) is { } rs)
            {
                Enqueue(rs);
                var minReady = rs.Spec.MinReadySeconds ?? 0;
                if (minReady > 0 && !PodUtil.IsPodReady(old) && PodUtil.IsPodReady(pod))
                {
                    EnqueueAfter(rs.KeyOf(), TimeSpan.FromSeconds(minReady));
                }
            }

            return;
        }

        EnqueueMatching(pod);
    }

    private void OnPodDeleted(V1Pod pod)
    {
        if (pod.ControllerRef() is { } owner && Resolve(pod.Metadata.NamespaceProperty, owner) is { } rs)
        {
            _expectations.DeletionObserved(rs.KeyOf(), PodUtil.Key(pod));
            Enqueue(rs);
        }
    }

    private V1ReplicaSet? Resolve(string? ns, V1OwnerReference owner) =>
        owner.Kind == "ReplicaSet" && _rss.Get(ns, owner.Name) is { } rs && rs.Metadata.Uid == owner.Uid ? rs : null;

    private void EnqueueMatching(V1Pod orphan)
    {
        foreach (var rs in _rss.Items)
        {
            if (rs.Metadata.NamespaceProperty == orphan.Metadata.NamespaceProperty && LabelSelectors.Matches(rs.Spec.Selector, orphan.Metadata.Labels))
            {
                Enqueue(rs);
            }
        }
    }

    // ---- reconcile ----
    protected override void Reconcile(string key)
    {
        var rs = _rss.Get(key);
        if (rs is null)
        {
            _expectations.Delete(key);
            return;
        }

        var ns = rs.Metadata.NamespaceProperty ?? "";
        var candidates = _pods.ByIndex(ByController, rs.Metadata.Uid).Concat(_pods.ByIndex(Orphans, ns));
        Func<IReadOnlyList<V1Pod>>? related = null;
        if (rs.ControllerRef() is { } family)
        {
            // Only a sync that deletes pods ranks them by their siblings' pods on the same node.
            related = () => _rss.ByIndex(ByController, family.Uid)
                .SelectMany(sibling => _pods.ByIndex(ByController, sibling.Metadata.Uid))
                .Where(PodUtil.IsPodActive)
                .ToList();
        }

        var sync = ReplicaSetReconciler.Sync(rs, candidates, _expectations, Clock.UtcNow, Settings.BurstReplicas, related);
        var trace = rs.TraceId();

        foreach (var pod in sync.Adopt.Concat(sync.Release))
        {
            Send(new UpdateObject(pod) { Tag = new ClaimPodTag(key), TraceId = trace, From = Name });
        }

        if (sync.CreateCount > 0 && sync.PodToCreate is not null)
        {
            var run = new CreateRun(++_runSeq, sync.PodToCreate, new Queue<int>(SlowStart.Batches(sync.CreateCount)));
            _runs[key] = run;
            SendNextBatch(key, run);
        }

        foreach (var pod in sync.Deletes)
        {
            Send(new DeleteObject(Resources.Pods, pod.Metadata.NamespaceProperty, pod.Metadata.Name) { Tag = new DeletePodTag(key, PodUtil.Key(pod), pod.Metadata.Name), TraceId = trace, From = Name });
        }

        if (sync.StatusUpdate is { } updated)
        {
            Send(new UpdateObject(updated, "status") { Tag = new ReplicaSetStatusTag(key), TraceId = trace, From = Name });
        }

        if (sync.RequeueAfter is { } after)
        {
            EnqueueAfter(key, after);
        }
    }

    private void SendNextBatch(string key, CreateRun run)
    {
        var size = run.Batches.Dequeue();
        run.Outstanding = size;
        var trace = run.Pod.TraceId();
        for (var i = 0; i < size; i++)
        {
            // Each request gets its own metadata: the apiserver fills in the generated name.
            var pod = run.Pod with { Metadata = run.Pod.Metadata with { } };
            Send(new CreateObject(pod) { Tag = new CreatePodTag(key, run.Id), TraceId = trace, From = Name });
        }
    }

    // ---- replies ----
    protected override void OnReply(ApiResponse response)
    {
        switch (response.Tag)
        {
            case CreatePodTag t:
                OnCreated(t, response);
                break;
            case DeletePodTag t:
                var rsForDelete = _rss.Get(t.ReplicaSetKey);
                if (response.IsSuccess)
                {
                    if (rsForDelete is not null)
                    {
                        Recorder.Record(rsForDelete, EventRecorder.Normal, "SuccessfulDelete", $"Deleted pod: {t.PodName}", Self);
                    }
                }
                else
                {
                    // The delete will never be observed: stop waiting for it.
                    _expectations.DeletionObserved(t.ReplicaSetKey, t.PodKey);
                    if (response.Code != 404)
                    {
                        if (rsForDelete is not null)
                        {
                            Recorder.Record(rsForDelete, EventRecorder.Warning, "FailedDelete", $"Error deleting: {response.Error?.Message}", Self);
                        }

                        Retry(t.ReplicaSetKey);
                    }
                }

                break;
            case ClaimPodTag t when !response.IsSuccess:
                Retry(t.ReplicaSetKey);
                break;
            case ReplicaSetStatusTag t:
                if (response.IsSuccess)
                {
                    Queue.Forget(t.ReplicaSetKey);
                }
                else
                {
                    Retry(t.ReplicaSetKey);
                }

                break;
        }
    }

    private void OnCreated(CreatePodTag tag, ApiResponse response)
    {
        var rs = _rss.Get(tag.ReplicaSetKey);
        if (!_runs.TryGetValue(tag.ReplicaSetKey, out var run) || run.Id != tag.Run)
        {
            // A run of a ReplicaSet deleted (or recreated) meanwhile.
            return;
        }

        run.Outstanding--;
        if (response.IsSuccess)
        {
            Queue.Forget(tag.ReplicaSetKey);
            if (rs is not null)
            {
                Recorder.Record(rs, EventRecorder.Normal, "SuccessfulCreate", $"Created pod: {response.Object?.Metadata.Name}", Self);
            }
        }
        else
        {
            // The pod will never appear: lower the expectations so the next sync can try again.
            _expectations.CreationObserved(tag.ReplicaSetKey);
            run.Failed = true;
            if (rs is not null)
            {
                Recorder.Record(rs, EventRecorder.Warning, "FailedCreate", $"Error creating: {response.Error?.Message}", Self);
            }
        }

        if (run.Outstanding > 0)
        {
            return;
        }

        if (!run.Failed && run.Batches.Count > 0)
        {
            SendNextBatch(tag.ReplicaSetKey, run);
            return;
        }

        _runs.Remove(tag.ReplicaSetKey);
        if (run.Failed)
        {
            // slowStartBatch stops at the first failing batch: the skipped pods are not coming either.
            var skipped = run.Batches.Sum();
            for (var i = 0; i < skipped; i++)
            {
                _expectations.CreationObserved(tag.ReplicaSetKey);
            }

            Retry(tag.ReplicaSetKey);
        }
    }

    /// <summary>One manageReplicas creation: the pod to create and the batches still to send.</summary>
    private sealed class CreateRun(long id, V1Pod pod, Queue<int> batches)
    {
        public long Id { get; } = id;

        public V1Pod Pod { get; } = pod;

        public Queue<int> Batches { get; } = batches;

        public int Outstanding { get; set; }

        public bool Failed { get; set; }
    }
}
