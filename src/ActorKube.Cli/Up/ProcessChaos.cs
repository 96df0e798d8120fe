using System.Diagnostics;

namespace ActorKube.Cli.Up;

/// <summary>
/// Process-level faults, done from the launcher's state file rather than by the cluster:
/// `chaos kill-worker NAME` (SIGKILL, a machine that dies), `restart-worker NAME` (the same command line
/// again: the worker rejoins and the provisioner's nodes come back on it), `kill-control-plane NAME`.
/// </summary>
public sealed class ProcessChaos(TextWriter stdout, TextWriter stderr)
{
    public async Task<int> KillAsync(string dataDir, string name, string role)
    {
        if (Find(dataDir, name, role) is not { } target)
        {
            return 2;
        }

        if (!Signals.IsAlive(target.Pid))
        {
            await stderr.WriteLineAsync($"error: {name} (pid {target.Pid}) is not running").ConfigureAwait(false);
            return 1;
        }

        using (var p = Process.GetProcessById(target.Pid))
        {
            p.Kill();
            await p.WaitForExitAsync().ConfigureAwait(false);
        }

        await stdout.WriteLineAsync($"{name} (pid {target.Pid}) killed").ConfigureAwait(false);
        return 0;
    }

    public async Task<int> RestartAsync(string dataDir, string name, string role)
    {
        if (Find(dataDir, name, role) is not { } target)
        {
            return 2;
        }

        if (Signals.IsAlive(target.Pid))
        {
            await stderr.WriteLineAsync($"error: {name} (pid {target.Pid}) is still running; kill it first (actorkube chaos kill-{role} {name})").ConfigureAwait(false);
            return 1;
        }

        // Through sh, so its output goes straight to the console log the launcher kept, and outlives this command.
        // It still stops with the launcher: --parent-pid is in its arguments.
        var log = Path.Combine(dataDir, "logs", name + ".console.log");
        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("exec \"$@\" >> \"$0\" 2>&1");
        psi.ArgumentList.Add(log);
        var self = Environment.ProcessPath ?? "dotnet";
        psi.ArgumentList.Add(self);
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            psi.ArgumentList.Add(typeof(ProcessChaos).Assembly.Location);
        }

        foreach (var a in target.Args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"{name} could not be started");
        var state = LauncherState.Read(dataDir);
        (state with { Processes = state.Processes.Select(p => p.Name == name ? p with { Pid = process.Id } : p).ToList() }).Write(dataDir);
        await stdout.WriteLineAsync($"{name} restarted (pid {process.Id})").ConfigureAwait(false);
        return 0;
    }

    private LaunchedProcess? Find(string dataDir, string name, string role)
    {
        LauncherState state;
        try
        {
            state = LauncherState.Read(dataDir);
        }
        catch (FileNotFoundException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            return null;
        }

        var found = state.Processes.FirstOrDefault(p => p.Name == name && p.Role == role);
        if (found is null)
        {
            stderr.WriteLine($"error: no {role} named {name}; the {role}s are: {string.Join(", ", state.Processes.Where(p => p.Role == role).Select(p => p.Name))}");
        }

        return found;
    }
}
