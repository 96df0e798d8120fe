using ActorKube.ControlPlane.Etcd;
using Microsoft.Data.Sqlite;

namespace ActorKube.ControlPlane.Tests.Etcd;

/// <summary>The etcd actor on a SQLite file: everything acknowledged survives stopping the whole actor system.</summary>
public sealed class EtcdSqlitePersistenceSpecs : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "actorkube-etcd-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }

    [Theory]
    [InlineData(10_000)] // recovery replays the journal only
    [InlineData(2)]      // recovery starts from a snapshot, replays the rest; old entries are deleted
    public async Task Acknowledged_writes_survive_a_restart_with_the_same_mod_revisions(int snapshotEvery)
    {
        var settings = new EtcdSettings(EtcdSettings.Sqlite, SnapshotEvery: snapshotEvery, HistoryRevisions: 50);

        await EtcdRestarts.RunAsync(settings, _dataDir, "etcd-sqlite");

        if (snapshotEvery < 100)
        {
            SqliteConnection.ClearAllPools();
            await using var db = new SqliteConnection($"Data Source={Path.Combine(_dataDir, "etcd.db")}");
            await db.OpenAsync();
            await using var count = db.CreateCommand();
            count.CommandText = "SELECT COUNT(*) FROM snapshot";
            Assert.InRange((long)(await count.ExecuteScalarAsync())!, 1, 2);
            count.CommandText = "SELECT COUNT(*) FROM journal";
            Assert.InRange((long)(await count.ExecuteScalarAsync())!, 0, 20);
            count.CommandText = "PRAGMA journal_mode";
            Assert.Equal("wal", (string)(await count.ExecuteScalarAsync())!);
        }
    }
}
