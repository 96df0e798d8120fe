using ActorKube.ControlPlane.Etcd;
using ActorKube.Tests.Shared;
using Npgsql;

namespace ActorKube.ControlPlane.Tests.Etcd;

/// <summary>The storage check against the real server of ACTORKUBE_TEST_POSTGRES: what passes, and what fails at once.</summary>
public sealed class PostgresStorageSpecs
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [PostgresFact]
    public async Task An_empty_schema_the_user_owns_passes_and_is_left_empty()
    {
        await using var schema = await PostgresTestSchema.CreateAsync();

        await EtcdPersistence.CheckStorageAsync(new EtcdSettings(EtcdSettings.Postgres, schema.ConnectionString), null, CancellationToken.None);

        Assert.Empty(await schema.TablesAsync());
    }

    [PostgresFact]
    public async Task A_wrong_password_fails_at_once_with_the_server_reason_and_without_the_password()
    {
        var wrong = new NpgsqlConnectionStringBuilder(PostgresTestSchema.ServerConnectionString) { Password = "not-the-password" }.ConnectionString;
        var started = DateTime.UtcNow;

        var e = await Assert.ThrowsAsync<EtcdStorageException>(() => PostgresStorage.CheckAsync(wrong, Timeout, null, CancellationToken.None));

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10), "a refused login is not retried");
        Assert.Contains("28P01: password authentication failed", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", e.Message, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task A_missing_database_fails_at_once()
    {
        var missing = new NpgsqlConnectionStringBuilder(PostgresTestSchema.ServerConnectionString) { Database = "actorkube_no_such_db" }.ConnectionString;

        var e = await Assert.ThrowsAsync<EtcdStorageException>(() => PostgresStorage.CheckAsync(missing, Timeout, null, CancellationToken.None));

        Assert.Contains("3D000: database \"actorkube_no_such_db\" does not exist", e.Message, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task A_search_path_without_an_existing_schema_fails_naming_it()
    {
        var nowhere = new NpgsqlConnectionStringBuilder(PostgresTestSchema.ServerConnectionString) { SearchPath = "actorkube_no_such_schema" }.ConnectionString;

        var e = await Assert.ThrowsAsync<EtcdStorageException>(() => PostgresStorage.CheckAsync(nowhere, Timeout, null, CancellationToken.None));

        Assert.Contains("no schema of the search path exists", e.Message, StringComparison.Ordinal);
    }
}
