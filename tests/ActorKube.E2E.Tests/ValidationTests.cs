using ActorKube.E2E.Tests.Harness;

namespace ActorKube.E2E.Tests;

/// <summary>Invalid manifests are refused with kubectl's usual errors, and nothing is created.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ValidationTests(ClusterFixture fx)
{
    private Kubectl K => fx.Kubectl;

    [Fact]
    public async Task A_deployment_whose_selector_does_not_match_its_template_is_invalid()
    {
        var ns = await fx.NewNamespaceAsync("invalid");
        var r = await K.RunFailingAsync(1, "apply", "-f", Manifests.PathOf("invalid-selector.yaml"), "-n", ns);
        var get = await K.RunFailingAsync(1, "get", "deployment", "bad-selector", "-n", ns);
        Assert.Equal("Error from server (NotFound): deployments.apps \"bad-selector\" not found", get.Stderr.Trim());

        // kubectl words a 422 from its Status details: "The <details.kind> <details.name> is invalid: <causes>".
        Assert.Equal("", r.Stdout);
        Assert.Contains("The Deployment \"bad-selector\" is invalid:", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("spec.template.metadata.labels: Invalid value:", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("`selector` does not match template `labels`", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_field_fails_strict_validation()
    {
        var ns = await fx.NewNamespaceAsync("strict");
        var r = await K.RunFailingAsync(1, "apply", "-f", Manifests.PathOf("unknown-field.yaml"), "-n", ns);
        var get = await K.RunFailingAsync(1, "get", "deployment", "typo", "-n", ns);
        Assert.Equal("Error from server (NotFound): deployments.apps \"typo\" not found", get.Stderr.Trim());

        Assert.Equal("", r.Stdout);
        Assert.Contains("Error from server (BadRequest): error when creating", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("strict decoding error: unknown field \"spec.replicaz\"", r.Stderr, StringComparison.Ordinal);
    }
}
