using ActorKube.ControlPlane.Etcd;
using ActorKube.Tests.Shared;

namespace ActorKube.ControlPlane.Tests.Etcd;

/// <summary>
/// The etcd actor on PostgreSQL (ACTORKUBE_TEST_POSTGRES), each test in an empty schema of its own: the journal and
/// snapshot tables are created on first start, and everything acknowledged survives stopping the whole actor system.
/// </summary>
public sealed class EtcdPostgresPersistenceSpecs
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "actorkube-etcd-" + Guid.NewGuid().ToString("N"));

    [PostgresTheory]
    [InlineData(10_000)] // recovery replays the journal only
    [InlineData(2)]      // recovery starts from a snapshot, replays the rest; old entries are deleted
    public async Task Acknowledged_writes_survive_a_restart_with_the_same_mod_revisions(int snapshotEvery)
    {
        await using var schema = await PostgresTestSchema.CreateAsync();
        Assert.Empty(await schema.TablesAsync());
        var settings = new EtcdSettings(EtcdSettings.Postgres, schema.ConnectionString, SnapshotEvery: snapshotEvery, HistoryRevisions: 50);

        await EtcdRestarts.RunAsync(settings, _dataDir, "etcd-postgres");

        Assert.Superset(new HashSet<string> { "journal", "snapshot" }, (await schema.TablesAsync()).ToHashSet());
        Assert.False(Directory.Exists(_dataDir), "nothing goes to the data directory with postgres");
        if (snapshotEvery < 100)
        {
            Assert.InRange(await schema.CountAsync("snapshot"), 1, 2);
            Assert.InRange(await schema.CountAsync("journal"), 0, 20);
        }
        else
        {
            Assert.Equal(0, await schema.CountAsync("snapshot"));
            Assert.InRange(await schema.CountAsync("journal"), 7 * 3, 61 * 3);
        }
    }
}
