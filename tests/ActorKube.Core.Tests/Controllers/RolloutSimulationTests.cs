using ActorKube.Core.Controllers.Deployment;
using ActorKube.Core.Controllers.ReplicaSet;
using ActorKube.Core.Objects;
using static ActorKube.Core.Controllers.Deployment.DeploymentUtil;
using static ActorKube.Core.Tests.Controllers.Fixtures;

namespace ActorKube.Core.Tests.Controllers;

/// <summary>
/// Both controllers' logic together over one in-memory store: the deployment sync scales ReplicaSets,
/// the ReplicaSet sync (with its expectations) creates and deletes pods and writes ReplicaSet status,
/// a fake kubelet makes pods ready. The rollout must stay inside maxSurge / maxUnavailable throughout.
/// </summary>
public class RolloutSimulationTests
{
    private readonly Dictionary<string, V1ReplicaSet> _rss = new(StringComparer.Ordinal);
    private readonly Dictionary<string, V1Pod> _pods = new(StringComparer.Ordinal);
    private readonly ControllerExpectations _expectations = new();
    private V1Deployment _d = Deployment("web", 6, "2", "1", image: "app:v1");
    private DateTime _now = T0;
    private int _seq;

    [Fact]
    public void Deployment_and_replica_set_logic_roll_out_together_within_bounds()
    {
        Converge(readyPerStep: 100);
        Assert.Equal(6, ActivePods().Count());

        _d = _d with { Metadata = _d.Metadata with { Generation = 2 }, Spec = _d.Spec with { Template = Template("app:v2") } };
        var steps = 0;
        while (!Complete())
        {
            Assert.True(++steps < 300, "rollout did not finish");
            Step(readyPerStep: 1);
            var active = ActivePods().ToList();
            Assert.True(active.Count <= 6 + 2, $"step {steps}: {active.Count} pods");
            Assert.True(active.Count(PodUtil.IsPodReady) >= 6 - 1, $"step {steps}: {active.Count(PodUtil.IsPodReady)} ready");
        }

        Assert.All(ActivePods(), p => Assert.Equal("app:v2", p.Spec.Containers[0].Image));
        Assert.Equal(6, _d.Status.AvailableReplicas);
        Assert.Equal(6, _d.Status.UpdatedReplicas);
    }

    private IEnumerable<V1Pod> ActivePods() => _pods.Values.Where(PodUtil.IsPodActive);

    private bool Complete() =>
        _d.Status is { } s && DeploymentComplete(_d, s) && ActivePods().Count() == 6 && GetCondition(s, ConditionProgressing)?.Reason == NewRSAvailableReason;

    private void Converge(int readyPerStep)
    {
        for (var i = 0; i < 50 && !Complete(); i++)
        {
            Step(readyPerStep);
        }

        Assert.True(Complete());
    }

    private void Step(int readyPerStep)
    {
        _now = _now.AddSeconds(1);
        var sync = DeploymentReconciler.Sync(_d, _rss.Values.ToList(), null, _now, n => _rss.GetValueOrDefault(n));
        foreach (var a in sync.Actions)
        {
            switch (a)
            {
                case CreateReplicaSet c:
                    _rss[c.ReplicaSet.Metadata.Name] = c.ReplicaSet with { Metadata = c.ReplicaSet.Metadata with { Uid = Uid(), CreationTimestamp = _now, Generation = 1 } };
                    break;
                case UpdateReplicaSet u:
                    var old = _rss[u.ReplicaSet.Metadata.Name];
                    _rss[old.Metadata.Name] = u.ReplicaSet with { Status = old.Status, Metadata = u.ReplicaSet.Metadata with { Generation = old.Metadata.Generation + 1 } };
                    break;
                case DeleteReplicaSet del:
                    _rss.Remove(del.ReplicaSet.Metadata.Name);
                    break;
                case UpdateDeploymentStatus s:
                    _d = _d with { Status = s.Deployment.Status };
                    break;
            }
        }

        foreach (var rs in _rss.Values.ToList())
        {
            var rsSync = ReplicaSetReconciler.Sync(rs, _pods.Values.ToList(), _expectations, _now);
            for (var i = 0; i < rsSync.CreateCount; i++)
            {
                var pod = rsSync.PodToCreate!;
                var name = $"{pod.Metadata.GenerateName}{++_seq}";
                _pods[name] = pod with
                {
                    Metadata = pod.Metadata with { Name = name, Uid = Uid(), CreationTimestamp = _now },
                    Status = new V1PodStatus { Phase = "Pending" },
                };
                _expectations.CreationObserved(rs.KeyOf());
            }

            foreach (var p in rsSync.Deletes)
            {
                _pods.Remove(p.Metadata.Name);
                _expectations.DeletionObserved(rs.KeyOf(), PodUtil.Key(p));
            }

            if (rsSync.StatusUpdate is { } updated)
            {
                _rss[rs.Metadata.Name] = _rss[rs.Metadata.Name] with { Status = updated.Status };
            }
        }

        // The kubelets: a few pending pods start and become ready.
        foreach (var p in _pods.Values.Where(p => !PodUtil.IsPodReady(p)).OrderBy(p => p.Metadata.Name, StringComparer.Ordinal).Take(readyPerStep).ToList())
        {
            _pods[p.Metadata.Name] = p with
            {
                Status = new V1PodStatus
                {
                    Phase = "Running",
                    Conditions = [new V1PodCondition { Type = "Ready", Status = "True", LastTransitionTime = _now }],
                },
            };
        }
    }
}
