using ActorKube.E2E.Tests.Harness;

namespace ActorKube.E2E.Tests;

/// <summary>Faults from the actorkube CLI, seen with kubectl: the Fault object and what it does to the node.</summary>
[Collection(ClusterCollection.Name)]
public sealed class FaultTests(ClusterFixture fx)
{
    private Kubectl K => fx.Kubectl;

    [Fact]
    public async Task Chaos_node_stop_for_a_while_shows_in_get_faults_and_the_node_goes_NotReady_then_Ready()
    {
        // 90 s of cluster time (9 s of wall time at the cluster's time-scale 10): longer than the 50 s
        // node-monitor-grace-period, or the node would be back before Kubernetes noticed it was gone.
        await using var watch = K.Start("get", "node", "node-2", "-w", "--no-headers");
        var stop = await ActorKubeCommand.RunAsync(["chaos", "node-stop", "node-2", "--for", "90s", "--kubeconfig", fx.Process.Kubeconfig]);
        string? fault = null;
        try
        {
            Assert.True(stop.Succeeded, stop.ToString());
            var lines = stop.Lines;
            Assert.Matches("^fault.chaos.actorkube.io/node-stop-node-2-[a-z0-9]{5} created$", lines[0]);
            Assert.Equal("node node-2 powered off for 90s", lines[1]);
            fault = lines[0]["fault.chaos.actorkube.io/".Length..^" created".Length];

            var row = Assert.Single(KubectlTable.Parse(await K.RunOkAsync("get", "faults")).Rows, r => r["NAME"] == fault);
            Assert.Equal(("NodeStop", "node-2", "Active"), (row["TYPE"], row["TARGET"], row["PHASE"]));

            await watch.WaitForLineAsync(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, "NotReady", ..], TimeSpan.FromSeconds(90), "node-2 NotReady");
            await watch.WaitForLineAsync(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, "Ready", ..], TimeSpan.FromSeconds(90), "node-2 Ready again");
            await K.UntilAsync(
                r => r.Succeeded && KubectlTable.Parse(r.Stdout).Rows is [{ } f] && f["PHASE"] == "Ended",
                "get", "fault", fault);
            var message = await K.RunOkAsync("get", "fault", fault, "-o", "jsonpath={.status.message}");
            Assert.Equal("ended after 90s: node node-2 powered on", message);
        }
        finally
        {
            if (fault is not null)
            {
                await K.RunAsync("delete", "fault", fault, "--ignore-not-found");
            }

            await K.UntilAsync(r => r.Succeeded && r.Stdout.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, "Ready", ..], "get", "node", "node-2", "--no-headers");
        }
    }

    [Fact]
    public async Task A_fault_applied_with_kubectl_takes_effect_and_its_status_shows_start_and_end()
    {
        // 70 s of cluster time (7 s of wall time at time-scale 10): past the 50 s node-monitor-grace-period,
        // short of the 300 s unreachable toleration, so node-3 goes NotReady and keeps its pods.
        var manifest = Path.Combine(Path.GetTempPath(), $"partition-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(manifest, """
            apiVersion: chaos.actorkube.io/v1alpha1
            kind: Fault
            metadata:
              name: partition-node-3-applied
            spec:
              type: NodePartition
              node: node-3
              duration: 70s
            """);
        try
        {
            Assert.Equal("fault.chaos.actorkube.io/partition-node-3-applied created", (await K.RunOkAsync("apply", "-f", manifest)).Trim());
            await K.UntilAsync(r => r.Succeeded && r.Stdout.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, "NotReady", ..], "get", "node", "node-3", "--no-headers");
            await K.UntilAsync(r => r.Succeeded && r.Stdout == "Ended", "get", "fault", "partition-node-3-applied", "-o", "jsonpath={.status.phase}");

            var times = (await K.RunOkAsync("get", "fault", "partition-node-3-applied", "-o", "jsonpath={.status.startedAt} {.status.endedAt}")).Split(' ');
            var started = DateTimeOffset.Parse(times[0], System.Globalization.CultureInfo.InvariantCulture);
            var ended = DateTimeOffset.Parse(times[1], System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(ended - started >= TimeSpan.FromSeconds(70), $"started {started:O}, ended {ended:O}");
            Assert.Equal(
                "ended after 70s: node node-3 reconnected to the control plane",
                await K.RunOkAsync("get", "fault", "partition-node-3-applied", "-o", "jsonpath={.status.message}"));
            await K.UntilAsync(r => r.Succeeded && r.Stdout.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, "Ready", ..], "get", "node", "node-3", "--no-headers");
        }
        finally
        {
            File.Delete(manifest);
            await K.RunAsync("delete", "fault", "partition-node-3-applied", "--ignore-not-found");
            await K.UntilAsync(r => r.Succeeded && r.Stdout.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, "Ready", ..], "get", "node", "node-3", "--no-headers");
        }
    }
}
