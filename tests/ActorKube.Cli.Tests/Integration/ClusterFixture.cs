using ActorKube.Cluster.Hosting;

namespace ActorKube.Cli.Tests.Integration;

/// <summary>One 3-node in-process cluster (memory storage, time-scale 25) per spec class.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private ActorKubeCluster? _cluster;

    public ActorKubeCluster Cluster => _cluster ?? throw new InvalidOperationException("the cluster is not started");

    public async Task InitializeAsync()
    {
        _cluster = await ClusterTestKit.StartAsync();
        var api = _cluster.Api;
        await ClusterTestKit.Until(() => api.ListAsync<V1Node>(), nodes => nodes.Count(ClusterTestKit.IsReady) == 3, "3 nodes Ready", describe: n => $"{n.Count(ClusterTestKit.IsReady)}/{n.Count} Ready");
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await ClusterTestKit.StopAsync(_cluster);
        }
    }
}
