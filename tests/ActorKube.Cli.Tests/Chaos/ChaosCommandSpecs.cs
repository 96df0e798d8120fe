using System.Net;
using System.Net.Sockets;
using ActorKube.Cli.Chaos;
using ActorKube.Cli.Tests.Integration;
using ActorKube.Cli.Up;
using ActorKube.Core.Objects.Chaos;
using ActorKube.Http.Hosting;
using static ActorKube.Cli.Tests.Integration.ClusterTestKit;

namespace ActorKube.Cli.Tests.Chaos;

/// <summary>`actorkube chaos` against an in-process cluster's REST API over HTTPS with a token, as after `actorkube up --token`.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ChaosCommandSpecs
{
    private sealed record Run(int Code, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {Code}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
    }

    private static async Task<Run> RunAsync(Func<ChaosRunner, Task<int>> command)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await command(new ChaosRunner(stdout, stderr, TimeSpan.FromSeconds(60)));
        return new Run(code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Node_stop_list_and_node_start_drive_faults_through_the_api()
    {
        var cluster = await StartAsync(timeScale: 20);
        try
        {
            await Until(() => cluster.Api.ListAsync<V1Node>(), n => n.Count(IsReady) == 3, "3 nodes Ready", describe: n => $"{n.Count(IsReady)}/{n.Count}");
            await using var api = await cluster.StartApiAsync(new KubeApiOptions { Port = 0, Token = "s3cret" });
            var kubeconfig = Kubeconfig.Write(cluster.DataDir, api.Url, "s3cret", SelfSignedCertificate.ToPem(api.Certificate!));

            var stop = await RunAsync(r => r.InjectAsync(kubeconfig, FaultTypes.NodeStop, "node-2", "10m", CancellationToken.None));
            Assert.True(stop.Code == 0, stop.ToString());
            var lines = stop.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Matches("^fault.chaos.actorkube.io/node-stop-node-2-[a-z0-9]{5} created$", lines[0]);
            Assert.Equal("node node-2 powered off for 10m", lines[1]);
            var name = lines[0]["fault.chaos.actorkube.io/".Length..^" created".Length];

            var list = await RunAsync(r => r.ListAsync(kubeconfig, CancellationToken.None));
            Assert.True(list.Code == 0, list.ToString());
            var table = list.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Matches(@"^NAME\s+TYPE\s+TARGET\s+PHASE\s+AGE$", table[0]);
            Assert.Matches($@"^{name}\s+NodeStop\s+node-2\s+Active\s+\d+s$", Assert.Single(table[1..]));

            await Until(() => cluster.Api.GetAsync<V1Node>(null, "node-2"), n => !IsReady(n!), "node-2 not Ready");

            var start = await RunAsync(r => r.LiftAsync(kubeconfig, FaultTypes.NodeStop, "node-2", CancellationToken.None));
            Assert.True(start.Code == 0, start.ToString());
            Assert.Equal([$"fault.chaos.actorkube.io/{name} deleted", "node node-2 powered on"], start.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Null(await cluster.Api.GetAsync<V1alpha1Fault>(null, name));
            await Until(() => cluster.Api.GetAsync<V1Node>(null, "node-2"), n => IsReady(n!), "node-2 Ready again");

            // Nothing left to lift, an unknown node, an empty list.
            var again = await RunAsync(r => r.LiftAsync(kubeconfig, FaultTypes.NodeStop, "node-2", CancellationToken.None));
            Assert.Equal((1, "error: no NodeStop fault on node node-2 (actorkube chaos list shows the faults)"), (again.Code, again.Stderr.Trim()));
            var unknown = await RunAsync(r => r.InjectAsync(kubeconfig, FaultTypes.NodePartition, "node-9", null, CancellationToken.None));
            Assert.Equal((1, "error: node \"node-9\" not found (kubectl get nodes lists them)", ""), (unknown.Code, unknown.Stderr.Trim(), unknown.Stdout));
            Assert.Empty(await cluster.Api.ListAsync<V1alpha1Fault>());

            // In one process no message crosses a network: a network fault is Failed, with the reason.
            var delay = await RunAsync(r => r.InjectNetworkAsync(kubeconfig, FaultTypes.NetworkDelay, "worker-1", "control-plane-1", 200, null, CancellationToken.None));
            Assert.Equal(1, delay.Code);
            Assert.Matches("^fault.chaos.actorkube.io/delay-worker-1-control-plane-1-[a-z0-9]{5} created$", delay.Stdout.Trim());
            Assert.Matches(
                "^error: fault delay-worker-1-control-plane-1-[a-z0-9]{5} failed: " + System.Text.RegularExpressions.Regex.Escape(ActorKube.Cluster.Network.NetworkFaultCoordinator.NotClustered) + "$",
                delay.Stderr.Trim());
            var failed = Assert.Single(await cluster.Api.ListAsync<V1alpha1Fault>());
            Assert.Equal(FaultPhases.Failed, failed.Status!.Phase);
            Assert.True((await cluster.Api.DeleteAsync<V1alpha1Fault>(null, failed.Metadata.Name)).IsSuccess);
            await Until(() => cluster.Api.ListAsync<V1alpha1Fault>(), f => f.Count == 0, "the failed fault deleted");

            var empty = await RunAsync(r => r.ListAsync(kubeconfig, CancellationToken.None));
            Assert.Equal((0, "", "No faults found."), (empty.Code, empty.Stdout, empty.Stderr.Trim()));
        }
        finally
        {
            await StopAsync(cluster);
        }
    }

    [Fact]
    public async Task Bad_input_is_exit_2_and_an_unreachable_cluster_exit_1()
    {
        var dir = NewTempDir();
        Directory.CreateDirectory(dir);
        try
        {
            var missing = Path.Combine(dir, "kubeconfig");
            var duration = await RunAsync(r => r.InjectAsync(missing, FaultTypes.NodeStop, "node-1", "soon", CancellationToken.None));
            Assert.Equal((2, "error: --for must be a duration such as 60s, 5m or 1h30m (got \"soon\")"), (duration.Code, duration.Stderr.Trim()));
            var zero = await RunAsync(r => r.InjectAsync(missing, FaultTypes.NodeStop, "node-1", "0s", CancellationToken.None));
            Assert.Equal(2, zero.Code);

            foreach (var (type, from, to, amount, error) in new[]
                     {
                         (FaultTypes.NetworkDelay, "worker-1", "control-plane-1", 0, "error: --ms must be between 1 and 60000 (got 0)"),
                         (FaultTypes.NetworkDelay, "worker-1", "control-plane-1", 60_001, "error: --ms must be between 1 and 60000 (got 60001)"),
                         (FaultTypes.NetworkLoss, "worker-1", "control-plane-1", 101, "error: --percent must be between 1 and 100 (got 101)"),
                         (FaultTypes.NetworkLoss, "worker-1", "worker-1", 10, "error: --from and --to must be two processes (both are worker-1)"),
                     })
            {
                var bad = await RunAsync(r => r.InjectNetworkAsync(missing, type, from, to, amount, null, CancellationToken.None));
                Assert.Equal((2, error), (bad.Code, bad.Stderr.Trim()));
            }

            var noConfig = await RunAsync(r => r.ListAsync(missing, CancellationToken.None));
            Assert.Equal(2, noConfig.Code);
            Assert.Contains($"no kubeconfig at {missing}", noConfig.Stderr, StringComparison.Ordinal);

            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            var kubeconfig = Kubeconfig.Write(dir, new Uri($"http://127.0.0.1:{port}"), null);
            var down = await RunAsync(r => r.InjectAsync(kubeconfig, FaultTypes.NodeStop, "node-1", null, CancellationToken.None));
            Assert.Equal(1, down.Code);
            Assert.StartsWith($"error: cannot reach the cluster at http://127.0.0.1:{port}:", down.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            TryDelete(dir);
        }
    }

    [Fact]
    public void The_kubeconfig_is_the_flag_then_KUBECONFIG_then_the_data_dir()
    {
        Assert.Equal("/a/config", ClusterConnection.ResolveKubeconfig("/a/config", "/data", "/env/config"));
        Assert.Equal("/env/config", ClusterConnection.ResolveKubeconfig(null, "/data", "/env/config:/other"));
        Assert.Equal(Path.Combine("/data", "kubeconfig"), ClusterConnection.ResolveKubeconfig(null, "/data", null));
        Assert.EndsWith(Path.Combine(".actorkube", "kubeconfig"), ClusterConnection.ResolveKubeconfig(null, null, ""), StringComparison.Ordinal);
    }

    [Fact]
    public void Tables_are_padded_like_kubectls() =>
        Assert.Equal("NAME     TYPE\nlonger   NodeStop\n", ChaosRunner.Format([["NAME", "TYPE"], ["longer", "NodeStop"]]));
}
