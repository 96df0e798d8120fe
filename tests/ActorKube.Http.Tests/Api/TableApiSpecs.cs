using System.Net;
using System.Text.Json;

namespace ActorKube.Http.Tests.Api;

/// <summary>Server-side printing: kubectl get asks for a meta.k8s.io/v1 Table and prints its columns.</summary>
[Collection(ApiCollection.Name)]
public sealed class TableApiSpecs(ApiFixture fx)
{
    private const string TableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

    private static string[] Columns(JsonElement table) =>
        table.GetProperty("columnDefinitions").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToArray();

    [Fact]
    public async Task Lists_and_gets_come_as_Tables_with_kubectl_columns_when_asked()
    {
        var nodes = JsonDocument.Parse(await (await fx.SendAsync(HttpMethod.Get, "/api/v1/nodes", accept: TableAccept)).Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(("Table", "meta.k8s.io/v1"), (nodes.GetProperty("kind").GetString(), nodes.GetProperty("apiVersion").GetString()));
        Assert.Equal(["Name", "Status", "Roles", "Age", "Version", "Internal-IP", "External-IP", "OS-Image", "Kernel-Version", "Container-Runtime"], Columns(nodes));
        var row = nodes.GetProperty("rows")[0];
        Assert.Equal("Ready", row.GetProperty("cells")[1].GetString());
        Assert.Equal("PartialObjectMetadata", row.GetProperty("object").GetProperty("kind").GetString());

        var one = JsonDocument.Parse(await (await fx.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default", accept: TableAccept)).Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(["Name", "Status", "Age"], Columns(one));
        Assert.Equal("default", one.GetProperty("rows")[0].GetProperty("cells")[0].GetString());

        var full = JsonDocument.Parse(await (await fx.SendAsync(HttpMethod.Get, "/api/v1/nodes?includeObject=Object", accept: TableAccept)).Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Node", full.GetProperty("rows")[0].GetProperty("object").GetProperty("kind").GetString());

        var plain = await fx.SendAsync(HttpMethod.Get, "/api/v1/nodes", accept: "application/json");
        Assert.Equal("NodeList", JsonDocument.Parse(await plain.Content.ReadAsStringAsync()).RootElement.GetProperty("kind").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await fx.SendAsync(HttpMethod.Get, "/api/v1/nodes?includeObject=All", accept: TableAccept)).StatusCode);
    }

    [Fact]
    public async Task A_Table_watch_sends_headers_once_then_rows()
    {
        await fx.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"table-1\",\"labels\":{\"t\":\"w\"}}}");
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/namespaces/default/configmaps?watch=true&labelSelector=t%3Dw");
        request.Headers.TryAddWithoutValidation("Accept", TableAccept);
        using var response = await fx.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        var first = JsonDocument.Parse((await reader.ReadLineAsync())!).RootElement;
        Assert.Equal("ADDED", first.GetProperty("type").GetString());
        Assert.Equal(["Name", "Data", "Age"], Columns(first.GetProperty("object")));

        await fx.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"table-2\",\"labels\":{\"t\":\"w\"}}}");
        var second = JsonDocument.Parse((await reader.ReadLineAsync())!).RootElement.GetProperty("object");
        Assert.Equal(JsonValueKind.Null, second.GetProperty("columnDefinitions").ValueKind);
        Assert.Equal("table-2", second.GetProperty("rows")[0].GetProperty("cells")[0].GetString());
    }
}
