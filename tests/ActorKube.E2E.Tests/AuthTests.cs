using System.Text.RegularExpressions;
using ActorKube.E2E.Tests.Harness;

namespace ActorKube.E2E.Tests;

/// <summary><c>actorkube up --token</c>: kubectl with the kubeconfig's token works, with another token gets 401.</summary>
[Collection(OwnProcessCollection.Name)]
public sealed class AuthTests
{
    private const string LoggedIn = "error: You must be logged in to the server";

    [Fact]
    public async Task Kubectl_without_the_token_must_log_in()
    {
        await using var cluster = ActorKubeProcess.Launch(dataDir => ["up", "--in-process", "--data-dir", dataDir, "--api-port", "0", "--nodes", "1", "--time-scale", "10", "--token", "e2e-s3cret"]);
        var kubeconfig = await cluster.WaitForKubeconfigAsync(ActorKubeProcess.StartTimeout);

        // clientcmd sends a kubeconfig's credentials only over TLS, so a token needs an https server.
        var config = await File.ReadAllTextAsync(kubeconfig);
        Assert.Matches(@"(?m)^    server: https://127\.0\.0\.1:\d+$", config);
        Assert.Matches(@"(?m)^    token: ""e2e-s3cret""$", config);

        // The same kubeconfig (server, certificate authority) with a token that is not the cluster's. (With no
        // user at all kubectl would not send a request: over TLS it asks for a username on stdin.)
        var strangerConfig = Path.Combine(cluster.Root, "stranger.kubeconfig");
        await File.WriteAllTextAsync(strangerConfig, Regex.Replace(config, @"(?m)^    token: .*$", "    token: \"not-the-token\""));

        // With nothing cached, kubectl's first request is discovery; client-go words a 401 there itself.
        var cold = await new Kubectl(strangerConfig, Path.Combine(cluster.Root, "stranger-cache")).RunFailingAsync(1, "get", "pods");
        Assert.Contains($"{LoggedIn} (the server has asked for the client to provide credentials)", cold.Stderr, StringComparison.Ordinal);
        Assert.Equal("", cold.Stdout);

        // With the token: the node registers and kubectl works (this also fills the discovery cache).
        await cluster.WaitForReadyNodesAsync(1, ActorKubeProcess.StartTimeout);
        Assert.Contains("node-1", await cluster.Kubectl.RunOkAsync("get", "nodes"), StringComparison.Ordinal);

        // Discovery from the cache, so the request itself gets the 401 and kubectl prints the Status's message.
        var stranger = new Kubectl(strangerConfig, cluster.Kubectl.CacheDir);
        var r = await stranger.RunFailingAsync(1, "get", "pods");
        Assert.True(r.Stderr.Trim() == $"{LoggedIn} (Unauthorized)", r.ToString());
        Assert.Equal("", r.Stdout);

        var create = await stranger.RunFailingAsync(1, "create", "configmap", "sneaky", "--from-literal=a=b");
        Assert.True(create.Stderr.Trim() == "error: failed to create configmap: Unauthorized", create.ToString()); // create configmap wraps the error itself
        var get = await cluster.Kubectl.RunFailingAsync(1, "get", "configmap", "sneaky");
        Assert.Equal("Error from server (NotFound): configmaps \"sneaky\" not found", get.Stderr.Trim());
    }
}
