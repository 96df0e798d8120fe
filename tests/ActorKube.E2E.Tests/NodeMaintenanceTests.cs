using ActorKube.E2E.Tests.Harness;

namespace ActorKube.E2E.Tests;

/// <summary>Node maintenance: cordon, uncordon, drain. Every test leaves its node schedulable again.</summary>
[Collection(ClusterCollection.Name)]
public sealed class NodeMaintenanceTests(ClusterFixture fx)
{
    private Kubectl K => fx.Kubectl;

    [Fact]
    public async Task Cordon_marks_a_node_unschedulable_and_uncordon_undoes_it()
    {
        try
        {
            Assert.Equal("node/node-3 cordoned", (await K.RunOkAsync("cordon", "node-3")).Trim());
            var node = Assert.Single(KubectlTable.Parse(await K.RunOkAsync("get", "node", "node-3")).Rows);
            Assert.Equal("Ready,SchedulingDisabled", node["STATUS"]);
            Assert.Equal("true", await K.RunOkAsync("get", "node", "node-3", "-o", "jsonpath={.spec.unschedulable}"));
            Assert.Equal("node/node-3 already cordoned", (await K.RunOkAsync("cordon", "node-3")).Trim());

            Assert.Equal("node/node-3 uncordoned", (await K.RunOkAsync("uncordon", "node-3")).Trim());
            node = Assert.Single(KubectlTable.Parse(await K.RunOkAsync("get", "node", "node-3")).Rows);
            Assert.Equal("Ready", node["STATUS"]);
        }
        finally
        {
            await K.RunAsync("uncordon", "node-3");
        }
    }

    [Fact]
    public async Task Drain_evicts_every_pod_and_the_deployment_replaces_its_pods_on_other_nodes()
    {
        var ns = await fx.NewNamespaceAsync("drain");
        await K.RunOkAsync("create", "deployment", "movers", "--image=nginx", "--replicas=3", "-n", ns);
        await K.RunOkAsync("run", "loner", "--image=nginx", "-n", ns);
        await K.UntilAsync(r => r.Succeeded && KubectlTable.Parse(r.Stdout).Rows is { Count: 4 } rows && rows.All(p => p["STATUS"] == "Running"), "get", "pods", "-n", ns);

        // The bare pod's node: draining it needs --force, and it has a Deployment's pods or not.
        var node = await K.RunOkAsync("get", "pod", "loner", "-n", ns, "-o", "jsonpath={.spec.nodeName}");
        try
        {
            var drain = await K.RunAsync(
                ["drain", node, "--ignore-daemonsets", "--delete-emptydir-data", "--force", "--timeout=120s"],
                TimeSpan.FromSeconds(150));
            Assert.True(drain.Succeeded, drain.ToString());
            var lines = drain.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.Equal($"node/{node} cordoned", lines[0]);
            Assert.Equal($"node/{node} drained", lines[^1]);
            Assert.Contains($"evicting pod {ns}/loner", lines);
            Assert.Contains("pod/loner evicted", lines);
            Assert.Matches($@"(?m)^Warning: deleting Pods that declare no controller: (\S+, )*{ns}/loner\b", drain.Stderr);

            // Nothing of the namespace is left on the node; the Deployment's 3 pods run elsewhere, the bare pod is gone.
            var onNode = await K.RunAsync("get", "pods", "-n", ns, "--field-selector", $"spec.nodeName={node}");
            Assert.True(onNode.Succeeded && onNode.Stdout.Length == 0, onNode.ToString());
            await K.UntilAsync(
                r => r.Succeeded && KubectlTable.Parse(r.Stdout).Rows is { Count: 3 } rows && rows.All(p => p["STATUS"] == "Running" && p["NODE"] != node),
                "get", "pods", "-n", ns, "-l", "app=movers", "-o", "wide");
            var loner = await K.RunFailingAsync(1, "get", "pod", "loner", "-n", ns);
            Assert.Contains("(NotFound)", loner.Stderr, StringComparison.Ordinal);
            Assert.Equal("Ready,SchedulingDisabled", Assert.Single(KubectlTable.Parse(await K.RunOkAsync("get", "node", node)).Rows)["STATUS"]);
        }
        finally
        {
            await K.RunAsync("uncordon", node);
        }
    }
}
