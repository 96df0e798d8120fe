using System.Diagnostics;
using System.Text;
using System.Text.Json;
using ActorKube.Cli.Tests.Integration;

namespace ActorKube.Cli.Tests;

/// <summary>The real `actorkube` process, started as a user would: exit codes, output, the flow log.</summary>
// In the same collection as the in-process cluster specs: a demo process next to a cluster spec on a
// 2-core machine would make both of their timings flaky.
[Collection(ClusterCollection.Name)]
public sealed class CliEndToEndTests
{
    [Fact]
    public async Task Demo_succeeds_prints_the_summary_and_writes_a_message_flow_log()
    {
        var dataDir = ClusterTestKit.NewTempDir();
        try
        {
            var r = await Cli.RunAsync(TimeSpan.FromMinutes(4), "demo", "--data-dir", dataDir, "--time-scale", "40");
            Assert.True(r.ExitCode == 0, r.ToString());
            var lines = r.Stdout.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
            Assert.Contains("Demo succeeded.", lines);
            var header = lines.FindIndex(l => l.StartsWith("STEP ", StringComparison.Ordinal));
            Assert.True(header >= 0, r.ToString());
            string[] steps =
            [
                "3 nodes Ready",
                "Deployment web (6 x nginx:1.27) Running",
                "Rolling update to nginx:1.28",
                "Power off the busiest node",
                "Node goes NotReady and gets the unreachable taint",
                "Pods evicted and replaced on the other nodes",
                "Power the node back on: Ready again, its evicted pods cleaned up",
            ];
            for (var i = 0; i < steps.Length; i++)
            {
                var row = lines[header + 1 + i];
                Assert.StartsWith(steps[i], row, StringComparison.Ordinal);
                Assert.Matches(@"\s+yes\s+\d+\.\ds\s+\S", row[steps[i].Length..]);
            }

            Assert.StartsWith("total", lines[header + 1 + steps.Length], StringComparison.Ordinal);
            Assert.Contains(lines, l => l.Contains("6/6 Running elsewhere", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("Events: ", StringComparison.Ordinal) && l.Contains("Scheduled", StringComparison.Ordinal));

            // The JSONL flow log: one JSON object a line, with the message-flow events among them.
            var log = Path.Combine(dataDir, "logs", "demo.jsonl");
            Assert.Contains(lines, l => l == "Message-flow log: " + log);
            Assert.True(File.Exists(log), $"{log} does not exist");
            var flows = new List<JsonElement>();
            await using (var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
            using (var reader = new StreamReader(stream))
            {
                while (await reader.ReadLineAsync() is { } line)
                {
                    if (line.Length == 0)
                    {
                        continue;
                    }

                    var e = JsonDocument.Parse(line).RootElement.Clone();
                    if (e.TryGetProperty("From", out _) && e.TryGetProperty("To", out _))
                    {
                        flows.Add(e);
                    }
                }
            }

            Assert.True(flows.Count > 100, $"only {flows.Count} flow events");
            Assert.Contains(flows, e => e.GetProperty("To").GetString() == "apiserver" && e.GetProperty("From").GetString() == "kube-scheduler");
            var traced = flows.Where(e => e.TryGetProperty("TraceId", out var t) && t.ValueKind == JsonValueKind.String && t.GetString()!.Length > 0).ToList();
            Assert.NotEmpty(traced);

            // One trace follows the Deployment through several components.
            var byTrace = traced.GroupBy(e => e.GetProperty("TraceId").GetString()).Max(g => g.Select(e => e.GetProperty("From").GetString()).Distinct().Count());
            Assert.True(byTrace >= 2, $"no trace id is shared by two components (max {byTrace})");
        }
        finally
        {
            ClusterTestKit.TryDelete(dataDir);
        }
    }

    [Fact]
    public async Task Bench_prints_one_json_line_with_the_documented_fields()
    {
        var r = await Cli.RunAsync(TimeSpan.FromMinutes(3), "bench", "--nodes", "20", "--pods", "100", "--warmup-pods", "20", "--storage", "memory", "--timeout", "120");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("warm-up: 20 pods of registry.k8s.io/pause:3.10 Running", r.Stderr, StringComparison.Ordinal);
        var line = Assert.Single(r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var json = JsonDocument.Parse(line).RootElement;
        Assert.Equal(20, json.GetProperty("nodes").GetInt32());
        Assert.Equal(100, json.GetProperty("pods").GetInt32());
        Assert.Equal("memory", json.GetProperty("storage").GetString());
        Assert.Equal(20, json.GetProperty("warmup_pods").GetInt32());
        foreach (var f in new[] { "seconds", "pods_per_second", "etcd_writes", "peak_working_set_mb", "live_heap_mb", "p50_startup_ms", "p99_startup_ms" })
        {
            Assert.True(json.TryGetProperty(f, out var v) && v.ValueKind == JsonValueKind.Number, $"field {f} missing in {line}");
            Assert.True(v.GetDouble() > 0, $"{f} is not positive in {line}");
        }

        Assert.True(json.GetProperty("etcd_writes").GetInt64() >= 100, line);
        Assert.True(json.GetProperty("p99_startup_ms").GetDouble() >= json.GetProperty("p50_startup_ms").GetDouble(), line);
    }

    [Theory]
    [InlineData("-1", "--warmup-pods must be 0 or more")]
    [InlineData("20", "120 pods do not fit on 1 nodes of 110 pods each")]
    public async Task Bad_warmup_exits_2_with_the_reason(string warmup, string reason)
    {
        var r = await Cli.RunAsync(TimeSpan.FromMinutes(1), "bench", "--nodes", "1", "--pods", "100", "--warmup-pods", warmup, "--storage", "memory");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains(reason, r.Stderr, StringComparison.Ordinal);
        Assert.Equal("", r.Stdout.Trim());
    }

    [Fact]
    public async Task Bad_storage_exits_2_naming_the_option()
    {
        var r = await Cli.RunAsync(TimeSpan.FromMinutes(1), "bench", "--storage", "nosuch", "--nodes", "1", "--pods", "1");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("--storage", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("nosuch", r.Stderr, StringComparison.Ordinal);
        Assert.Equal("", r.Stdout.Trim());
    }

    [Fact]
    public async Task Zero_time_scale_exits_2_naming_the_option()
    {
        var dataDir = ClusterTestKit.NewTempDir();
        var r = await Cli.RunAsync(TimeSpan.FromMinutes(1), "demo", "--time-scale", "0", "--data-dir", dataDir);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("--time-scale", r.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dataDir), "the demo started a cluster despite the bad flag");
    }

    [Fact]
    public async Task Chaos_with_a_bad_duration_exits_2_naming_the_option()
    {
        var r = await Cli.RunAsync(TimeSpan.FromMinutes(1), "chaos", "node-stop", "node-1", "--for", "a-while", "--kubeconfig", "/nonexistent/kubeconfig");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("--for", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("a-while", r.Stderr, StringComparison.Ordinal);
        Assert.Equal("", r.Stdout.Trim());
    }

    [Fact]
    public async Task Unknown_option_is_a_usage_error()
    {
        var r = await Cli.RunAsync(TimeSpan.FromMinutes(1), "bench", "--no-such-flag");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("--no-such-flag", r.Stderr, StringComparison.Ordinal);
    }
}

/// <summary>Runs the built actorkube.dll (copied next to the tests by the project reference) with `dotnet`.</summary>
internal static class Cli
{
    public static async Task<Result> RunAsync(TimeSpan timeout, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "actorkube.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: the test project references ActorKube.Cli");
        var psi = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = new Process { StartInfo = psi };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stdout)
                {
                    stdout.AppendLine(e.Data);
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stderr)
                {
                    stderr.AppendLine(e.Data);
                }
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"actorkube {string.Join(' ', args)} did not exit within {timeout.TotalSeconds:F0}s\nstdout:\n{stdout}\nstderr:\n{stderr}");
        }

        // WaitForExitAsync also waits for the end of the redirected streams.
        return new Result(process.ExitCode, stdout.ToString(), stderr.ToString());
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit code {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
    }
}
