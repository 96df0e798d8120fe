using System.Collections.Concurrent;

namespace ActorKube.Http.Tests.Api;

/// <summary>A second client: the official KubernetesClient C# library lists, creates and watches pods over the REST API.</summary>
[Collection(ApiCollection.Name)]
public sealed class KubernetesClientSpecs(ApiFixture fx)
{
    [Fact]
    public async Task The_CSharp_client_lists_creates_and_watches_pods()
    {
        using var client = new Kubernetes(new KubernetesClientConfiguration { Host = fx.Url.ToString() });
        var nodes = await client.CoreV1.ListNodeAsync();
        Assert.Equal(2, nodes.Items.Count);

        var seen = new ConcurrentQueue<(WatchEventType Type, string Name, string? Phase)>();
        using var stop = new CancellationTokenSource();
        var watching = Task.Run(async () =>
        {
            await foreach (var (type, pod) in client.CoreV1.WatchListNamespacedPodAsync("default", labelSelector: "client=csharp", cancellationToken: stop.Token))
            {
                seen.Enqueue((type, pod.Metadata.Name, pod.Status?.Phase));
            }
        });
        await Task.Delay(500); // let the watch open before the pod exists, so its ADDED comes as an event

        var created = await client.CoreV1.CreateNamespacedPodAsync(
            new V1Pod
            {
                Metadata = new V1ObjectMeta { Name = "from-csharp", Labels = new Dictionary<string, string> { ["client"] = "csharp" } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "web", Image = "nginx" }] },
            },
            "default");
        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid));

        await ApiFixture.Until(() => Task.FromResult(seen.ToArray()), events => events.Any(e => e is { Type: WatchEventType.Modified, Phase: "Running" }), "the watch to see the pod Running");
        Assert.Equal((WatchEventType.Added, "from-csharp"), (seen.First().Type, seen.First().Name));

        var pods = await client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "client=csharp");
        Assert.Equal("from-csharp", Assert.Single(pods.Items).Metadata.Name);

        var error = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => client.CoreV1.ReadNamespacedPodAsync("missing", "default"));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, error.Response.StatusCode);

        await client.CoreV1.DeleteNamespacedPodAsync("from-csharp", "default", new V1DeleteOptions { GracePeriodSeconds = 0 });
        await ApiFixture.Until(() => Task.FromResult(seen.ToArray()), events => events.Any(e => e.Type == WatchEventType.Deleted), "the watch to see the pod deleted");
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watching);
    }
}
