using System.Globalization;

namespace ActorKube.E2E.Tests.Harness;

/// <summary>
/// One <c>actorkube up</c> of 3 nodes for every kubectl test (one process at a time on this 2-core
/// machine); each test works in a namespace of its own from <see cref="NewNamespaceAsync"/>.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private ActorKubeProcess? _process;
    private int _namespaces;

    public const int Nodes = 3;

    public ActorKubeProcess Process => _process ?? throw new InvalidOperationException("the cluster has not started");

    /// <summary>kubectl for the shared cluster; fails at once, with the process's stderr, if the cluster has died.</summary>
    public Kubectl Kubectl
    {
        get
        {
            Assert.False(Process.HasExited, $"the shared actorkube process has died\n{Process.Describe()}");
            return Process.Kubectl;
        }
    }

    public async Task InitializeAsync() => _process = await ActorKubeProcess.StartAsync(Nodes);

    /// <summary>Creates a namespace with <c>kubectl create namespace</c> (asserting its output) and returns its name.</summary>
    public async Task<string> NewNamespaceAsync(string prefix)
    {
        var name = $"{prefix}-{Interlocked.Increment(ref _namespaces).ToString(CultureInfo.InvariantCulture)}";
        var stdout = await Kubectl.RunOkAsync("create", "namespace", name);
        Assert.Equal($"namespace/{name} created", stdout.Trim());
        return name;
    }

    public async Task DisposeAsync()
    {
        if (_process is null)
        {
            return;
        }

        await using (_process)
        {
            var code = await _process.StopAsync();
            if (code != 0)
            {
                throw new InvalidOperationException($"actorkube exited with code {code} after SIGTERM, expected 0\n{_process.Describe()}");
            }
        }
    }
}
