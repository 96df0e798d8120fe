using System.Text.RegularExpressions;
using ActorKube.E2E.Tests.Harness;

namespace ActorKube.E2E.Tests;

/// <summary>Pods through kubectl: listing and selecting, watching, describing, Events, labels, logs, deleting.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PodTests(ClusterFixture fx)
{
    private static readonly TimeSpan WatchLimit = TimeSpan.FromSeconds(90);

    private Kubectl K => fx.Kubectl;

    [Fact]
    public async Task Get_pods_wide_by_label_in_all_namespaces_and_by_node()
    {
        var ns = await fx.NewNamespaceAsync("list");
        await K.RunOkAsync("create", "deployment", "spread", "--image=nginx", "--replicas=3", "-n", ns);
        await K.RunOkAsync("run", "solo", "--image=nginx", "--labels=role=solo", "-n", ns);
        await K.UntilAsync(r => r.Succeeded && KubectlTable.Parse(r.Stdout).Rows is { Count: 4 } rows && rows.All(p => p["STATUS"] == "Running"), "get", "pods", "-n", ns);

        var wide = KubectlTable.Parse(await K.RunOkAsync("get", "pods", "-o", "wide", "-n", ns));
        Assert.Equal(["NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE", "NOMINATED NODE", "READINESS GATES"], wide.Columns);
        Assert.All(wide.Rows, p =>
        {
            Assert.Equal("1/1", p["READY"]);
            Assert.Equal("0", p["RESTARTS"]);
            Assert.Matches(@"^10\.244\.\d+\.\d+$", p["IP"]);
            Assert.Matches(@"^node-[123]$", p["NODE"]);
            Assert.Equal("<none>", p["NOMINATED NODE"]);
        });

        var bySelector = KubectlTable.Parse(await K.RunOkAsync("get", "pods", "-l", "app=spread", "-n", ns));
        Assert.Equal(3, bySelector.Rows.Count);
        Assert.All(bySelector.Rows, p => Assert.StartsWith("spread-", p["NAME"], StringComparison.Ordinal));
        Assert.Equal("pod/solo", (await K.RunOkAsync("get", "pods", "-l", "role=solo", "-n", ns, "-o", "name")).Trim());
        var none = await K.RunAsync("get", "pods", "-l", "app=nosuch", "-n", ns);
        Assert.True(none.Succeeded && none.Stdout.Length == 0, none.ToString());
        Assert.Contains($"No resources found in {ns} namespace.", none.Stderr, StringComparison.Ordinal);

        var all = KubectlTable.Parse(await K.RunOkAsync("get", "pods", "-A"));
        Assert.Equal(["NAMESPACE", "NAME", "READY", "STATUS", "RESTARTS", "AGE"], all.Columns);
        Assert.Equal(wide.Rows.Select(p => p["NAME"]).Order(), all.Rows.Where(p => p["NAMESPACE"] == ns).Select(p => p["NAME"]).Order());

        foreach (var node in wide.Rows.Select(p => p["NODE"]).Distinct())
        {
            var onNode = await K.RunOkAsync("get", "pods", "-n", ns, "--field-selector", $"spec.nodeName={node}", "-o", "name");
            Assert.Equal(
                wide.Rows.Where(p => p["NODE"] == node).Select(p => "pod/" + p["NAME"]).Order(),
                onNode.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order());
        }
    }

    [Fact]
    public async Task Get_pods_watch_prints_a_new_pod_as_it_appears_and_changes()
    {
        var ns = await fx.NewNamespaceAsync("watch");
        await using var watch = K.Start("get", "pods", "-w", "-n", ns);

        // Whether the pod is created before kubectl's list or after it, it shows: in the list or as a watch event.
        Assert.Equal("pod/watched created", (await K.RunOkAsync("run", "watched", "--image=nginx", "-n", ns)).Trim());
        await watch.WaitForLineAsync(l => l.StartsWith("watched ", StringComparison.Ordinal), WatchLimit, "the new pod \"watched\"");
        var running = await watch.WaitForLineAsync(l => l.StartsWith("watched ", StringComparison.Ordinal) && l.Contains(" Running ", StringComparison.Ordinal), WatchLimit, "the pod \"watched\" Running");
        Assert.Matches(@"^watched\s+1/1\s+Running\s+0\s+\S+$", running);
    }

    [Fact]
    public async Task Describe_pod_and_get_events_show_its_scheduling_and_start()
    {
        var ns = await fx.NewNamespaceAsync("describe");
        await K.RunOkAsync("run", "web", "--image=nginx", "-n", ns);
        Assert.Equal("pod/web condition met", (await K.RunOkAsync("wait", "--for=condition=Ready", "pod/web", "-n", ns, "--timeout=120s")).Trim());

        var described = await K.UntilAsync(
            r => r.Succeeded && ClusterInfoTests.EventRows(r.Stdout).Any(e => e.Contains("Started", StringComparison.Ordinal)),
            "describe", "pod", "web", "-n", ns);
        var stdout = described.Stdout;
        Assert.Matches(@"(?m)^Name:\s+web$", stdout);
        Assert.Matches($@"(?m)^Namespace:\s+{ns}$", stdout);
        Assert.Matches(@"(?m)^Node:\s+node-[123]/172\.18\.0\.\d+$", stdout);
        Assert.Matches(@"(?m)^Status:\s+Running$", stdout);
        Assert.Matches(@"(?m)^IP:\s+10\.244\.\d+\.\d+$", stdout);
        Assert.Matches(@"(?m)^Containers:\n  web:$", stdout);
        Assert.Matches(@"(?m)^    Image:\s+nginx$", stdout);
        Assert.Matches(@"(?m)^    State:\s+Running$", stdout);
        Assert.Matches(@"(?m)^Conditions:$", stdout);
        var events = ClusterInfoTests.EventRows(stdout).ToList();
        Assert.Contains(events, e => Regex.IsMatch(e, @"^Normal\s+Started\s+\S+\s+kubelet\s+Started container web$"));

        var list = await K.RunOkAsync("get", "events", "-n", ns);
        Assert.Matches(@"^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE\n", list);
        Assert.Matches($@"(?m)^\S+\s+Normal\s+Scheduled\s+pod/web\s+Successfully assigned {ns}/web to node-[123]$", list);
        Assert.Matches(@"(?m)^\S+\s+Normal\s+Started\s+pod/web\s+Started container web$", list);

        // kube-scheduler reports as its profile's scheduler name, default-scheduler (describe's From column).
        Assert.Contains(events, e => Regex.IsMatch(e, $@"^Normal\s+Scheduled\s+\S+\s+default-scheduler\s+Successfully assigned {ns}/web to node-[123]$"));
    }

    [Fact]
    public async Task Label_and_annotate_a_pod()
    {
        var ns = await fx.NewNamespaceAsync("label");
        await K.RunOkAsync("run", "tagged", "--image=nginx", "-n", ns);

        Assert.Equal("pod/tagged labeled", (await K.RunOkAsync("label", "pod", "tagged", "tier=frontend", "-n", ns)).Trim());
        Assert.Equal("pod/tagged", (await K.RunOkAsync("get", "pods", "-l", "tier=frontend", "-n", ns, "-o", "name")).Trim());

        var clash = await K.RunFailingAsync(1, "label", "pod", "tagged", "tier=backend", "-n", ns);
        Assert.Contains("'tier' already has a value (frontend), and --overwrite is false", clash.Stderr, StringComparison.Ordinal);
        Assert.Equal("pod/tagged labeled", (await K.RunOkAsync("label", "pod", "tagged", "tier=backend", "--overwrite", "-n", ns)).Trim());
        Assert.Equal("backend", await K.RunOkAsync("get", "pod", "tagged", "-n", ns, "-o", "jsonpath={.metadata.labels.tier}"));
        Assert.Equal("pod/tagged unlabeled", (await K.RunOkAsync("label", "pod", "tagged", "tier-", "-n", ns)).Trim());
        Assert.Equal("tagged", await K.RunOkAsync("get", "pod", "tagged", "-n", ns, "-o", "jsonpath={.metadata.labels.run}{.metadata.labels.tier}"));

        Assert.Equal("pod/tagged annotated", (await K.RunOkAsync("annotate", "pod", "tagged", "owner=e2e", "description=made by the kubectl tests", "-n", ns)).Trim());
        Assert.Equal("e2e|made by the kubectl tests", await K.RunOkAsync("get", "pod", "tagged", "-n", ns, "-o", "jsonpath={.metadata.annotations.owner}|{.metadata.annotations.description}"));
    }

    [Fact]
    public async Task Logs_show_what_a_completed_pod_echoed()
    {
        var ns = await fx.NewNamespaceAsync("logs");
        Assert.Equal("pod/hello created", (await K.RunOkAsync("apply", "-f", Manifests.PathOf("hello-pod.yaml"), "-n", ns)).Trim());
        await K.UntilAsync(r => r.Stdout == "Succeeded", "get", "pod", "hello", "-n", ns, "-o", "jsonpath={.status.phase}");

        var row = Assert.Single(KubectlTable.Parse(await K.RunOkAsync("get", "pod", "hello", "-n", ns)).Rows);
        Assert.Equal("0/1", row["READY"]);
        Assert.Equal("Completed", row["STATUS"]);

        Assert.Equal("hello from a job\n", await K.RunOkAsync("logs", "hello", "-n", ns));
    }

    [Fact]
    public async Task Force_delete_removes_a_pod_at_once()
    {
        var ns = await fx.NewNamespaceAsync("force");
        await K.RunOkAsync("run", "doomed", "--image=nginx", "-n", ns);
        await K.RunOkAsync("wait", "--for=condition=Ready", "pod/doomed", "-n", ns, "--timeout=120s");

        var deleted = await K.RunAsync("delete", "pod", "doomed", "--grace-period=0", "--force", "-n", ns);
        Assert.True(deleted.Succeeded, deleted.ToString());
        Assert.Equal("pod \"doomed\" force deleted", deleted.Stdout.Trim());
        Assert.Contains("Immediate deletion does not wait for confirmation that the running resource has been terminated.", deleted.Stderr, StringComparison.OrdinalIgnoreCase);

        var gone = await K.RunFailingAsync(1, "get", "pod", "doomed", "-n", ns);
        Assert.Equal("Error from server (NotFound): pods \"doomed\" not found", gone.Stderr.Trim());
    }
}
