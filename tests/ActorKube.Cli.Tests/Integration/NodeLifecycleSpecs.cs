using ActorKube.Core.Objects;
using static ActorKube.Cli.Tests.Integration.ClusterTestKit;

namespace ActorKube.Cli.Tests.Integration;

/// <summary>A node loses power and comes back, through kubelet, node-lifecycle controller, taint eviction, ReplicaSet controller and scheduler.</summary>
[Collection(ClusterCollection.Name)]
public sealed class NodeLifecycleSpecs
{
    private const string Ns = "power";
    private const long TolerationSeconds = 30;

    [Fact]
    public async Task Powered_off_node_goes_Unknown_gets_tainted_its_pods_are_evicted_and_replaced_and_it_recovers_on_power_on()
    {
        // time-scale 20: node-monitor-grace-period 50s is 2.5s of wall time, the toleration 1.5s.
        var cluster = await StartAsync(timeScale: 20);
        try
        {
            var api = cluster.Api;
            await Until(() => api.ListAsync<V1Node>(), n => n.Count(IsReady) == 3, "3 nodes Ready", describe: n => $"{n.Count(IsReady)}/{n.Count}");
            await CreateNamespaceAsync(api, Ns);
            await api.CreateAsync(Deployment(Ns, "web", 6, "nginx:1.27", tolerationSeconds: TolerationSeconds));
            var pods = await Until(() => api.ListAsync<V1Pod>(Ns), p => p.Count == 6 && p.All(IsReady), "6 pods Ready", describe: Describe);
            var victim = pods.GroupBy(p => p.Spec.NodeName).OrderByDescending(g => g.Count()).First().Key;
            var evicted = pods.Where(p => p.Spec.NodeName == victim).Select(p => p.Metadata.Uid).ToHashSet();
            Assert.NotEmpty(evicted);

            var off = await cluster.StopNodeAsync(victim);
            Assert.True(off.Succeeded, off.Message);

            var node = await Until(
                () => api.GetAsync<V1Node>(null, victim),
                n => n!.Status.Conditions.Single(c => c.Type == "Ready").Status == "Unknown" && Unreachable(n) is not null,
                $"{victim} Ready=Unknown with the unreachable NoExecute taint",
                describe: n => $"Ready={n?.Status.Conditions.Single(c => c.Type == "Ready").Status}, taints [{string.Join(",", n?.Spec.Taints?.Select(t => $"{t.Key}:{t.Effect}") ?? [])}]");
            Assert.Equal("NodeStatusUnknown", node!.Status.Conditions.Single(c => c.Type == "Ready").Reason);
            var taintAdded = Unreachable(node)!.TimeAdded;
            Assert.NotNull(taintAdded);

            // Evicted after the toleration, replaced on the other nodes; the evicted pods stay
            // Terminating while their kubelet is off (nobody can confirm the containers stopped).
            var after = await Until(
                () => api.ListAsync<V1Pod>(Ns),
                p => p.Where(x => evicted.Contains(x.Metadata.Uid)).All(x => x.Metadata.DeletionTimestamp is not null)
                    && p.Count(x => IsReady(x) && x.Spec.NodeName != victim) == 6,
                $"the pods of {victim} evicted and 6 replacements Ready elsewhere",
                describe: Describe);
            var terminating = after.Where(x => evicted.Contains(x.Metadata.Uid)).ToList();
            Assert.Equal(evicted.Count, terminating.Count);
            foreach (var p in terminating)
            {
                // The taint manager deleted it no earlier than taint time + tolerationSeconds (emulated clock).
                var deletedAt = p.Metadata.DeletionTimestamp!.Value.AddSeconds(-(p.Metadata.DeletionGracePeriodSeconds ?? 0));
                Assert.True(
                    deletedAt >= taintAdded!.Value.AddSeconds(TolerationSeconds - 1),
                    $"{p.Metadata.Name} deleted at {deletedAt:O}, before the taint ({taintAdded:O}) + {TolerationSeconds}s");
            }

            Assert.DoesNotContain(after, x => x.Metadata.DeletionTimestamp is null && x.Spec.NodeName == victim);

            var on = await cluster.StartNodeAsync(victim);
            Assert.True(on.Succeeded, on.Message);
            await Until(
                async () => (Node: await api.GetAsync<V1Node>(null, victim), Pods: await api.ListAsync<V1Pod>(Ns)),
                s => IsReady(s.Node!) && s.Node!.Spec.Taints?.Any(t => t.Effect == "NoExecute") != true
                    && !s.Pods.Any(x => evicted.Contains(x.Metadata.Uid)) && s.Pods.Count == 6 && s.Pods.All(IsReady),
                $"{victim} Ready without taints and its evicted pods gone",
                describe: s => $"Ready={IsReady(s.Node!)}, taints [{string.Join(",", s.Node!.Spec.Taints?.Select(t => t.Key) ?? [])}]; pods: {Describe(s.Pods)}");
            var nodes = await api.ListAsync<V1Node>();
            Assert.Equal(3, nodes.Count(IsReady));
        }
        finally
        {
            await StopAsync(cluster);
        }
    }

    private static V1Taint? Unreachable(V1Node? n) =>
        n?.Spec.Taints?.FirstOrDefault(t => t.Key == WellKnown.TaintNodeUnreachable && t.Effect == "NoExecute");
}
