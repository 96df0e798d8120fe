using System.Net;
using System.Text.Json;

namespace ActorKube.Http.Tests.Api;

/// <summary>The REST verbs over HTTP against a running cluster: answers and Status errors as kube-apiserver gives them.</summary>
[Collection(ApiCollection.Name)]
public sealed class ResourceApiSpecs(ApiFixture fx)
{
    private const string Pods = "/api/v1/namespaces/default/pods";
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    private static string ConfigMap(string name, string? label = null)
    {
        var labels = label is null ? "" : ",\"labels\":{\"tier\":\"" + label + "\"}";
        return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name + "\"" + labels + "},\"data\":{\"k\":\"v\"}}";
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage r) =>
        JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;

    private static async Task AssertStatusAsync(HttpResponseMessage r, HttpStatusCode code, string reason, string? messagePart = null)
    {
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == code, $"expected {(int)code}, got {(int)r.StatusCode}: {body}");
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal("Status", json.GetProperty("kind").GetString());
        Assert.Equal("Failure", json.GetProperty("status").GetString());
        Assert.Equal(reason, json.GetProperty("reason").GetString());
        Assert.Equal((int)code, json.GetProperty("code").GetInt32());
        if (messagePart is not null)
        {
            Assert.Contains(messagePart, json.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Create_get_update_delete_round_trip()
    {
        var created = await fx.SendAsync(HttpMethod.Post, ConfigMaps, ConfigMap("round"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var obj = await JsonAsync(created);
        Assert.False(string.IsNullOrEmpty(obj.GetProperty("metadata").GetProperty("uid").GetString()));
        var rv = obj.GetProperty("metadata").GetProperty("resourceVersion").GetString();

        var got = await JsonAsync(await fx.SendAsync(HttpMethod.Get, ConfigMaps + "/round"));
        Assert.Equal("v", got.GetProperty("data").GetProperty("k").GetString());

        var update = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"round\",\"resourceVersion\":\"" + rv + "\"},\"data\":{\"k\":\"w\"}}";
        Assert.Equal(HttpStatusCode.OK, (await fx.SendAsync(HttpMethod.Put, ConfigMaps + "/round", update)).StatusCode);
        await AssertStatusAsync(await fx.SendAsync(HttpMethod.Put, ConfigMaps + "/round", update), HttpStatusCode.Conflict, "Conflict", "the object has been modified");

        Assert.Equal(HttpStatusCode.OK, (await fx.SendAsync(HttpMethod.Delete, ConfigMaps + "/round")).StatusCode);
        await AssertStatusAsync(await fx.SendAsync(HttpMethod.Get, ConfigMaps + "/round"), HttpStatusCode.NotFound, "NotFound", "configmaps \"round\" not found");
    }

    [Fact]
    public async Task List_pages_with_limit_and_continue_and_filters_by_selectors()
    {
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await fx.SendAsync(HttpMethod.Post, ConfigMaps, ConfigMap($"page-{i}", i % 2 == 0 ? "even" : "odd"))).StatusCode);
        }

        var names = new List<string>();
        string? cont = null;
        var pages = 0;
        do
        {
            var page = await JsonAsync(await fx.SendAsync(HttpMethod.Get, $"{ConfigMaps}?labelSelector=tier&limit=2{(cont is null ? "" : "&continue=" + Uri.EscapeDataString(cont))}"));
            Assert.Equal("ConfigMapList", page.GetProperty("kind").GetString());
            names.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("metadata").GetProperty("name").GetString()!));
            cont = page.GetProperty("metadata").TryGetProperty("continue", out var c) ? c.GetString() : null;
            pages++;
        }
        while (!string.IsNullOrEmpty(cont));

        Assert.Equal(3, pages);
        Assert.Equal(["page-0", "page-1", "page-2", "page-3", "page-4"], names);

        var even = await JsonAsync(await fx.SendAsync(HttpMethod.Get, $"{ConfigMaps}?labelSelector=tier%3Deven"));
        Assert.Equal(3, even.GetProperty("items").GetArrayLength());
        var byName = await JsonAsync(await fx.SendAsync(HttpMethod.Get, $"/api/v1/configmaps?fieldSelector=metadata.name%3Dpage-1"));
        Assert.Equal("page-1", byName.GetProperty("items")[0].GetProperty("metadata").GetProperty("name").GetString());

