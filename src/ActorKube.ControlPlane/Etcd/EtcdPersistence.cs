using Akka.Configuration;
using Akka.Persistence.Sql;
using Microsoft.Data.Sqlite;

namespace ActorKube.ControlPlane.Etcd;

/// <summary>The Akka configuration the etcd actor needs: its journal and snapshot plugins and its serializer.</summary>
public static class EtcdPersistence
{
    /// <summary>Tables of Akka.Persistence.Sql's default table mapping, created on first start (auto-initialize).</summary>
    public const string JournalTable = "journal";

    public const string SnapshotTable = "snapshot";

    /// <summary>Serializer and bindings of the journal events and snapshots (part of every <see cref="Config(EtcdSettings, string)"/>).</summary>
    public static readonly Config SerializationConfig = ConfigurationFactory.ParseString($$"""
        akka.actor {
          serializers.actorkube-etcd = "{{typeof(EtcdSerializer).AssemblyQualifiedShortName()}}"
          serialization-bindings {
            "{{typeof(EtcdBatchStored).AssemblyQualifiedShortName()}}" = actorkube-etcd
            "{{typeof(EtcdSnapshot).AssemblyQualifiedShortName()}}" = actorkube-etcd
          }
        }
        """);

    /// <summary>Persistence config for <paramref name="settings"/>. For sqlite with no connection string the database is
    /// <c>&lt;dataDir&gt;/etcd.db</c>; the directory is created and the file switched to WAL mode here, before the
    /// actor system starts (journal_mode is persistent in the file).</summary>
    public static Config Config(EtcdSettings settings, string dataDir)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        return settings.Storage switch
        {
            EtcdSettings.Memory => MemoryConfig(),
            EtcdSettings.Postgres => SqlConfig("PostgreSQL.15", settings.ConnectionString),
            _ => SqlConfig("SQLite.MS", PrepareSqlite(settings.ConnectionString, dataDir)),
        };
    }

    /// <summary>
    /// Before the actor system starts: checks that the storage of <paramref name="settings"/> can be used (for postgres:
    /// the server answers within actorkube.etcd.connect-timeout, lets us in, and the tables exist or can be made), so
    /// that a process that cannot store anything fails with the reason instead of waiting for an etcd that never
    /// recovers. <paramref name="waiting"/> hears about retries. Throws <see cref="EtcdStorageException"/>.
    /// </summary>
    public static Task CheckStorageAsync(EtcdSettings settings, Action<string>? waiting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Storage == EtcdSettings.Postgres
            ? PostgresStorage.CheckAsync(settings.ConnectionString, settings.ConnectTimeout, waiting, cancellationToken)
            : Task.CompletedTask;
    }

    /// <summary>Shortcut: <c>Config(new EtcdSettings(storage, connectionString ?? ""), dataDir)</c>.</summary>
    public static Config Config(string storage, string dataDir, string? connectionString = null) =>
        Config(new EtcdSettings(storage, connectionString ?? ""), dataDir);

    /// <summary>Creates the SQLite file in WAL mode (one writer, readers do not block it) and returns its connection string.</summary>
    public static string PrepareSqlite(string connectionString, string dataDir)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            Directory.CreateDirectory(dataDir);
            connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(Path.GetFullPath(dataDir), "etcd.db") }.ToString();
        }

        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode=WAL;";
        pragma.ExecuteNonQuery();
        return connectionString;
    }

    private static Config MemoryConfig() => ConfigurationFactory.ParseString("""
        akka.persistence {
          journal.plugin = "akka.persistence.journal.inmem"
          snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        }
        """).WithFallback(SerializationConfig);

    private static Config SqlConfig(string provider, string connectionString)
    {
        var cs = Quote(connectionString);
        return ConfigurationFactory.ParseString($$"""
            akka.persistence {
              journal {
                plugin = "akka.persistence.journal.sql"
                sql {
                  class = "Akka.Persistence.Sql.Journal.SqlWriteJournal, Akka.Persistence.Sql"
                  connection-string = {{cs}}
                  provider-name = "{{provider}}"
                  auto-initialize = on
                  # a batch is one row with a large blob: send it as a parameter, not inlined in the SQL text
                  prefer-parameters-on-multirow-insert = true
                  # SQLite has one writer: a journal write can wait behind a snapshot of a large store
                  # (hundreds of MB at 100k pods). A timeout here fails the batch and restarts etcd.
                  circuit-breaker { call-timeout = 120s, reset-timeout = 30s }
                }
              }
              snapshot-store {
                plugin = "akka.persistence.snapshot-store.sql"
                sql {
                  class = "Akka.Persistence.Sql.Snapshot.SqlSnapshotStore, Akka.Persistence.Sql"
                  connection-string = {{cs}}
                  provider-name = "{{provider}}"
                  auto-initialize = on
                  circuit-breaker { call-timeout = 120s, reset-timeout = 30s }
                }
              }
            }
            """).WithFallback(SerializationConfig).WithFallback(SqlPersistence.DefaultConfiguration);
    }

    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string AssemblyQualifiedShortName(this Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";
}
