using System.Text;
using ActorKube.ControlPlane.Etcd;
using Akka.Actor;

namespace ActorKube.ControlPlane.Tests.Etcd;

/// <summary>
/// What every durable storage must pass: the etcd actor in a whole actor system that is stopped and started again
/// three times on the same storage; each run first finds every acknowledged key with its mod revision and the
/// same store revision, then writes waves of concurrent puts (several group commits), overwrites and a delete.
/// </summary>
internal static class EtcdRestarts
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    public static async Task RunAsync(EtcdSettings settings, string dataDir, string systemName)
    {
        var acked = new Dictionary<string, long>();
        long revision = 0;

        for (var run = 0; run < 3; run++)
        {
            var system = ActorSystem.Create(systemName, EtcdPersistence.Config(settings, dataDir));
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
    }
}
