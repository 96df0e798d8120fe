using ActorKube.E2E.Tests.Harness;

namespace ActorKube.E2E.Tests;

/// <summary>Deployments through kubectl: create, wait, scale, apply, roll out, undo, patch, delete.</summary>
[Collection(ClusterCollection.Name)]
public sealed class DeploymentTests(ClusterFixture fx)
{
    private Kubectl K => fx.Kubectl;

    [Fact]
    public async Task Create_wait_scale_and_delete_a_deployment_whose_pods_go_with_it()
    {
        var ns = await fx.NewNamespaceAsync("deploy");
        Assert.Equal("deployment.apps/web created", (await K.RunOkAsync("create", "deployment", "web", "--image=nginx", "--replicas=3", "-n", ns)).Trim());
        Assert.Equal("deployment.apps/web condition met", (await K.RunOkAsync("wait", "--for=condition=Available", "deployment/web", "-n", ns, "--timeout=120s")).Trim());
        await RunningPodsAsync(ns, "app=web", 3);

        var deployment = Assert.Single(KubectlTable.Parse(await K.RunOkAsync("get", "deployment", "web", "-n", ns)).Rows);
        Assert.Equal("web", deployment["NAME"]);
        Assert.Equal("3/3", deployment["READY"]);
        Assert.Equal("3", deployment["UP-TO-DATE"]);
        Assert.Equal("3", deployment["AVAILABLE"]);

        Assert.Equal("deployment.apps/web scaled", (await K.RunOkAsync("scale", "deployment/web", "--replicas=5", "-n", ns)).Trim());
        await RunningPodsAsync(ns, "app=web", 5);
        await K.UntilAsync(r => r.Stdout == "5", "get", "deployment", "web", "-n", ns, "-o", "jsonpath={.status.readyReplicas}");

        Assert.Equal("deployment.apps \"web\" deleted", (await K.RunOkAsync("delete", "deployment", "web", "-n", ns)).Trim());

        // The garbage collector deletes the ReplicaSet (its owner is gone), then its pods.
        await K.UntilAsync(
            r => r.Succeeded && r.Stdout.Length == 0 && r.Stderr.Contains($"No resources found in {ns} namespace.", StringComparison.Ordinal),
            "get", "replicasets,pods", "-n", ns);
    }

    [Fact]
    public async Task Apply_a_multi_document_manifest_roll_out_a_new_image_and_undo_it()
    {
        var ns = await fx.NewNamespaceAsync("apply");
        var manifest = Manifests.PathOf("web-app.yaml");
        var created = await K.RunOkAsync("apply", "-f", manifest, "-n", ns);
        Assert.Equal(["deployment.apps/web created", "configmap/web-config created", "service/web created"], Lines(created));
        Assert.Contains("successfully rolled out", await K.RunOkAsync("rollout", "status", "deployment/web", "-n", ns, "--timeout=120s"), StringComparison.Ordinal);
        Assert.Equal("hello from the config map", await K.RunOkAsync("get", "configmap", "web-config", "-n", ns, "-o", "jsonpath={.data.greeting}"));
        Assert.Equal("service/web", (await K.RunOkAsync("get", "service", "web", "-n", ns, "-o", "name")).Trim());

        // The same manifest with a new image: only the Deployment changes.
        var changed = Path.Combine(fx.Process.Root, $"web-app-{ns}.yaml");
        await File.WriteAllTextAsync(changed, (await File.ReadAllTextAsync(manifest)).Replace("nginx:1.27", "nginx:1.28", StringComparison.Ordinal));
        var configured = await K.RunOkAsync("apply", "-f", changed, "-n", ns);
        Assert.Equal(["deployment.apps/web configured", "configmap/web-config unchanged", "service/web unchanged"], Lines(configured));
        var status = await K.RunOkAsync("rollout", "status", "deployment/web", "-n", ns, "--timeout=120s");
        Assert.Equal("deployment \"web\" successfully rolled out", Lines(status)[^1]);
        await PodImagesAsync(ns, "nginx:1.28", 2);

        var history = await K.RunOkAsync("rollout", "history", "deployment/web", "-n", ns);
        Assert.Equal(["deployment.apps/web", "REVISION  CHANGE-CAUSE", "1         <none>", "2         <none>"], Lines(history));

        Assert.Equal("deployment.apps/web rolled back", (await K.RunOkAsync("rollout", "undo", "deployment/web", "-n", ns)).Trim());
        Assert.Contains("successfully rolled out", await K.RunOkAsync("rollout", "status", "deployment/web", "-n", ns, "--timeout=120s"), StringComparison.Ordinal);
        Assert.Equal("nginx:1.27", await K.RunOkAsync("get", "deployment", "web", "-n", ns, "-o", "jsonpath={.spec.template.spec.containers[0].image}"));
        await PodImagesAsync(ns, "nginx:1.27", 2);

        // Undo re-uses revision 1's ReplicaSet, which becomes revision 3.
        var after = await K.RunOkAsync("rollout", "history", "deployment/web", "-n", ns);
        Assert.Equal(["deployment.apps/web", "REVISION  CHANGE-CAUSE", "2         <none>", "3         <none>"], Lines(after));
    }

