using ActorKube.Cli.Up;

namespace ActorKube.Cli.Tests.Up;

public sealed class KubeconfigTests
{
    [Fact]
    public void Plain_http_kubeconfig_has_the_actorkube_context_and_default_namespace()
    {
        var yaml = Kubeconfig.Render(new Uri("http://127.0.0.1:6443/"), null);

        Assert.Contains("    server: http://127.0.0.1:6443\n", yaml, StringComparison.Ordinal);
        Assert.Contains("current-context: actorkube\n", yaml, StringComparison.Ordinal);
        Assert.Contains("    namespace: default\n", yaml, StringComparison.Ordinal);
        Assert.Contains("  user: {}\n", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("certificate-authority-data", yaml, StringComparison.Ordinal);
        var loaded = k8s.KubernetesClientConfiguration.LoadKubeConfig(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(yaml)));
        Assert.Equal("actorkube", loaded.CurrentContext);
    }

    [Fact]
    public void With_a_token_it_carries_the_token_and_the_servers_certificate()
    {
        var yaml = Kubeconfig.Render(new Uri("https://127.0.0.1:7443"), "a\"b", "-----BEGIN CERTIFICATE-----\nX\n-----END CERTIFICATE-----\n");

        Assert.Contains("    server: https://127.0.0.1:7443\n", yaml, StringComparison.Ordinal);
        Assert.Contains("    token: \"a\\\"b\"\n", yaml, StringComparison.Ordinal);
        var loaded = k8s.KubernetesClientConfiguration.LoadKubeConfig(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(yaml)));
        Assert.Equal("a\"b", loaded.Users.Single().UserCredentials.Token);
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", System.Text.Encoding.ASCII.GetString(Convert.FromBase64String(loaded.Clusters.Single().ClusterEndpoint.CertificateAuthorityData)), StringComparison.Ordinal);
    }
}
