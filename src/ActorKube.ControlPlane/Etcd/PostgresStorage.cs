using System.Globalization;
using Npgsql;

namespace ActorKube.ControlPlane.Etcd;

/// <summary>
/// Before an actor system starts etcd on PostgreSQL: is the server there, does it let us in, and can the journal and
/// snapshot tables be found or created? Akka.Persistence.Sql would retry all of that in the background for ever, and
/// the apiserver would wait for an etcd that never recovers; a process that cannot use its storage says why and exits.
/// </summary>
public static class PostgresStorage
{
    /// <summary>Where a connection string points, without its password (for messages and logs).</summary>
    public static string Describe(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        var user = b.Username ?? Environment.GetEnvironmentVariable("PGUSER") ?? Environment.UserName;
        var host = b.Host ?? Environment.GetEnvironmentVariable("PGHOST") ?? "localhost";
        return $"PostgreSQL {host}:{b.Port.ToString(CultureInfo.InvariantCulture)} database {b.Database ?? user} as {user}";
    }

    /// <summary>
    /// Waits until the server accepts a session, retrying what Npgsql calls transient (a refused connection, a
    /// timeout, a server still starting) until <paramref name="timeout"/>; a refused login or a missing database fails
    /// at once. Then checks the etcd tables exist or can be created. Throws <see cref="EtcdStorageException"/>.
    /// </summary>
    public static async Task CheckAsync(string connectionString, TimeSpan timeout, Action<string>? waiting, CancellationToken cancellationToken)
    {
        var where = Describe(connectionString);
        var deadline = DateTime.UtcNow + timeout;
        string? lastReason = null;
        while (true)
        {
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attempt.CancelAfter(Max(deadline - DateTime.UtcNow, TimeSpan.FromMilliseconds(100)));
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(attempt.Token).ConfigureAwait(false);
                await using var probe = new NpgsqlCommand(
                    """
                    SELECT current_user::text, current_schema()::text,
                           current_schema() IS NOT NULL AND has_schema_privilege(current_schema(), 'CREATE'),
                           to_regclass(@journal) IS NOT NULL AND to_regclass(@snapshot) IS NOT NULL
                    """,
                    connection);
                probe.Parameters.AddWithValue("journal", EtcdPersistence.JournalTable);
                probe.Parameters.AddWithValue("snapshot", EtcdPersistence.SnapshotTable);
                await using var reader = await probe.ExecuteReaderAsync(attempt.Token).ConfigureAwait(false);
                await reader.ReadAsync(attempt.Token).ConfigureAwait(false);
                var problem = TablesProblem(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetBoolean(2), reader.GetBoolean(3));
                if (problem is not null)
                {
                    throw new EtcdStorageException($"cannot use {where}: {problem}");
                }

                return;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new EtcdStorageException($"cannot reach {where} within {timeout.TotalSeconds:F0} s{(lastReason is null ? "" : ": " + lastReason)}");
            }
            catch (NpgsqlException e) when (e.IsTransient && DateTime.UtcNow < deadline)
            {
                var reason = Reason(e);
                if (reason != lastReason)
                {
                    waiting?.Invoke($"waiting for {where}: {reason}");
                    lastReason = reason;
                }

                await Task.Delay(Min(TimeSpan.FromSeconds(1), Max(deadline - DateTime.UtcNow, TimeSpan.Zero)), cancellationToken).ConfigureAwait(false);
            }
            catch (NpgsqlException e)
            {
                throw new EtcdStorageException($"cannot {(e.IsTransient ? $"reach {where} within {timeout.TotalSeconds:F0} s" : $"use {where}")}: {Reason(e)}", e);
            }
        }
    }

    /// <summary>Why the etcd tables cannot be used, or null: the journal and snapshot tables must exist already or be
    /// creatable in the first schema of the search path (PostgreSQL 15 lets only the database owner create in public).</summary>
    public static string? TablesProblem(string user, string? schema, bool canCreate, bool tablesExist) =>
        schema is null ? $"no schema of the search path exists for {user} (check Search Path in the connection string)"
        : tablesExist || canCreate ? null
        : $"{user} may not create the etcd tables ({EtcdPersistence.JournalTable}, {EtcdPersistence.SnapshotTable}) in schema {schema}: GRANT CREATE ON SCHEMA {schema} TO {user}, or use a database {user} owns";

    /// <summary>The messages of an exception and its causes, once each ("Failed to connect to 127.0.0.1:1: Connection refused").</summary>
    public static string Reason(Exception e)
    {
        var messages = new List<string>();
        for (var x = e; x is not null; x = x.InnerException)
        {
            if (!messages.Any(m => m.Contains(x.Message, StringComparison.Ordinal)))
            {
                messages.Add(x.Message);
            }
        }

        return string.Join(": ", messages);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
