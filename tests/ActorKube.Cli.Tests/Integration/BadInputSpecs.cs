using ActorKube.Client;
using ActorKube.Core.Api;
using static ActorKube.Cli.Tests.Integration.ClusterTestKit;

namespace ActorKube.Cli.Tests.Integration;

/// <summary>Bad requests through the ApiClient get the Kubernetes status codes and change nothing.</summary>
[Collection(ClusterCollection.Name)]
public sealed class BadInputSpecs(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private const string Ns = "bad-input";
    private readonly ApiClient _api = fixture.Cluster.Api;

    [Fact]
    public async Task Malformed_unknown_invalid_and_stale_requests_are_rejected_and_change_nothing()
    {
        await EnsureNamespace();
        var good = await _api.CreateAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "good", NamespaceProperty = Ns }, Data = new Dictionary<string, string> { ["v"] = "1" } });
        var updated = await _api.UpdateAsync(good with { Data = new Dictionary<string, string> { ["v"] = "2" } });
        Assert.NotEqual(good.Metadata.ResourceVersion, updated.Metadata.ResourceVersion);

        var malformed = await Assert.ThrowsAsync<ApiException>(() => _api.ApplyAsync("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\n   labels: {a: b}\n  - x\n", Ns));
        Assert.Equal(400, malformed.Code);
        Assert.Contains("error parsing manifest", malformed.Message, StringComparison.Ordinal);

        var unknown = await Assert.ThrowsAsync<ApiException>(() => _api.ApplyAsync("apiVersion: v1\nkind: Frobnicator\nmetadata:\n  name: frob\n", Ns));
        Assert.Equal(400, unknown.Code);
        Assert.Contains("Frobnicator", unknown.Message, StringComparison.Ordinal);

        var invalid = await Assert.ThrowsAsync<ApiException>(() => _api.ApplyAsync("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Bad_Name\ndata:\n  a: b\n", Ns));
        Assert.Equal(422, invalid.Code);
        Assert.Equal("Invalid", invalid.Status.Reason);
        Assert.Contains("Bad_Name", invalid.Message, StringComparison.Ordinal);

        var invalidCreate = await Assert.ThrowsAsync<ApiException>(() => _api.CreateAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "-no-", NamespaceProperty = Ns } }));
        Assert.Equal(422, invalidCreate.Code);

        // An update carrying the resourceVersion of before the last write is a conflict.
        var stale = await Assert.ThrowsAsync<ApiException>(() => _api.UpdateAsync(good with { Data = new Dictionary<string, string> { ["v"] = "stale" } }));
        Assert.Equal(409, stale.Code);
        Assert.Equal("Conflict", stale.Status.Reason);

        var patch = await _api.PatchAsync<V1ConfigMap>(Ns, "good", PatchType.Merge, "{not json");
        Assert.Equal(400, patch.Code);

        // Nothing changed: the namespace still holds only the good object, at its last version.
        var items = (await _api.ListAsync<V1ConfigMap>(Ns)).Where(c => c.Metadata.Name != "kube-root-ca.crt").ToList();
        var only = Assert.Single(items);
        Assert.Equal("good", only.Metadata.Name);
        Assert.Equal(updated.Metadata.ResourceVersion, only.Metadata.ResourceVersion);
        Assert.Equal("2", only.Data["v"]);
    }

    [Fact]
    public async Task Truncated_flow_mapping_is_a_400()
    {
        var e = await Assert.ThrowsAsync<ApiException>(() => _api.ApplyAsync("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: broken\ndata: [1, 2", Ns));
        Assert.Equal(400, e.Code);
    }

    [Fact]
    public async Task Secret_stringData_is_merged_into_data()
    {
        await EnsureNamespace();
        var created = await _api.CreateAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "string-data", NamespaceProperty = Ns }, StringData = new Dictionary<string, string> { ["token"] = "s3cr3t" } });
        Assert.Null(created.StringData);
        Assert.Equal("s3cr3t", System.Text.Encoding.UTF8.GetString(created.Data["token"]));
    }

    private async Task EnsureNamespace()
    {
        if (await _api.GetAsync<V1Namespace>(null, Ns) is null)
        {
            await CreateNamespaceAsync(_api, Ns);
        }
    }
}