        var deleted = await JsonAsync(await fx.SendAsync(HttpMethod.Delete, $"{ConfigMaps}?labelSelector=tier%3Dodd"));
        Assert.Equal(2, deleted.GetProperty("items").GetArrayLength());
        var left = await JsonAsync(await fx.SendAsync(HttpMethod.Get, $"{ConfigMaps}?labelSelector=tier"));
        Assert.Equal(3, left.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Patch_with_each_patch_type()
    {
        await fx.SendAsync(HttpMethod.Post, ConfigMaps, ConfigMap("patched"));

        var merge = await fx.SendAsync(HttpMethod.Patch, ConfigMaps + "/patched", """{"metadata":{"labels":{"a":"1"}}}""", "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, merge.StatusCode);
        var strategic = await fx.SendAsync(HttpMethod.Patch, ConfigMaps + "/patched", """{"data":{"s":"2"}}""", "application/strategic-merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, strategic.StatusCode);
        var json = await fx.SendAsync(HttpMethod.Patch, ConfigMaps + "/patched", """[{"op":"remove","path":"/data/k"}]""", "application/json-patch+json");
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);

        var result = await JsonAsync(json);
        Assert.Equal("1", result.GetProperty("metadata").GetProperty("labels").GetProperty("a").GetString());
        Assert.Equal("2", result.GetProperty("data").GetProperty("s").GetString());
        Assert.False(result.GetProperty("data").TryGetProperty("k", out _));

        await AssertStatusAsync(await fx.SendAsync(HttpMethod.Patch, ConfigMaps + "/patched", "{}", "text/plain"), HttpStatusCode.UnsupportedMediaType, "UnsupportedMediaType");
        await AssertStatusAsync(await fx.SendAsync(HttpMethod.Patch, ConfigMaps + "/nope", "{}", "application/merge-patch+json"), HttpStatusCode.NotFound, "NotFound");
    }

    [Fact]
    public async Task Server_side_apply_creates_then_merges_and_needs_a_field_manager()
    {
        var yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\ndata:\n  a: \"1\"\n";
        var dry = await fx.SendAsync(HttpMethod.Patch, ConfigMaps + "/applied?fieldManager=test&dryRun=All", yaml, "application/apply-patch+yaml");
        Assert.Equal(HttpStatusCode.Created, dry.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fx.SendAsync(HttpMethod.Get, ConfigMaps + "/applied")).StatusCode);

        var created = await fx.SendAsync(HttpMethod.Patch, ConfigMaps + "/applied?fieldManager=test", yaml, "application/apply-patch+yaml");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var again = await fx.SendAsync(HttpMethod.Patch, ConfigMaps + "/applied?fieldManager=test", yaml.Replace("\"1\"", "\"2\"", StringComparison.Ordinal), "application/apply-patch+yaml");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("2", (await JsonAsync(again)).GetProperty("data").GetProperty("a").GetString());

        await AssertStatusAsync(await fx.SendAsync(HttpMethod.Patch, ConfigMaps + "/applied", yaml, "application/apply-patch+yaml"), HttpStatusCode.BadRequest, "BadRequest", "fieldManager");
    }

    [Fact]
    public async Task Dry_run_validates_and_stores_nothing()
    {
        var dry = await fx.SendAsync(HttpMethod.Post, ConfigMaps + "?dryRun=All", ConfigMap("dry"));
        Assert.Equal(HttpStatusCode.Created, dry.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fx.SendAsync(HttpMethod.Get, ConfigMaps + "/dry")).StatusCode);

        await AssertStatusAsync(await fx.SendAsync(HttpMethod.Post, ConfigMaps + "?dryRun=Some", ConfigMap("dry")), HttpStatusCode.UnprocessableEntity, "Invalid", "dryRun");
    }

