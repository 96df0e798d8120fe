using ActorKube.E2E.Tests.Harness;

namespace ActorKube.E2E.Tests;

/// <summary>What kubectl shows of the cluster itself: versions, API resources, nodes.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterInfoTests(ClusterFixture fx)
{
    private Kubectl K => fx.Kubectl;

    [Fact]
    public async Task Version_shows_the_client_and_the_server_version()
    {
        var stdout = await K.RunOkAsync("version");
        Assert.Matches(@"(?m)^Client Version: v1\.32\.", stdout);
        Assert.Matches(@"(?m)^Server Version: v\d+\.\d+\.\d+", stdout);
    }

    [Fact]
    public async Task Api_resources_lists_pods_and_deployments_with_their_short_names()
    {
        var stdout = await K.RunOkAsync("api-resources");
        Assert.Matches(@"(?m)^NAME\s+SHORTNAMES\s+APIVERSION\s+NAMESPACED\s+KIND\s*$", stdout);
        Assert.Matches(@"(?m)^pods\s+po\s+v1\s+true\s+Pod\s*$", stdout);
        Assert.Matches(@"(?m)^nodes\s+no\s+v1\s+false\s+Node\s*$", stdout);
        Assert.Matches(@"(?m)^deployments\s+deploy\s+apps/v1\s+true\s+Deployment\s*$", stdout);

        var names = await K.RunOkAsync("api-resources", "--api-group=apps", "-o", "name");
        Assert.Contains("deployments.apps", names.Split('\n', StringSplitOptions.TrimEntries));
    }

    [Fact]
    public async Task Get_nodes_shows_three_ready_workers_and_wide_adds_their_addresses()
    {
        var table = KubectlTable.Parse(await K.RunOkAsync("get", "nodes"));
        Assert.Equal(["NAME", "STATUS", "ROLES", "AGE", "VERSION"], table.Columns);
        Assert.Equal(["node-1", "node-2", "node-3"], table.Rows.Select(r => r["NAME"]).Order());
        Assert.All(table.Rows, r =>
        {
            Assert.Equal("Ready", r["STATUS"]);
            Assert.Equal("worker", r["ROLES"]);
            Assert.Matches(@"^\d+[smhd]", r["AGE"]);
            Assert.Equal("v1.32.0", r["VERSION"]);
        });

        var wide = KubectlTable.Parse(await K.RunOkAsync("get", "nodes", "-o", "wide"));
        Assert.Equal(
            ["NAME", "STATUS", "ROLES", "AGE", "VERSION", "INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"],
            wide.Columns);
        Assert.All(wide.Rows, r =>
        {
            Assert.Matches(@"^172\.18\.0\.\d+$", r["INTERNAL-IP"]);
            Assert.Equal("<none>", r["EXTERNAL-IP"]);
            Assert.StartsWith("containerd://", r["CONTAINER-RUNTIME"], StringComparison.Ordinal);
        });
        Assert.Equal(3, wide.Rows.Select(r => r["INTERNAL-IP"]).Distinct().Count());
    }

    [Fact]
    public async Task Describe_node_shows_its_conditions_capacity_pods_and_events()
    {
        // The kubelet's and the node controller's Events about the node are written within seconds of its start.
        var described = await K.UntilAsync(r => r.Succeeded && EventRows(r.Stdout).Any(), "describe", "node", "node-1");
        var stdout = described.Stdout;
        Assert.Matches(@"(?m)^Name:\s+node-1$", stdout);
        Assert.Matches(@"(?m)^Roles:\s+worker$", stdout);
        Assert.Matches(@"(?m)^Conditions:$", stdout);
        Assert.Matches(@"(?m)^\s+Ready\s+True\s", stdout);
        Assert.Matches(@"(?m)^Addresses:\n\s+InternalIP:\s+172\.18\.0\.\d+$", stdout);
        Assert.Matches(@"(?m)^Capacity:$", stdout);
        Assert.Matches(@"(?m)^\s+pods:\s+110$", stdout);
        Assert.Matches(@"(?m)^\s+Kubelet Version:\s+v1\.32\.0$", stdout);
        Assert.Matches(@"(?m)^Non-terminated Pods:", stdout);
        Assert.Matches(@"(?m)^Events:\n\s+Type\s+Reason\s+Age\s+From\s+Message$", stdout);
    }

    /// <summary>The rows under the Events: header of <c>kubectl describe</c> ("Normal  Reason  Age  From  Message").</summary>
    internal static IEnumerable<string> EventRows(string describe) =>
        describe.Split('\n')
            .SkipWhile(l => !l.StartsWith("Events:", StringComparison.Ordinal))
            .Skip(1)
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("Normal ", StringComparison.Ordinal) || l.StartsWith("Warning ", StringComparison.Ordinal));
}
