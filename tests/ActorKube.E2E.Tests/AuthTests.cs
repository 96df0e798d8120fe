using System.Text.RegularExpressions;
using ActorKube.Cli.Up;
using ActorKube.E2E.Tests.Harness;

namespace ActorKube.E2E.Tests;

/// <summary><c>actorkube up --token</c>: kubectl with the token written into the kubeconfig works, without it gets 401.</summary>
[Collection(OwnProcessCollection.Name)]
public sealed class AuthTests
{
    [Fact]
    public async Task Kubectl_without_the_token_must_log_in()
    {
        await using var cluster = await ActorKubeProcess.StartAsync(nodes: 1, token: "e2e-s3cret");
        Assert.Contains("node-1", await cluster.Kubectl.RunOkAsync("get", "nodes"), StringComparison.Ordinal);

        // The same cluster, but a kubeconfig without a user token.
        var server = Regex.Match(await File.ReadAllTextAsync(cluster.Kubeconfig), @"(?m)^\s+server: (\S+)$").Groups[1].Value;
        Assert.StartsWith("http://127.0.0.1:", server, StringComparison.Ordinal);
        var anonymousConfig = Path.Combine(cluster.Root, "anonymous.kubeconfig");
        await File.WriteAllTextAsync(anonymousConfig, Kubeconfig.Render(new Uri(server), token: null));
        var anonymous = new Kubectl(anonymousConfig, Path.Combine(cluster.Root, "anonymous-cache"));

        var r = await anonymous.RunFailingAsync(1, "get", "pods");
        Assert.Contains("error: You must be logged in to the server (Unauthorized)", r.Stderr, StringComparison.Ordinal);
        Assert.Equal("", r.Stdout);

        var wrong = await anonymous.RunFailingAsync(1, "--token", "not-the-token", "create", "configmap", "sneaky", "--from-literal=a=b");
        Assert.Contains("error: You must be logged in to the server (Unauthorized)", wrong.Stderr, StringComparison.Ordinal);
        var get = await cluster.Kubectl.RunFailingAsync(1, "get", "configmap", "sneaky");
        Assert.Contains("(NotFound)", get.Stderr, StringComparison.Ordinal);
    }
}
