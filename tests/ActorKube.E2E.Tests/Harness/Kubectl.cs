using System.Diagnostics;
using System.Text;

namespace ActorKube.E2E.Tests.Harness;

/// <summary>
/// Runs the real kubectl (from PATH) against one cluster: its kubeconfig and a discovery cache of
/// its own, so no test reads another cluster's cached discovery.
/// </summary>
public sealed class Kubectl(string kubeconfig, string cacheDir)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>How long <see cref="UntilAsync(Func{KubectlResult, bool}, string[])"/> polls by default: generous for a loaded 2-core machine.</summary>
    public static readonly TimeSpan DefaultUntilLimit = TimeSpan.FromSeconds(120);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    public string Kubeconfig { get; } = kubeconfig;

    public string CacheDir { get; } = cacheDir;

    public Task<KubectlResult> RunAsync(params string[] args) => RunAsync(args, DefaultTimeout);

    public async Task<KubectlResult> RunAsync(IReadOnlyList<string> args, TimeSpan timeout)
    {
        using var process = new Process { StartInfo = StartInfo(args) };
        var command = CommandLine(args);
        process.Start();
        ChildProcesses.Track(process);
        try
        {
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var cts = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                ChildProcesses.KillTree(process);
                await process.WaitForExitAsync();
                Assert.Fail($"$ {command}\ndid not finish within {timeout.TotalSeconds:F0} s\nstdout:\n{await stdout}\nstderr:\n{await stderr}");
            }

            return new KubectlResult(command, process.ExitCode, await stdout, await stderr);
        }
        finally
        {
            ChildProcesses.Forget(process);
        }
    }

    /// <summary>Runs kubectl and asserts it exits 0; returns its stdout.</summary>
    public async Task<string> RunOkAsync(params string[] args)
    {
        var r = await RunAsync(args);
        Assert.True(r.Succeeded, r.ToString());
        return r.Stdout;
    }

    /// <summary>Runs kubectl and asserts it fails with this exit code; returns the result for the message checks.</summary>
    public async Task<KubectlResult> RunFailingAsync(int exitCode, params string[] args)
    {
        var r = await RunAsync(args);
        Assert.True(r.ExitCode == exitCode, $"expected exit code {exitCode}\n{r}");
        return r;
    }

    /// <summary>Runs kubectl again and again until the condition holds on its result; fails with the last result after the limit.</summary>
    public Task<KubectlResult> UntilAsync(Func<KubectlResult, bool> condition, params string[] args) =>
        UntilAsync(condition, args, DefaultUntilLimit);

    public async Task<KubectlResult> UntilAsync(Func<KubectlResult, bool> condition, IReadOnlyList<string> args, TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var r = await RunAsync(args, DefaultTimeout);
            if (condition(r))
            {
                return r;
            }

            if (watch.Elapsed > limit)
            {
                Assert.Fail($"the condition did not hold within {limit.TotalSeconds:F0} s; the last run:\n{r}");
            }

            await Task.Delay(PollInterval);
        }
    }

    /// <summary>Starts a kubectl that keeps running (get -w, logs -f); the caller reads its lines and disposes it.</summary>
    public KubectlStream Start(params string[] args) => KubectlStream.Start(StartInfo(args), CommandLine(args));

    private ProcessStartInfo StartInfo(IReadOnlyList<string> args)
    {
        var psi = new ProcessStartInfo("kubectl")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        psi.ArgumentList.Add("--kubeconfig");
        psi.ArgumentList.Add(Kubeconfig);
        psi.ArgumentList.Add("--cache-dir");
        psi.ArgumentList.Add(CacheDir);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        // Only the flags above choose the cluster, whatever the developer's shell has.
        psi.Environment.Remove("KUBECONFIG");
        return psi;
    }

    private static string CommandLine(IReadOnlyList<string> args) =>
        "kubectl " + string.Join(' ', args.Select(a => a.Contains(' ', StringComparison.Ordinal) || a.Length == 0 ? $"'{a}'" : a));
}
