using System.Net;
using System.Net.Sockets;
using ActorKube.E2E.Tests.Harness;
using ActorKube.Tests.Shared;
using Npgsql;

namespace ActorKube.E2E.Tests;

/// <summary>
/// `--storage postgres` with a PostgreSQL that cannot be used: the command says why (without the password) and exits,
/// 2 for a connection string that cannot be read, 1 for a server that does not answer or refuses the login.
/// </summary>
[Collection(OwnProcessCollection.Name)]
public sealed class PostgresStartupTests
{
    private static readonly TimeSpan ExitLimit = TimeSpan.FromSeconds(90);

    [Theory]
    [InlineData(null, "storage postgres needs a connection string (--connection-string or actorkube.etcd.connection-string)")]
    [InlineData("Hots=127.0.0.1;Password=s3cret", "the connection string is not one PostgreSQL (Npgsql) reads: Couldn't set hots")]
    public async Task Postgres_without_a_readable_connection_string_exits_2_saying_what_to_give(string? connectionString, string message)
    {
        string[] cs = connectionString is null ? [] : ["--connection-string", connectionString];
        await using var p = ActorKubeProcess.Launch(["up", "--workers", "1", "--api-port", "0", "--storage", "postgres", .. cs]);

        Assert.True(await p.WaitForExitAsync(ExitLimit) == 2, p.Describe());
        Assert.Contains(message, p.Stderr(), StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", p.Stderr(), StringComparison.Ordinal);
        Assert.Equal("", p.Stdout);
    }

    [Fact]
    public async Task Up_with_an_unreachable_Postgres_exits_1_after_the_connect_timeout_naming_the_server_and_the_control_plane()
    {
        var port = ClosedPort();
        await using var p = ActorKubeProcess.Launch(dataDir =>
            ["up", "--control-planes", "2", "--workers", "1", "--data-dir", dataDir, "--api-port", "0", "--config", ShortConnectTimeout(dataDir),
             "--storage", "postgres", "--connection-string", $"Host=127.0.0.1;Port={port};Username=actorkube;Password=s3cret;Database=etcd"]);

        Assert.True(await p.WaitForExitAsync(ExitLimit) == 1, p.Describe());
        var stderr = p.Stderr();
        Assert.Contains("error: control-plane-1 did not start (exit code 1)", stderr, StringComparison.Ordinal);
        Assert.Contains($"error: cannot reach PostgreSQL 127.0.0.1:{port} database etcd as actorkube within 2 s: ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("export KUBECONFIG=", p.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Up_in_process_with_an_unreachable_Postgres_exits_1_after_the_connect_timeout_naming_the_server()
    {
        var port = ClosedPort();
        await using var p = ActorKubeProcess.Launch(dataDir =>
            ["up", "--in-process", "--data-dir", dataDir, "--api-port", "0", "--nodes", "0", "--config", ShortConnectTimeout(dataDir),
             "--storage", "postgres", "--connection-string", $"Host=127.0.0.1;Port={port};Username=actorkube;Password=s3cret;Database=etcd"]);

        Assert.True(await p.WaitForExitAsync(ExitLimit) == 1, p.Describe());
        Assert.Contains($"error: cannot reach PostgreSQL 127.0.0.1:{port} database etcd as actorkube within 2 s: ", p.Stderr(), StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", p.Stderr(), StringComparison.Ordinal);
        Assert.DoesNotContain("export KUBECONFIG=", p.Stdout, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Control_plane_with_a_wrong_Postgres_password_exits_1_at_once_with_the_server_reason()
    {
        var wrong = new NpgsqlConnectionStringBuilder(PostgresTestSchema.ServerConnectionString) { Password = "not-the-password" }.ConnectionString;
        await using var p = ActorKubeProcess.Launch(dataDir =>
            ["control-plane", "--data-dir", dataDir, "--api-port", "0", "--nodes", "0", "--storage", "postgres", "--connection-string", wrong]);

        Assert.True(await p.WaitForExitAsync(ExitLimit) == 1, p.Describe());
        Assert.Contains("28P01: password authentication failed", p.Stderr(), StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", p.Stderr(), StringComparison.Ordinal);
    }

    /// <summary>A --config file beside the data dir that makes the control planes give up on PostgreSQL after 2 s.</summary>
    private static string ShortConnectTimeout(string dataDir)
    {
        var file = Path.Combine(Path.GetDirectoryName(dataDir)!, "connect-timeout.conf");
        File.WriteAllText(file, "actorkube.etcd.connect-timeout = 2s\n");
        return file;
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
