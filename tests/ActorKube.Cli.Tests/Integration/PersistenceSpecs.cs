using Akka.Actor;
using ActorKube.Client;
using ActorKube.Cluster.Hosting;
using ActorKube.Cluster.Provisioner;
using ActorKube.ControlPlane.Etcd;
using ActorKube.Core.Objects;
using ActorKube.Tests.Shared;
using static ActorKube.Cli.Tests.Integration.ClusterTestKit;

namespace ActorKube.Cli.Tests.Integration;

/// <summary>etcd on SQLite or PostgreSQL: a cluster stopped and started again on the same storage has the same state.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PersistenceSpecs
{
    private const string Ns = "keep";

    [Fact]
    public async Task Cluster_restarted_on_the_same_sqlite_data_dir_has_every_object_with_its_resourceVersion_and_keeps_working()
    {
        await RestartAsync("sqlite", null, NewTempDir());
    }

    [PostgresFact]
    public async Task Cluster_restarted_on_the_same_Postgres_schema_has_every_object_with_its_resourceVersion_and_keeps_working()
    {
        await using var schema = await PostgresTestSchema.CreateAsync();
        await RestartAsync("postgres", schema.ConnectionString, NewTempDir());
        Assert.True(await schema.CountAsync("journal") > 0, "the journal is in PostgreSQL");
    }

    private static async Task RestartAsync(string storage, string? connectionString, string dataDir)
    {
        ActorKubeCluster? cluster = null;
        try
        {
            cluster = await StartAsync(storage: storage, dataDir: dataDir, connectionString: connectionString);
            var api = cluster.Api;
            await Until(() => api.ListAsync<V1Node>(), n => n.Count(IsReady) == 3, "3 nodes Ready", describe: n => $"{n.Count(IsReady)}/{n.Count}");
            await CreateNamespaceAsync(api, Ns);
            await api.CreateAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "settings", NamespaceProperty = Ns }, Data = new Dictionary<string, string> { ["color"] = "blue" } });
            await api.CreateAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "token", NamespaceProperty = Ns }, Data = new Dictionary<string, byte[]> { ["token"] = "s3cr3t"u8.ToArray() } });
            await api.CreateAsync(Deployment(Ns, "web", 3, "nginx:1.27"));
            await Until(() => api.ListAsync<V1Pod>(Ns), p => p.Count == 3 && p.All(IsReady), "3 pods Ready", describe: Describe);
            await Until(() => api.GetAsync<V1Deployment>(Ns, "web"), d => d!.Status?.AvailableReplicas == 3 && d.Status.ObservedGeneration == d.Metadata.Generation, "Deployment available", describe: d => $"{d?.Status?.AvailableReplicas}");
            var before = await Snapshot(api);
            Assert.Equal(3 + 1 + 1 + 1 + 1, before.Count(k => k.Key.StartsWith(Ns + "/", StringComparison.Ordinal)));
            var revisionBefore = (await cluster.Etcd.Ask<EtcdStatus>(new EtcdGetStatus(null), TimeSpan.FromSeconds(30))).Revision;
            var clockBefore = cluster.Clock.Now;
            await StopAsync(cluster, deleteDataDir: false);
            cluster = null;
            Assert.True(storage == "sqlite" == File.Exists(Path.Combine(dataDir, "etcd.db")), $"etcd.db in the data dir if and only if the storage is sqlite ({storage})");

            // Restart without kubelets first, so nothing touches the objects before they are compared.
            cluster = await StartAsync(storage: storage, dataDir: dataDir, nodes: 0, connectionString: connectionString);
            api = cluster.Api;
            // At time-scale 25 the stored timestamps ran ahead of the wall clock: the cluster's time goes on from them.
            Assert.True(cluster.Clock.Now >= clockBefore, $"the cluster clock went back from {clockBefore:O} to {cluster.Clock.Now:O}");
            var after = await Snapshot(api);
            foreach (var (key, (uid, rv)) in before)
            {
                Assert.True(after.TryGetValue(key, out var found), $"{key} is missing after the restart");
                Assert.Equal((uid, rv), found);
            }

            var status = await cluster.Etcd.Ask<EtcdStatus>(new EtcdGetStatus(null), TimeSpan.FromSeconds(30));
            Assert.True(status.Revision >= revisionBefore, $"etcd revision went back from {revisionBefore} to {status.Revision}");
            var cm = await api.GetAsync<V1ConfigMap>(Ns, "settings");
            Assert.Equal("blue", cm!.Data["color"]);
            var secret = await api.GetAsync<V1Secret>(Ns, "token");
            Assert.Equal("s3cr3t", System.Text.Encoding.UTF8.GetString(secret!.Data["token"]));

            // The cluster keeps working: the nodes come back, and a new Deployment rolls out.
            await cluster.Provisioner.Ask<NodesRunning>(new StartNodes(3), TimeSpan.FromSeconds(60));
            await Until(() => api.ListAsync<V1Node>(), n => n.Count == 3 && n.Count(IsReady) == 3, "3 nodes Ready after the restart", describe: n => $"{n.Count(IsReady)}/{n.Count}");
            var created = await api.CreateAsync(Deployment(Ns, "api", 2, "nginx:1.28"));
            Assert.True(long.Parse(created.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture) > revisionBefore, "new resourceVersions continue after the old ones");
            await Until(
                () => api.ListAsync<V1Pod>(Ns),
                p => p.Count(x => x.Metadata.Labels["app"] == "api" && IsReady(x)) == 2 && p.Count(x => x.Metadata.Labels["app"] == "web" && IsReady(x)) == 3,
                "2 api pods and the 3 old web pods Ready",
                describe: Describe);
        }
        finally
        {
            if (cluster is not null)
            {
                await cluster.DisposeAsync();
            }

            TryDelete(dataDir);
        }
    }

    /// <summary>"namespace/Kind/name" → (uid, resourceVersion) of the spec's namespace and the namespaces themselves.</summary>
    private static async Task<Dictionary<string, (string Uid, string Rv)>> Snapshot(ApiClient api)
    {
        var result = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        void Add(IEnumerable<IKubernetesObject<V1ObjectMeta>> items, string kind)
        {
            foreach (var o in items)
            {
                result[$"{o.Metadata.NamespaceProperty ?? ""}/{kind}/{o.Metadata.Name}"] = (o.Metadata.Uid, o.Metadata.ResourceVersion);
            }
        }

        Add(await api.ListAsync<V1Namespace>(), "Namespace");
        Add(await api.ListAsync<V1ConfigMap>(Ns), "ConfigMap");
        Add(await api.ListAsync<V1Secret>(Ns), "Secret");
        Add(await api.ListAsync<V1Deployment>(Ns), "Deployment");
        Add(await api.ListAsync<V1ReplicaSet>(Ns), "ReplicaSet");
        Add(await api.ListAsync<V1Pod>(Ns), "Pod");
        return result;
    }
}
