using Akka.Actor;
using ActorKube.Client;
using ActorKube.Cluster.Hosting;
using ActorKube.Core.Controllers.Fault;
using ActorKube.Core.Objects;
using ActorKube.Core.Objects.Chaos;
using static ActorKube.Cli.Tests.Integration.ClusterTestKit;

namespace ActorKube.Cli.Tests.Integration;

/// <summary>Faults as objects, through the fault controller, the node provisioner, the kubelet and the node lifecycle controller.</summary>
[Collection(ClusterCollection.Name)]
public sealed class FaultSpecs
{
    private const string Ns = "chaos";
    private const long TolerationSeconds = 30;

    private static V1alpha1Fault Fault(string name, string type, string node, string? duration = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1alpha1FaultSpec { Type = type, Node = node, Duration = duration },
    };

    private static string Ready(V1Node? n) => n?.Status?.Conditions?.SingleOrDefault(c => c.Type == "Ready")?.Status ?? "-";

    private static string Describe(V1alpha1Fault? f) =>
        f is null ? "gone" : $"{f.Status?.Phase} '{f.Status?.Message}' finalizers [{string.Join(",", f.Metadata.Finalizers ?? [])}]";

    [Fact]
    public async Task A_NodeStop_fault_makes_the_node_NotReady_and_deleting_it_makes_it_Ready_again()
    {
        // time-scale 20: node-monitor-grace-period 50s is 2.5s of wall time.
        var cluster = await StartAsync(timeScale: 20);
        try
        {
            var api = cluster.Api;
            await Until(() => api.ListAsync<V1Node>(), n => n.Count(IsReady) == 3, "3 nodes Ready", describe: n => $"{n.Count(IsReady)}/{n.Count}");

            await api.CreateAsync(Fault("stop-node-2", FaultTypes.NodeStop, "node-2"));
            var active = await Until(
                () => api.GetAsync<V1alpha1Fault>(null, "stop-node-2"),
                f => f?.Status?.Phase == FaultPhases.Active,
                "the fault Active",
                describe: Describe);
            Assert.Equal("node node-2 powered off", active!.Status!.Message);
            Assert.Equal([FaultReconciler.LiftFinalizer], active.Metadata.Finalizers);
            Assert.NotNull(active.Status.StartedAt);

            await Until(() => api.GetAsync<V1Node>(null, "node-2"), n => Ready(n) == "Unknown", "node-2 Ready=Unknown", describe: n => Ready(n));
            Assert.Equal(2, (await api.ListAsync<V1Node>()).Count(IsReady));

            var deleted = await api.DeleteAsync<V1alpha1Fault>(null, "stop-node-2");
            Assert.True(deleted.IsSuccess, deleted.Error?.Message);
            await Until(() => api.GetAsync<V1alpha1Fault>(null, "stop-node-2"), f => f is null, "the fault gone (lifted, finalizer removed)", describe: Describe);
            await Until(
                () => api.GetAsync<V1Node>(null, "node-2"),
                n => IsReady(n!) && n!.Spec.Taints?.Any(t => t.Effect == "NoExecute") != true,
                "node-2 Ready again without NoExecute taints",
                describe: n => $"Ready={Ready(n)} taints [{string.Join(",", n?.Spec.Taints?.Select(t => t.Key) ?? [])}]");

            var events = await api.ListAsync<Corev1Event>(WellKnown.NamespaceDefault, fieldSelector: "involvedObject.name=stop-node-2");
            Assert.Contains(events, e => e.Reason == "Injected" && e.Source.Component == ActorNames.ChaosControllerManager);
            Assert.Contains(events, e => e.Reason == "Recovered" && e.Message == "Fault deleted: node node-2 powered on");
        }
        finally
        {
            await StopAsync(cluster);
        }
    }

