using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using ActorKube.Cluster.Hosting;
using ActorKube.Http.Hosting;

namespace ActorKube.Http.Tests.Api;

/// <summary>Specs that start a cluster run one at a time: two clusters at once on 2 cores make lease timings flaky.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "http api";
}

/// <summary>A 2-node in-process cluster (memory storage) with the REST API on a free port.</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    private ActorKubeCluster? _cluster;
    private KubeApiServer? _api;

    public ActorKubeCluster Cluster => _cluster ?? throw new InvalidOperationException("not started");

    public Uri Url => _api?.Url ?? throw new InvalidOperationException("not started");

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

    public async Task InitializeAsync()
    {
        _cluster = await ActorKubeCluster.StartAsync(new ClusterOptions
        {
            Storage = "memory",
            TimeScale = 10,
            Nodes = 2,
            DataDir = Path.Combine(Path.GetTempPath(), "actorkube-http-" + Guid.NewGuid().ToString("N")[..8]),
            ConfigureLogging = false,
            ConsoleLogging = false,
            ExtraHocon = "actorkube.logging.flow = false\nactorkube.apiserver.watch-cache-size = 100",
        });
        _api = await _cluster.StartApiAsync(new KubeApiOptions { Port = 0, MaxRequestBytes = 64 * 1024 });
        Http.BaseAddress = _api.Url;
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
            try
            {
                Directory.Delete(_cluster.DataDir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? body = null, string contentType = "application/json", string? accept = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        return Http.SendAsync(request);
    }

    /// <summary>Polls until the condition holds; fails with the last observation.</summary>
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, string what, int seconds = 60)
    {
        var sw = Stopwatch.StartNew();
        while (true)
        {
            var last = await probe();
            if (done(last))
            {
                return last;
            }

            if (sw.Elapsed > TimeSpan.FromSeconds(seconds))
            {
                Assert.Fail($"timed out after {seconds}s waiting for {what}; last seen: {last}");
            }

            await Task.Delay(100);
        }
    }
}
