using System.Diagnostics;

namespace ActorKube.E2E.Tests.Harness;

/// <summary>A one-shot <c>actorkube</c> command (<c>chaos ...</c>) run to its end, as a user runs it next to a cluster.</summary>
public static class ActorKubeCommand
{
    public static async Task<KubectlResult> RunAsync(IReadOnlyList<string> args, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(ActorKubeProcess.DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(ActorKubeProcess.ActorKubeDll());
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        // Only the flags choose the cluster, whatever the developer's shell has.
        psi.Environment.Remove("KUBECONFIG");
        var command = "actorkube " + string.Join(' ', args);
        using var process = new Process { StartInfo = psi };
        process.Start();
        ChildProcesses.Track(process);
        try
        {
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            var limit = timeout ?? TimeSpan.FromSeconds(90);
            using var cts = new CancellationTokenSource(limit);
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                ChildProcesses.KillTree(process);
                await process.WaitForExitAsync();
                Assert.Fail($"$ {command}\ndid not finish within {limit.TotalSeconds:F0} s\nstdout:\n{await stdout}\nstderr:\n{await stderr}");
            }

            return new KubectlResult(command, process.ExitCode, await stdout, await stderr);
        }
        finally
        {
            ChildProcesses.Forget(process);
        }
    }
}
