using System.Net;
using System.Text.Json;

namespace ActorKube.Http.Tests.Api;

/// <summary>Watch streams over HTTP: initial state, new events, resuming from a resourceVersion, 410 Gone, timeouts.</summary>
[Collection(ApiCollection.Name)]
public sealed class WatchApiSpecs(ApiFixture fx)
{
    private const string Secrets = "/api/v1/namespaces/default/secrets";

    // Each spec labels its Secrets with its own value, so the specs' watches do not see each other's objects.
    private static string Secret(string name, string label) => "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"" + name + "\",\"labels\":{\"watch\":\"" + label + "\"}},\"stringData\":{\"a\":\"b\"}}";

    private async Task<(HttpResponseMessage Response, StreamReader Reader)> OpenAsync(string query)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, Secrets + "?watch=true&" + query);
        var response = await fx.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (response, new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    private static async Task<(string Type, JsonElement Object)> NextAsync(StreamReader reader)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var line = await reader.ReadLineAsync(cts.Token) ?? throw new InvalidOperationException("the watch stream ended");
        var e = JsonDocument.Parse(line).RootElement;
        return (e.GetProperty("type").GetString()!, e.GetProperty("object").Clone());
    }

    private static string Name(JsonElement obj) => obj.GetProperty("metadata").GetProperty("name").GetString()!;

    [Fact]
    public async Task A_watch_without_resource_version_starts_with_the_current_objects_then_streams_changes()
    {
        await fx.SendAsync(HttpMethod.Post, Secrets, Secret("w-existing", "stream"));
        var (response, reader) = await OpenAsync("labelSelector=watch%3Dstream&fieldSelector=metadata.name!%3Dw-other");
        using (response)
        {
            var first = await NextAsync(reader);
            Assert.Equal(("ADDED", "w-existing"), (first.Type, Name(first.Object)));

            await fx.SendAsync(HttpMethod.Post, Secrets, Secret("w-new", "stream"));
            var added = await NextAsync(reader);
            Assert.Equal(("ADDED", "w-new"), (added.Type, Name(added.Object)));

            await fx.SendAsync(HttpMethod.Delete, Secrets + "/w-new");
            var deleted = await NextAsync(reader);
            Assert.Equal(("DELETED", "w-new"), (deleted.Type, Name(deleted.Object)));
            Assert.True(long.Parse(deleted.Object.GetProperty("metadata").GetProperty("resourceVersion").GetString()!, System.Globalization.CultureInfo.InvariantCulture)
                > long.Parse(added.Object.GetProperty("metadata").GetProperty("resourceVersion").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public async Task A_watch_from_a_resource_version_replays_what_came_after_it()
    {
        var created = JsonDocument.Parse(await (await fx.SendAsync(HttpMethod.Post, Secrets, Secret("w-replay-1", "replay"))).Content.ReadAsStringAsync()).RootElement;
        var rv = created.GetProperty("metadata").GetProperty("resourceVersion").GetString();
        await fx.SendAsync(HttpMethod.Post, Secrets, Secret("w-replay-2", "replay"));

        var (response, reader) = await OpenAsync($"resourceVersion={rv}&labelSelector=watch%3Dreplay");
        using (response)
        {
            var e = await NextAsync(reader);
            Assert.Equal(("ADDED", "w-replay-2"), (e.Type, Name(e.Object)));
        }
    }

    [Fact]
    public async Task A_compacted_resource_version_ends_with_an_ERROR_event_of_410()
    {
        // The fixture's watch cache holds 100 events: push the first revisions out of it.
        for (var i = 0; i < 110; i++)
        {
            await fx.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"churn-" + i + "\"}}");
        }

        var (response, reader) = await OpenAsync("resourceVersion=2");
        using (response)
        {
            var e = await NextAsync(reader);
            Assert.Equal("ERROR", e.Type);
            Assert.Equal(410, e.Object.GetProperty("code").GetInt32());
            Assert.Equal("Expired", e.Object.GetProperty("reason").GetString());
            Assert.Null(await reader.ReadLineAsync());
        }
    }

    [Fact]
    public async Task Bookmarks_only_when_asked_and_the_stream_ends_after_timeoutSeconds()
    {
        var (response, reader) = await OpenAsync("timeoutSeconds=1&fieldSelector=metadata.name%3Dnone");
        using (response)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            Assert.Null(await reader.ReadLineAsync(cts.Token));
        }
    }
}
