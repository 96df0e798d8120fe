using Npgsql;

namespace ActorKube.Tests.Shared;

/// <summary>
/// A fresh, empty schema in the PostgreSQL database of <c>ACTORKUBE_TEST_POSTGRES</c> (a connection string;
/// <c>.ci/postgres</c> starts a local server and prints one), dropped with everything in it on dispose. Its
/// <see cref="ConnectionString"/> has <c>Search Path</c> set to the schema, so whatever runs on it (the etcd
/// journal and snapshot tables) starts from nothing and no test sees another's rows.
/// </summary>
public sealed class PostgresTestSchema : IAsyncDisposable
{
    public const string Variable = "ACTORKUBE_TEST_POSTGRES";

    private PostgresTestSchema(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    /// <summary>The connection string of the test database, or null when the variable is unset.</summary>
    public static string? ServerConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } cs ? cs : null;

    public static string SkipReason =>
        $"{Variable} is not set: give it a PostgreSQL connection string (`export {Variable}=\"$(sudo .ci/postgres)\"` starts a local server and prints one)";

    public string Name { get; }

    /// <summary>The test database with the search path on this schema only.</summary>
    public string ConnectionString { get; }

    public static async Task<PostgresTestSchema> CreateAsync()
    {
        var server = ServerConnectionString ?? throw new InvalidOperationException(SkipReason);
        var name = "actorkube_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE SCHEMA {name}", admin);
            await create.ExecuteNonQueryAsync();
        }

        var cs = new NpgsqlConnectionStringBuilder(server) { SearchPath = name };
        return new PostgresTestSchema(name, cs.ConnectionString);
    }

    /// <summary>Rows of a table of this schema.</summary>
    public async Task<long> CountAsync(string table)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand($"SELECT COUNT(*) FROM {Name}.{table}", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    /// <summary>The tables of this schema, sorted.</summary>
    public async Task<List<string>> TablesAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = @s ORDER BY table_name", connection);
        query.Parameters.AddWithValue("s", Name);
        var tables = new List<string>();
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    public async ValueTask DisposeAsync()
    {
        // The schema's pooled connections have nothing left to talk to.
        await using (var pooled = new NpgsqlConnection(ConnectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        await using var admin = new NpgsqlConnection(ServerConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {Name} CASCADE", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
