using System.Text;
using ActorKube.ControlPlane.Etcd;
using Akka.Actor;
using Microsoft.Data.Sqlite;

namespace ActorKube.ControlPlane.Tests.Etcd;

/// <summary>The etcd actor on a SQLite file: everything acknowledged survives stopping the whole actor system.</summary>
public sealed class EtcdSqlitePersistenceSpecs : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
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
        var acked = new Dictionary<string, long>();
        long revision = 0;

        for (var run = 0; run < 3; run++)
        {
            var system = ActorSystem.Create("etcd-sqlite", EtcdPersistence.Config(settings, _dataDir));
            try
            {
                var etcd = system.ActorOf(EtcdActor.Props(settings), "etcd");

                var all = await etcd.Ask<EtcdRangeResult>(new EtcdRange("all", "/registry/", IsPrefix: true), Wait);
                Assert.Equal(revision, all.Revision);
                Assert.Equal(acked.OrderBy(a => a.Key, StringComparer.Ordinal), all.Kvs.Select(kv => KeyValuePair.Create(kv.Key, kv.ModRevision)));

                // Waves of concurrent writes (several group commits per wave and at least one per wave),
                // overwrites of earlier keys, and a delete.
                for (var wave = 0; wave < 6; wave++)
                {
                    var writes = Enumerable.Range(wave * 10, 10)
                        .Select(i => etcd.Ask<EtcdWriteResult>(new EtcdPut(i, $"/registry/pods/ns/p{(i + (run * 40)) % 100:D3}", Encoding.UTF8.GetBytes($"run {run}")), Wait))
                        .ToList();
                    foreach (var result in await Task.WhenAll(writes))
                    {
                        Assert.True(result.Succeeded);
                        acked[result.Current!.Key] = result.Revision;
                        revision = Math.Max(revision, result.Revision);
                    }
                }

                var victim = acked.Keys.Order(StringComparer.Ordinal).First();
                var deleted = await etcd.Ask<EtcdWriteResult>(new EtcdDelete("d", victim, acked[victim]), Wait);
                Assert.True(deleted.Succeeded);
                Assert.Equal(revision + 1, deleted.Revision);
                acked.Remove(victim);
                revision = deleted.Revision;

                var status = await etcd.Ask<EtcdStatus>(new EtcdGetStatus("s"), Wait);
                Assert.Equal(revision, status.Revision);
                Assert.InRange(status.Batches, 7, 61);
            }
            finally
            {
                await system.Terminate().WaitAsync(Wait);
            }
        }

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
