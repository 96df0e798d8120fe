using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ActorKube.E2E.Tests.Harness;

namespace ActorKube.E2E.Tests;

/// <summary><c>actorkube up</c> as a process: bad flags, a port in use, and a clean stop on SIGTERM.</summary>
[Collection(OwnProcessCollection.Name)]
public sealed class UpCommandTests
{
    private static readonly TimeSpan ExitLimit = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Up_with_no_workers_exits_2_naming_the_flags()
    {
        await using var p = ActorKubeProcess.Launch(["up", "--workers", "0", "--api-port", "0"]);
        Assert.True(await p.WaitForExitAsync(ExitLimit) == 2, p.Describe());
        Assert.Contains("--workers and --control-planes must be 1 or more", p.Stderr(), StringComparison.Ordinal);
        Assert.Equal("", p.Stdout);
    }

    [Fact]
    public async Task An_api_port_out_of_range_exits_2_naming_the_flag()
    {
        await using var p = ActorKubeProcess.Launch(["up", "--in-process", "--api-port", "70000", "--nodes", "0"]);
        Assert.True(await p.WaitForExitAsync(ExitLimit) == 2, p.Describe());
        Assert.Contains("--api-port", p.Stderr(), StringComparison.Ordinal);
        Assert.Contains("70000", p.Stderr(), StringComparison.Ordinal);
        Assert.Equal("", p.Stdout);
    }

    [Fact]
    public async Task A_port_in_use_exits_1_naming_the_port()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        await using var p = ActorKubeProcess.Launch(dataDir => ["up", "--in-process", "--data-dir", dataDir, "--api-port", port.ToString(CultureInfo.InvariantCulture), "--nodes", "0"]);
        Assert.True(await p.WaitForExitAsync(ExitLimit) == 1, p.Describe());
        Assert.Contains($"127.0.0.1:{port}", p.Stderr(), StringComparison.Ordinal);
        Assert.DoesNotContain("export KUBECONFIG=", p.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sigterm_stops_the_cluster_cleanly_with_exit_code_0()
    {
        await using var cluster = await ActorKubeProcess.StartAsync(nodes: 1);
        var pid = cluster.Pid;

        Assert.True(await cluster.StopAsync() == 0, cluster.Describe());
        Assert.Contains("ActorKube is shutting down", cluster.Stderr(), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Process.GetProcessById(pid));
    }
}
