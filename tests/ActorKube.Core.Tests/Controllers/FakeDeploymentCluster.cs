using ActorKube.Core.Controllers.Deployment;
using ActorKube.Core.Objects;

namespace ActorKube.Core.Tests.Controllers;

/// <summary>
/// A tiny cluster for deployment tests: applies the deployment controller's actions, and plays the
/// ReplicaSet controller (pods follow spec.replicas at once, new pods start unavailable, scale-down
/// removes unavailable pods first) so a rollout can be stepped and checked after every step.
/// </summary>
internal sealed class FakeDeploymentCluster
{
    private readonly Dictionary<string, V1ReplicaSet> _rss = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<bool>> _pods = new(StringComparer.Ordinal);
    private int _seq;

    public FakeDeploymentCluster(V1Deployment d) => Deployment = d;

    public V1Deployment Deployment { get; set; }

    public DateTime Now { get; set; } = Fixtures.T0;

    public List<DeploymentEvent> Events { get; } = [];

    public IReadOnlyCollection<V1ReplicaSet> ReplicaSets => _rss.Values;

    public int TotalPods => _pods.Values.Sum(p => p.Count);

    public int AvailablePods => _pods.Values.Sum(p => p.Count(a => a));

    public DeploymentSync Reconcile()
    {
        Now = Now.AddSeconds(1);
        var podMap = _rss.Values.ToDictionary(
            rs => rs.Metadata.Uid,
            rs => (IReadOnlyList<V1Pod>)_pods[rs.Metadata.Name].Select((a, i) => Fixtures.Pod($"{rs.Metadata.Name}-{i}", rs, ready: a)).ToList());
        var sync = DeploymentReconciler.Sync(Deployment, _rss.Values.ToList(), podMap, Now, n => _rss.GetValueOrDefault(n));
        Apply(sync);
        return sync;
    }

    public void Apply(DeploymentSync sync)
    {
        foreach (var a in sync.Actions)
        {
            switch (a)
            {
                case CreateReplicaSet c:
                    var created = c.ReplicaSet with
                    {
                        Metadata = c.ReplicaSet.Metadata with { Uid = Fixtures.Uid(), CreationTimestamp = Now.AddTicks(++_seq), Generation = 1, ResourceVersion = "1" },
                        Status = new V1ReplicaSetStatus { Replicas = 0 },
                    };
                    _rss.Add(created.Metadata.Name, created);
                    _pods[created.Metadata.Name] = [];
                    break;
                case UpdateReplicaSet u:
                    var old = _rss[u.ReplicaSet.Metadata.Name];
                    _rss[old.Metadata.Name] = u.ReplicaSet with { Status = old.Status, Metadata = u.ReplicaSet.Metadata with { Generation = (old.Metadata.Generation ?? 1) + 1 } };
                    break;
                case DeleteReplicaSet del:
                    _rss.Remove(del.ReplicaSet.Metadata.Name);
                    _pods.Remove(del.ReplicaSet.Metadata.Name);
                    break;
                case UpdateDeploymentStatus s:
                    Deployment = Deployment with { Status = s.Deployment.Status };
                    break;
                case SetDeploymentRevision r:
                    Deployment.Metadata.Annotations ??= new Dictionary<string, string>();
                    Deployment.Metadata.Annotations[WellKnown.DeploymentRevisionAnnotation] = r.Revision;
                    break;
            }

            if (a.Event is not null)
            {
                Events.Add(a.Event);
            }
        }

        Events.AddRange(sync.Events);
        SyncReplicaSets();
    }

    /// <summary>The ReplicaSet controller and the kubelets: pods follow spec.replicas, status follows pods.</summary>
    public void SyncReplicaSets()
    {
        foreach (var name in _rss.Keys.ToList())
        {
            var rs = _rss[name];
            var pods = _pods[name];
            var want = rs.Spec.Replicas ?? 1;
            while (pods.Count > want)
            {
                var i = pods.IndexOf(false);
                pods.RemoveAt(i >= 0 ? i : pods.Count - 1);
            }

            while (pods.Count < want)
            {
                pods.Add(false);
            }

            UpdateStatus(name);
        }
    }

    /// <summary>Makes up to <paramref name="count"/> unavailable pods available (the kubelet reports them ready).</summary>
    public void MarkAvailable(int count)
    {
        foreach (var name in _rss.Keys.ToList())
        {
            var pods = _pods[name];
            for (var i = 0; i < pods.Count && count > 0; i++)
            {
                if (!pods[i])
                {
                    pods[i] = true;
                    count--;
                }
            }

            UpdateStatus(name);
        }
    }

    /// <summary>Seeds a ReplicaSet (an earlier revision) with all its pods available.</summary>
    public V1ReplicaSet Seed(V1ReplicaSet rs, int availablePods)
    {
        _rss[rs.Metadata.Name] = rs;
        _pods[rs.Metadata.Name] = Enumerable.Repeat(true, availablePods).ToList();
        UpdateStatus(rs.Metadata.Name);
        return _rss[rs.Metadata.Name];
    }

    private void UpdateStatus(string name)
    {
        var rs = _rss[name];
        var pods = _pods[name];
        _rss[name] = rs with
        {
            Status = new V1ReplicaSetStatus
            {
                Replicas = pods.Count,
                ReadyReplicas = pods.Count(a => a),
                AvailableReplicas = pods.Count(a => a),
                FullyLabeledReplicas = pods.Count,
                ObservedGeneration = rs.Metadata.Generation,
            },
        };
    }
}
