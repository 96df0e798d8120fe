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
}
