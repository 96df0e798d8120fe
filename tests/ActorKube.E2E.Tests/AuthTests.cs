using System.Text.RegularExpressions;
using ActorKube.Cli.Up;
using ActorKube.E2E.Tests.Harness;

namespace ActorKube.E2E.Tests;

/// <summary><c>actorkube up --token</c>: kubectl with the kubeconfig's token works, without it gets 401.</summary>
[Collection(OwnProcessCollection.Name)]
public sealed class AuthTests
{
    private const string LoggedIn = "error: You must be logged in to the server";

    [Fact]
    public async Task Kubectl_without_the_token_must_log_in()
    {
        await using var cluster = ActorKubeProcess.Launch(dataDir => ["up", "--in-process", "--data-dir", dataDir, "--api-port", "0", "--nodes", "1", "--time-scale", "10", "--token", "e2e-s3cret"]);
        var kubeconfig = await cluster.WaitForKubeconfigAsync(ActorKubeProcess.StartTimeout);

        // The same cluster, but a kubeconfig without a user.
        var server = Regex.Match(await File.ReadAllTextAsync(kubeconfig), @"(?m)^\s+server: (\S+)$").Groups[1].Value;
        var anonymousConfig = Path.Combine(cluster.Root, "anonymous.kubeconfig");
        await File.WriteAllTextAsync(anonymousConfig, Kubeconfig.Render(new Uri(server), token: null));

        // With nothing cached, kubectl's first request is discovery; client-go words a 401 there itself.
        var cold = await new Kubectl(anonymousConfig, Path.Combine(cluster.Root, "anonymous-cache")).RunFailingAsync(1, "get", "pods");
        Assert.Contains($"{LoggedIn} (the server has asked for the client to provide credentials)", cold.Stderr, StringComparison.Ordinal);
        Assert.Equal("", cold.Stdout);

        // With the token: the node registers and kubectl works (this also fills the discovery cache).
        await cluster.WaitForReadyNodesAsync(1, ActorKubeProcess.StartTimeout);
        Assert.Contains("node-1", await cluster.Kubectl.RunOkAsync("get", "nodes"), StringComparison.Ordinal);

        // Discovery from the cache, so the request itself gets the 401 and kubectl prints the Status's message.
        var anonymous = new Kubectl(anonymousConfig, cluster.Kubectl.CacheDir);
        var r = await anonymous.RunFailingAsync(1, "get", "pods");
        Assert.Equal($"{LoggedIn} (Unauthorized)", r.Stderr.Trim());
        Assert.Equal("", r.Stdout);

        var wrong = await anonymous.RunFailingAsync(1, "--token", "not-the-token", "create", "configmap", "sneaky", "--from-literal=a=b");
        Assert.Equal($"{LoggedIn} (Unauthorized)", wrong.Stderr.Trim());
        var get = await cluster.Kubectl.RunFailingAsync(1, "get", "configmap", "sneaky");
        Assert.Contains("(NotFound)", get.Stderr, StringComparison.Ordinal);
    }
}