    [Fact]
    public async Task A_long_NodePartition_gets_the_pods_replaced_elsewhere_and_on_heal_the_node_drops_its_stale_pods()
    {
        // time-scale 20: grace period 50s + toleration 30s are about 4s of wall time.
        var cluster = await StartAsync(timeScale: 20);
        try
        {
            var api = cluster.Api;
            await Until(() => api.ListAsync<V1Node>(), n => n.Count(IsReady) == 3, "3 nodes Ready", describe: n => $"{n.Count(IsReady)}/{n.Count}");
            await CreateNamespaceAsync(api, Ns);
            await api.CreateAsync(Deployment(Ns, "web", 6, "nginx:1.27", tolerationSeconds: TolerationSeconds));
            var pods = await Until(() => api.ListAsync<V1Pod>(Ns), p => p.Count == 6 && p.All(IsReady), "6 pods Ready", describe: ClusterTestKit.Describe);
            var victim = pods.GroupBy(p => p.Spec.NodeName).OrderByDescending(g => g.Count()).First().Key;
            var evicted = pods.Where(p => p.Spec.NodeName == victim).Select(p => p.Metadata.Uid).ToHashSet();

            // A bare pod on the victim that tolerates the partition; the control plane force-deletes it meanwhile.
            var pinned = new V1Pod { Metadata = new V1ObjectMeta { Name = "pinned", NamespaceProperty = Ns }, Spec = PodSpec("redis:7") };
            pinned.Spec.NodeName = victim;
            pinned.Spec.Tolerations = [new V1Toleration { Key = WellKnown.TaintNodeUnreachable, OperatorProperty = "Exists", Effect = "NoExecute" }];
            await api.CreateAsync(pinned);
            await Until(() => api.GetAsync<V1Pod>(Ns, "pinned"), p => IsReady(p!), "pod pinned Ready", describe: p => p?.Status?.Phase ?? "-");
            var pinnedActor = $"/user/{ActorNames.NodeProvisioner}/{ActorNames.Node(victim)}/{ActorNames.Pod(Ns, "pinned")}";
            Assert.NotNull(await PodActorAsync(cluster, pinnedActor));

            await api.CreateAsync(Fault("cut-off", FaultTypes.NodePartition, victim));
            await Until(() => api.GetAsync<V1alpha1Fault>(null, "cut-off"), f => f?.Status?.Phase == FaultPhases.Active, "the partition Active", describe: Describe);

            // Silent: Unknown after the grace period, its pods evicted after the toleration and replaced elsewhere.
            // The evicted pods stay Terminating: nobody on the node hears of it to confirm they stopped.
            await Until(() => api.GetAsync<V1Node>(null, victim), n => Ready(n) == "Unknown", $"{victim} Ready=Unknown", describe: n => Ready(n));
            await Until(
                () => api.ListAsync<V1Pod>(Ns),
                p => p.Where(x => evicted.Contains(x.Metadata.Uid)).All(x => x.Metadata.DeletionTimestamp is not null)
                    && p.Count(x => IsReady(x) && x.Spec.NodeName != victim && x.Metadata.Name != "pinned") == 6,
                $"the pods of {victim} evicted and 6 replacements Ready elsewhere",
                describe: ClusterTestKit.Describe);
            var force = await api.DeleteAsync<V1Pod>(Ns, "pinned", new V1DeleteOptions { GracePeriodSeconds = 0 });
            Assert.True(force.IsSuccess, force.Error?.Message);
            Assert.Null(await api.GetAsync<V1Pod>(Ns, "pinned"));
            Assert.NotNull(await PodActorAsync(cluster, pinnedActor)); // still running on the cut-off node

            // Heal by deleting the fault: the node reports again and catches up with what was decided meanwhile.
            await api.DeleteAsync<V1alpha1Fault>(null, "cut-off");
            await Until(() => api.GetAsync<V1alpha1Fault>(null, "cut-off"), f => f is null, "the fault gone", describe: Describe);
            await Until(
                async () => (Node: await api.GetAsync<V1Node>(null, victim), Pods: await api.ListAsync<V1Pod>(Ns)),
                s => IsReady(s.Node!) && s.Node!.Spec.Taints?.Any(t => t.Effect == "NoExecute") != true
                    && !s.Pods.Any(x => evicted.Contains(x.Metadata.Uid)) && s.Pods.Count == 6 && s.Pods.All(IsReady),
                $"{victim} Ready again, its evicted pods gone, 6 pods Ready",
                describe: s => $"Ready={Ready(s.Node)}, taints [{string.Join(",", s.Node?.Spec.Taints?.Select(t => t.Key) ?? [])}]; pods: {ClusterTestKit.Describe(s.Pods)}");
            await Until(() => PodActorAsync(cluster, pinnedActor), a => a is null, "the force-deleted pod stopped on the healed node", describe: a => a?.Path.ToString() ?? "none");

            var rs = Assert.Single(await api.ListAsync<V1ReplicaSet>(Ns));
            Assert.Equal((6, 6), (rs.Status.Replicas, rs.Status.ReadyReplicas ?? 0));
            Assert.Equal(3, (await api.ListAsync<V1Node>()).Count(IsReady));
        }
        finally
        {
            await StopAsync(cluster);
        }
    }

    [Fact]
    public async Task A_short_NodePartition_marks_the_nodes_pods_not_ready_and_on_heal_the_kubelet_makes_them_Ready_again()
    {
        // time-scale 20: the grace period (50s) is 2.5s of wall time, the default toleration (300s) 15s.
        var cluster = await StartAsync(timeScale: 20);
        try
        {
            var api = cluster.Api;
            await Until(() => api.ListAsync<V1Node>(), n => n.Count(IsReady) == 3, "3 nodes Ready", describe: n => $"{n.Count(IsReady)}/{n.Count}");
            await CreateNamespaceAsync(api, Ns);
            await api.CreateAsync(Deployment(Ns, "short", 3, "nginx:1.27"));
            var pods = await Until(() => api.ListAsync<V1Pod>(Ns), p => p.Count == 3 && p.All(IsReady), "3 pods Ready", describe: ClusterTestKit.Describe);
            var victim = pods[0].Spec.NodeName;
            var onVictim = pods.Where(p => p.Spec.NodeName == victim).Select(p => p.Metadata.Uid).ToHashSet();

            await api.CreateAsync(Fault("blip", FaultTypes.NodePartition, victim));
            await Until(() => api.GetAsync<V1Node>(null, victim), n => Ready(n) == "Unknown", $"{victim} Ready=Unknown", describe: n => Ready(n));
            await Until(
                () => api.ListAsync<V1Pod>(Ns),
                p => p.Where(x => onVictim.Contains(x.Metadata.Uid)).All(x => !IsReady(x)),
                $"the pods of {victim} marked not ready by the node lifecycle controller",
                describe: ClusterTestKit.Describe);

            // Healed before the toleration runs out: the same pods, Ready again because their kubelet says so.
            await api.DeleteAsync<V1alpha1Fault>(null, "blip");
            await Until(
                () => api.ListAsync<V1Pod>(Ns),
                p => p.Count == 3 && p.All(IsReady) && onVictim.All(uid => p.Any(x => x.Metadata.Uid == uid)),
                $"the pods of {victim} Ready again, none replaced",
                describe: ClusterTestKit.Describe);
        }
        finally
        {
            await StopAsync(cluster);
        }
    }

    private static async Task<IActorRef?> PodActorAsync(ActorKubeCluster cluster, string path)
    {
        var identity = await cluster.System.ActorSelection(path).Ask<ActorIdentity>(new Identify(null), TimeSpan.FromSeconds(10));
        return identity.Subject;
    }
}