    [Fact]
    public async Task Patch_with_strategic_merge_json_merge_and_json_patch()
    {
        var ns = await fx.NewNamespaceAsync("patch");
        await K.RunOkAsync("create", "deployment", "web", "--image=nginx:1.27", "-n", ns);

        // Strategic merge: containers merge by name, so the image stays and the env is added.
        var strategic = await K.RunOkAsync(
            "patch", "deployment", "web", "-n", ns, "--type", "strategic",
            "-p", """{"spec":{"template":{"spec":{"containers":[{"name":"nginx","env":[{"name":"MODE","value":"blue"}]}]}}}}""");
        Assert.Equal("deployment.apps/web patched", strategic.Trim());
        Assert.Equal(
            "nginx nginx:1.27 MODE=blue",
            await K.RunOkAsync("get", "deployment", "web", "-n", ns, "-o", "jsonpath={range .spec.template.spec.containers[*]}{.name} {.image} {.env[0].name}={.env[0].value}{end}"));

        var merge = await K.RunOkAsync("patch", "deployment", "web", "-n", ns, "--type", "merge", "-p", """{"metadata":{"labels":{"tier":"frontend"}}}""");
        Assert.Equal("deployment.apps/web patched", merge.Trim());
        Assert.Equal("web frontend", await K.RunOkAsync("get", "deployment", "web", "-n", ns, "-o", "jsonpath={.metadata.labels.app} {.metadata.labels.tier}"));

        var json = await K.RunOkAsync("patch", "deployment", "web", "-n", ns, "--type", "json", "-p", """[{"op":"replace","path":"/spec/replicas","value":2}]""");
        Assert.Equal("deployment.apps/web patched", json.Trim());
        Assert.Equal("2", await K.RunOkAsync("get", "deployment", "web", "-n", ns, "-o", "jsonpath={.spec.replicas}"));
        await RunningPodsAsync(ns, "app=web", 2);
    }

    [Fact]
    public async Task Get_deployment_as_yaml_and_jsonpath()
    {
        var ns = await fx.NewNamespaceAsync("output");
        await K.RunOkAsync("create", "deployment", "web", "--image=nginx:1.27", "--replicas=2", "-n", ns);

        var yaml = await K.RunOkAsync("get", "deployment", "web", "-n", ns, "-o", "yaml");
        Assert.Matches(@"(?m)^apiVersion: apps/v1$", yaml);
        Assert.Matches(@"(?m)^kind: Deployment$", yaml);
        Assert.Matches($@"(?m)^  namespace: {ns}$", yaml);
        Assert.Matches(@"(?m)^  replicas: 2$", yaml);
        Assert.Matches(@"(?m)^  uid: [0-9a-f-]{36}$", yaml);
        Assert.Matches(@"(?m)^      - image: nginx:1\.27$", yaml);

        Assert.Equal("web 2 nginx:1.27", await K.RunOkAsync("get", "deployment", "web", "-n", ns, "-o", "jsonpath={.metadata.name} {.spec.replicas} {.spec.template.spec.containers[0].image}"));
        Assert.Equal("deployment.apps/web", (await K.RunOkAsync("get", "deployment", "web", "-n", ns, "-o", "name")).Trim());
    }

    private async Task RunningPodsAsync(string ns, string selector, int count) =>
        await K.UntilAsync(
            r => r.Succeeded && KubectlTable.Parse(r.Stdout).Rows is var rows && rows.Count == count && rows.All(p => p["STATUS"] == "Running" && p["READY"] == "1/1"),
            "get", "pods", "-n", ns, "-l", selector);

    /// <summary>Waits until exactly <paramref name="count"/> pods exist, all with this image (the old ones have terminated).</summary>
    private async Task PodImagesAsync(string ns, string image, int count) =>
        await K.UntilAsync(
            r => r.Succeeded && r.Stdout.Split(' ', StringSplitOptions.RemoveEmptyEntries) is var images && images.Length == count && images.All(i => i == image),
            "get", "pods", "-n", ns, "-l", "app=web", "-o", "jsonpath={.items[*].spec.containers[0].image}");

    private static List<string> Lines(string stdout) =>
        stdout.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToList();
}
