using System.Net;
using ActorKube.Http.Hosting;

namespace ActorKube.Http.Tests.Api;

/// <summary>With --token, the API serves HTTPS (kubectl sends credentials only over TLS) and requests without the bearer token get 401 and change nothing.</summary>
[Collection(ApiCollection.Name)]
public sealed class AuthSpecs(ApiFixture fx)
{
    [Fact]
    public async Task Requests_need_the_bearer_token_when_one_is_set()
    {
        await using var api = await fx.Cluster.StartApiAsync(new KubeApiOptions { Port = 0, Token = "s3cret" });
        Assert.Equal("https", api.Url.Scheme);
        var served = api.Certificate ?? throw new InvalidOperationException("no serving certificate");
        using var handler = new HttpClientHandler
        {
            // Trust exactly the served self-signed certificate, as the kubeconfig's certificate-authority-data does.
            ServerCertificateCustomValidationCallback = (_, cert, _, _) => cert is not null && cert.Thumbprint == served.Thumbprint,
        };
        using var http = new HttpClient(handler) { BaseAddress = api.Url };
        const string body = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"guarded\"}}";

        var anonymous = await http.PostAsync("/api/v1/namespaces/default/configmaps", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("\"reason\":\"Unauthorized\"", await anonymous.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await fx.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/configmaps/guarded")).StatusCode);

        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/v1/namespaces")).StatusCode);

        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "s3cret");
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync("/api/v1/namespaces/default/configmaps", new StringContent(body, System.Text.Encoding.UTF8, "application/json"))).StatusCode);
    }

    [Fact]
    public async Task A_port_in_use_is_a_clear_error()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => fx.Cluster.StartApiAsync(new KubeApiOptions { Port = fx.Url.Port }));
        Assert.Contains($"cannot listen on 127.0.0.1:{fx.Url.Port}", ex.Message, StringComparison.Ordinal);
    }
}
