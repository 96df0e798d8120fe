using System.Net;
using System.Net.Sockets;
using ActorKube.ControlPlane.Etcd;

namespace ActorKube.ControlPlane.Tests.Etcd;

/// <summary>What a control plane says when it cannot use PostgreSQL, before any actor starts.</summary>
public sealed class PostgresStorageTests
{
    [Fact]
    public void Describe_names_host_port_database_and_user_but_not_the_password()
    {
        var d = PostgresStorage.Describe("Host=db.example;Port=5433;Username=ak;Password=s3cret;Database=etcd");

        Assert.Equal("PostgreSQL db.example:5433 database etcd as ak", d);
        Assert.DoesNotContain("s3cret", d, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, false, false, "no schema of the search path exists for ak")]
    [InlineData("public", false, false, "ak may not create the etcd tables (journal, snapshot) in schema public: GRANT CREATE ON SCHEMA public TO ak")]
    [InlineData("public", false, true, null)] // made by someone else: fine
    [InlineData("public", true, false, null)] // made on first start
    [InlineData("etcd", true, true, null)]
    public void Tables_must_exist_or_be_creatable_in_the_first_schema_of_the_search_path(string? schema, bool canCreate, bool tablesExist, string? problem)
    {
        var found = PostgresStorage.TablesProblem("ak", schema, canCreate, tablesExist);

        if (problem is null)
        {
            Assert.Null(found);
        }
        else
        {
            Assert.StartsWith(problem, found, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Reason_joins_the_messages_of_the_causes_once_each()
    {
        var e = new InvalidOperationException("Failed to connect to 127.0.0.1:1", new SocketException((int)SocketError.ConnectionRefused));

        Assert.Equal("Failed to connect to 127.0.0.1:1: Connection refused", PostgresStorage.Reason(e));
        Assert.Equal("x", PostgresStorage.Reason(new InvalidOperationException("x", new InvalidOperationException("x"))));
    }

    [Theory]
    [InlineData("", "needs a connection string (--connection-string or actorkube.etcd.connection-string)")]
    [InlineData("Hots=127.0.0.1", "not one PostgreSQL (Npgsql) reads: Couldn't set hots")]
    [InlineData("Host=127.0.0.1;Port=abc;Password=s3cret", "not one PostgreSQL (Npgsql) reads: Couldn't set port")]
    [InlineData("garbage", "not one PostgreSQL (Npgsql) reads")]
    public void Settings_reject_a_postgres_connection_string_Npgsql_cannot_read_without_echoing_it(string connectionString, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => new EtcdSettings(EtcdSettings.Postgres, connectionString).Validate());

        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Connect_timeout_is_read_from_hocon()
    {
        var settings = EtcdSettings.FromConfig(Akka.Configuration.ConfigurationFactory.ParseString("storage = memory, connect-timeout = 3s"));

        Assert.Equal(TimeSpan.FromSeconds(3), settings.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), EtcdSettings.FromConfig(null).ConnectTimeout);
    }

    [Fact]
    public async Task A_server_that_refuses_connections_fails_after_the_connect_timeout_with_the_reason()
    {
        var port = ClosedPort();
        var waits = new List<string>();
        var started = DateTime.UtcNow;

        var e = await Assert.ThrowsAsync<EtcdStorageException>(() => PostgresStorage.CheckAsync(
            $"Host=127.0.0.1;Port={port};Username=ak;Password=s3cret;Database=etcd", TimeSpan.FromSeconds(2), waits.Add, CancellationToken.None));

        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(20));
        Assert.StartsWith($"cannot reach PostgreSQL 127.0.0.1:{port} database etcd as ak within 2 s: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("refused", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("s3cret", e.Message, StringComparison.Ordinal);
        Assert.Single(waits); // one line per distinct reason, not one per retry
    }

    [Fact]
    public async Task Waiting_ends_when_the_process_is_told_to_stop()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => PostgresStorage.CheckAsync(
            $"Host=127.0.0.1;Port={ClosedPort()};Username=ak;Database=etcd", TimeSpan.FromMinutes(5), null, stop.Token));
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