    [Fact]
    public async Task Bad_requests_get_a_Status_and_change_nothing()
    {
        await AssertStatusAsync(await fx.SendAsync(HttpMethod.Post, ConfigMaps, """{"apiVersion":"v1","kind":"ConfigMap","""), HttpStatusCode.BadRequest, "BadRequest", "cannot be handled as a ConfigMap");
        await AssertStatusAsync(await fx.SendAsync(HttpMethod.Post, "/api/v1/namespaces/kube-system/configmaps", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x","namespace":"default"}}"""), HttpStatusCode.BadRequest, "BadRequest", "does not match the namespace");
        var invalid = await fx.SendAsync(HttpMethod.Post, ConfigMaps, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"Not_Valid"}}""");
        Assert.Equal("ConfigMap", JsonDocument.Parse(await invalid.Content.ReadAsStringAsync()).RootElement.GetProperty("details").GetProperty("kind").GetString());
        await AssertStatusAsync(invalid, HttpStatusCode.UnprocessableEntity, "Invalid", "ConfigMap \"Not_Valid\" is invalid: metadata.name");
        await AssertStatusAsync(await fx.SendAsync(HttpMethod.Post, ConfigMaps, """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"x"}}"""), HttpStatusCode.BadRequest, "BadRequest", "kind");
        await AssertStatusAsync(await fx.SendAsync(HttpMethod.Put, ConfigMaps + "/a", ConfigMap("b")), HttpStatusCode.BadRequest, "BadRequest", "does not match the name");
        await AssertStatusAsync(await fx.SendAsync(HttpMethod.Post, ConfigMaps, ConfigMap("big").Replace("\"v\"", "\"" + new string('x', 70 * 1024) + "\"", StringComparison.Ordinal)), HttpStatusCode.RequestEntityTooLarge, "RequestEntityTooLarge");
        await AssertStatusAsync(await fx.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/widgets"), HttpStatusCode.NotFound, "NotFound", "could not find the requested resource");
        await AssertStatusAsync(await fx.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/configmaps/x/scale"), HttpStatusCode.NotFound, "NotFound");
        await AssertStatusAsync(await fx.SendAsync(HttpMethod.Post, "/api/v1/namespaces/nowhere/configmaps", ConfigMap("x")), HttpStatusCode.NotFound, "NotFound", "namespaces \"nowhere\" not found");
        await AssertStatusAsync(await fx.SendAsync(HttpMethod.Get, ConfigMaps + "?limit=-1"), HttpStatusCode.BadRequest, "BadRequest", "limit");

        var list = await JsonAsync(await fx.SendAsync(HttpMethod.Get, "/api/v1/configmaps?fieldSelector=metadata.name%3Dx"));
        Assert.Equal(0, list.GetProperty("items").GetArrayLength());
        var big = await fx.SendAsync(HttpMethod.Get, ConfigMaps + "/big");
        Assert.Equal(HttpStatusCode.NotFound, big.StatusCode);
    }

    [Fact]
    public async Task Scale_subresource_reads_and_patches_replicas()
    {
        const string deployment = """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"scaled"},
             "spec":{"replicas":1,"selector":{"matchLabels":{"app":"scaled"}},
                     "template":{"metadata":{"labels":{"app":"scaled"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}}}
            """;
        Assert.Equal(HttpStatusCode.Created, (await fx.SendAsync(HttpMethod.Post, "/apis/apps/v1/namespaces/default/deployments", deployment)).StatusCode);

        var scale = await JsonAsync(await fx.SendAsync(HttpMethod.Get, "/apis/apps/v1/namespaces/default/deployments/scaled/scale"));
        Assert.Equal("Scale", scale.GetProperty("kind").GetString());
        Assert.Equal(1, scale.GetProperty("spec").GetProperty("replicas").GetInt32());

        var patched = await fx.SendAsync(HttpMethod.Patch, "/apis/apps/v1/namespaces/default/deployments/scaled/scale", """{"spec":{"replicas":3}}""", "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal(3, (await JsonAsync(patched)).GetProperty("spec").GetProperty("replicas").GetInt32());
        var d = await JsonAsync(await fx.SendAsync(HttpMethod.Get, "/apis/apps/v1/namespaces/default/deployments/scaled"));
        Assert.Equal(3, d.GetProperty("spec").GetProperty("replicas").GetInt32());

        await fx.SendAsync(HttpMethod.Delete, "/apis/apps/v1/namespaces/default/deployments/scaled");
    }

    [Fact]
    public async Task Pod_logs_are_proxied_to_the_kubelet_and_eviction_deletes_the_pod()
    {
        const string pod = """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"echo"},
             "spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"busybox","command":["sh","-c","echo hello from actorkube"]}]}}
            """;
        Assert.Equal(HttpStatusCode.Created, (await fx.SendAsync(HttpMethod.Post, Pods, pod)).StatusCode);
        await ApiFixture.Until(
            async () => (await JsonAsync(await fx.SendAsync(HttpMethod.Get, Pods + "/echo"))).GetProperty("status").TryGetProperty("phase", out var p) ? p.GetString() : null,
            phase => phase == "Succeeded",
            "pod echo Succeeded");

        var logs = await fx.SendAsync(HttpMethod.Get, Pods + "/echo/log");
        Assert.Equal(HttpStatusCode.OK, logs.StatusCode);
        Assert.Equal("hello from actorkube\n", await logs.Content.ReadAsStringAsync());
        await AssertStatusAsync(await fx.SendAsync(HttpMethod.Get, Pods + "/echo/log?container=nope"), HttpStatusCode.BadRequest, "BadRequest", "container nope is not valid");
        await AssertStatusAsync(await fx.SendAsync(HttpMethod.Get, Pods + "/missing/log"), HttpStatusCode.NotFound, "NotFound");

        var eviction = await fx.SendAsync(HttpMethod.Post, Pods + "/echo/eviction", """{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"echo","namespace":"default"}}""");
        Assert.Equal(HttpStatusCode.Created, eviction.StatusCode);
        await ApiFixture.Until(async () => (await fx.SendAsync(HttpMethod.Get, Pods + "/echo")).StatusCode, c => c == HttpStatusCode.NotFound, "evicted pod gone");
    }

    [Fact]
    public async Task Field_validation_rejects_unknown_fields_when_strict_and_warns_by_default()
    {
        const string body = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"strict"},"data":{"a":"b"},"dta":{}}""";
        await AssertStatusAsync(await fx.SendAsync(HttpMethod.Post, ConfigMaps + "?fieldValidation=Strict", body), HttpStatusCode.BadRequest, "BadRequest", "strict decoding error: unknown field \"dta\"");
        Assert.Equal(HttpStatusCode.NotFound, (await fx.SendAsync(HttpMethod.Get, ConfigMaps + "/strict")).StatusCode);

        var warned = await fx.SendAsync(HttpMethod.Post, ConfigMaps, body);
        Assert.Equal(HttpStatusCode.Created, warned.StatusCode);
        Assert.Contains("unknown field", string.Join(" ", warned.Headers.GetValues("Warning")), StringComparison.Ordinal);

        var patched = await fx.SendAsync(HttpMethod.Patch, ConfigMaps + "/strict?fieldValidation=Strict", """{"spec":{"x":1}}""", "application/merge-patch+json");
        await AssertStatusAsync(patched, HttpStatusCode.UnprocessableEntity, "Invalid", "unknown field \"spec\"");
        await AssertStatusAsync(await fx.SendAsync(HttpMethod.Post, ConfigMaps + "?fieldValidation=Loose", body), HttpStatusCode.UnprocessableEntity, "Invalid", "fieldValidation");
    }

    [Fact]
    public async Task Protobuf_bodies_as_kubectl_sends_them_are_read()
    {
        // kubectl create namespace sends a runtime.Unknown envelope: "k8s\0", typeMeta{apiVersion,kind}, raw Namespace{metadata{name}}.
        static byte[] Field(int number, byte[] value) => [(byte)((number << 3) | 2), (byte)value.Length, .. value];
        static byte[] Text(string s) => System.Text.Encoding.UTF8.GetBytes(s);
        var ns = Field(1, Field(1, Text("from-protobuf")));
        var body = (byte[])[0x6B, 0x38, 0x73, 0x00, .. Field(1, [.. Field(1, Text("v1")), .. Field(2, Text("Namespace"))]), .. Field(2, ns)];
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/namespaces") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/vnd.kubernetes.protobuf");

        var created = await fx.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fx.SendAsync(HttpMethod.Get, "/api/v1/namespaces/from-protobuf")).StatusCode);
        using var bad = new HttpRequestMessage(HttpMethod.Post, "/api/v1/namespaces") { Content = new ByteArrayContent([1, 2, 3]) };
        bad.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/vnd.kubernetes.protobuf");
        await AssertStatusAsync(await fx.Http.SendAsync(bad), HttpStatusCode.BadRequest, "BadRequest", "protobuf");
    }
}
