using Npgsql;

namespace ActorKube.ControlPlane.Etcd;

/// <summary>Settings of the etcd actor, HOCON section <c>actorkube.etcd</c>.</summary>
/// <param name="Storage">sqlite (one file in the data directory), postgres, or memory.</param>
/// <param name="ConnectionString">Database connection string; empty for sqlite means <c>Data Source=&lt;data-dir&gt;/etcd.db</c>.</param>
/// <param name="SnapshotEvery">Save a snapshot after this many journal events (batches), then delete the older journal entries and snapshots.</param>
/// <param name="HistoryRevisions">Auto-compaction keeps this many recent revisions (etcd's revision retention); 0 disables it.</param>
/// <param name="MaxBatch">Most writes in one journal event; more waiting writes go into several events of one journal write.</param>
public sealed record EtcdSettings(
    string Storage = EtcdSettings.Sqlite,
    string ConnectionString = "",
    int SnapshotEvery = 10_000,
    long HistoryRevisions = 200_000,
    int MaxBatch = 5_000)
{
    public const string Sqlite = "sqlite";
    public const string Memory = "memory";
    public const string Postgres = "postgres";

    /// <summary>postgres: how long a starting process waits for the server to accept a session before it gives up.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public static EtcdSettings FromConfig(Akka.Configuration.Config? section)
    {
        var d = new EtcdSettings();
        if (section is null || section.IsEmpty)
        {
            return d;
        }

        var settings = new EtcdSettings(
            section.GetString("storage", d.Storage),
            section.GetString("connection-string", d.ConnectionString),
            section.GetInt("snapshot-every", d.SnapshotEvery),
            section.GetLong("history-revisions", d.HistoryRevisions),
            section.GetInt("max-batch", d.MaxBatch))
        {
            ConnectTimeout = section.GetTimeSpan("connect-timeout", d.ConnectTimeout),
        };
        settings.Validate();
        return settings;
    }

    public void Validate()
    {
        if (Storage is not (Sqlite or Memory or Postgres))
        {
            throw new ArgumentException($"actorkube.etcd.storage must be sqlite, memory or postgres, not '{Storage}'");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(SnapshotEvery, 1, "actorkube.etcd.snapshot-every");
        ArgumentOutOfRangeException.ThrowIfNegative(HistoryRevisions, "actorkube.etcd.history-revisions");
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatch, 1, "actorkube.etcd.max-batch");
        if (ConnectTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"actorkube.etcd.connect-timeout must be positive, not {ConnectTimeout}");
        }

        if (Storage == Postgres)
        {
            ValidatePostgresConnectionString(ConnectionString);
        }
    }

    private static void ValidatePostgresConnectionString(string connectionString)
    {
        const string Example = "\"Host=...;Port=5432;Username=...;Password=...;Database=...\"";
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ArgumentException($"storage postgres needs a connection string (--connection-string or actorkube.etcd.connection-string), e.g. {Example}");
        }

        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            // The builder's message names the keyword, never the value: no password in the output.
            throw new ArgumentException($"the connection string is not one PostgreSQL (Npgsql) reads: {e.Message.TrimEnd('.')}; e.g. {Example}", e);
        }
    }
}
