using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace ActorKube.E2E.Tests.Harness;

/// <summary>
/// The real <c>actorkube up --in-process</c> as a child process, started the way a user starts it:
/// <c>dotnet actorkube.dll</c> from the CLI project's build output, in a temporary directory of its
/// own (data dir, stderr file, kubectl cache). Stopping sends SIGTERM and waits; a process that
/// hangs is killed; the directory goes with it (set ACTORKUBE_E2E_KEEP=1 to keep it).
/// </summary>
public sealed partial class ActorKubeProcess : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    private const string ExportPrefix = "export KUBECONFIG=";

    private readonly Process _process;
    private readonly StreamWriter _stderrFile;
    private readonly StringBuilder _stdout = new();
    private readonly TaskCompletionSource<string> _kubeconfig = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _command;
    private bool _disposed;
    private bool _failed;
    private bool _stopRequested;

    private ActorKubeProcess(Process process, string root, string command)
    {
        _process = process;
        _command = command;
        Root = root;
        StderrPath = Path.Combine(root, "actorkube.stderr.log");
        _stderrFile = new StreamWriter(new FileStream(StderrPath, FileMode.Create, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
    }

    /// <summary>The temporary directory of this process: data/, the stderr file, kubectl's cache.</summary>
    public string Root { get; }

    public string DataDir => Path.Combine(Root, "data");

    public string StderrPath { get; }

    public int Pid => _process.Id;

    /// <summary>The kubeconfig path from the <c>export KUBECONFIG=</c> line (after <see cref="WaitForKubeconfigAsync"/>).</summary>
    public string Kubeconfig => _kubeconfig.Task.IsCompletedSuccessfully ? _kubeconfig.Task.Result : throw new InvalidOperationException("actorkube has not printed its kubeconfig yet");

    /// <summary>kubectl for this cluster, with its own discovery cache under <see cref="Root"/>.</summary>
    public Kubectl Kubectl => new(Kubeconfig, Path.Combine(Root, "kube-cache"));

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Stdout
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    /// <summary>What the process wrote on stderr so far (its console log).</summary>
    public string Stderr()
    {
        using var stream = new FileStream(StderrPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>For failure messages: the command, its state and the last lines of its stderr.</summary>
    public string Describe(int stderrLines = 60)
    {
        var state = _process.HasExited
            ? $"exited with code {_process.ExitCode}{(_stopRequested ? "" : " (not stopped by the tests)")}"
            : $"running as pid {_process.Id}";
        var tail = Stderr().Split('\n').TakeLast(stderrLines);
        return $"$ {_command}\n{state}\nstdout:\n{Stdout}\nstderr (last {stderrLines} lines, all in {StderrPath}):\n{string.Join('\n', tail)}";
    }

    /// <summary>Starts a cluster of <paramref name="nodes"/> nodes at time-scale 10 and waits until kubectl sees them all Ready.</summary>
    public static async Task<ActorKubeProcess> StartAsync(int nodes = 3, string? token = null)
    {
        var root = NewTempDir();
        List<string> args = ["up", "--in-process", "--data-dir", Path.Combine(root, "data"), "--api-port", "0", "--nodes", nodes.ToString(CultureInfo.InvariantCulture), "--time-scale", "10"];
        if (token is not null)
        {
            args.AddRange(["--token", token]);
        }

        var p = Launch(args, root);
        try
        {
            await p.WaitForKubeconfigAsync(StartTimeout);
            await p.WaitForReadyNodesAsync(nodes, StartTimeout);
            return p;
        }
        catch
        {
            await p.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts <c>actorkube</c> with these arguments in a new temporary directory, without waiting for anything.</summary>
    public static ActorKubeProcess Launch(IEnumerable<string> args) => Launch(args, NewTempDir());

    /// <summary>As <see cref="Launch(IEnumerable{string})"/>, with arguments that name the data directory (under <see cref="Root"/>, deleted with it).</summary>
    public static ActorKubeProcess Launch(Func<string, IEnumerable<string>> argsForDataDir)
    {
        var root = NewTempDir();
        return Launch(argsForDataDir(Path.Combine(root, "data")), root);
    }

    private static ActorKubeProcess Launch(IEnumerable<string> args, string root)
    {
        var dll = ActorKubeDll();
        var psi = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var p = new ActorKubeProcess(process, root, "dotnet " + string.Join(' ', psi.ArgumentList));
        process.OutputDataReceived += (_, e) => p.OnStdout(e.Data);
        process.ErrorDataReceived += (_, e) => p.OnStderr(e.Data);
        process.Exited += (_, _) => p._kubeconfig.TrySetException(new InvalidOperationException("actorkube exited before printing its kubeconfig"));
        process.Start();
        ChildProcesses.Track(process);
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return p;
    }

    private void OnStdout(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_stdout)
        {
            _stdout.AppendLine(line);
        }

        if (line.StartsWith(ExportPrefix, StringComparison.Ordinal))
        {
            _kubeconfig.TrySetResult(line[ExportPrefix.Length..].Trim());
        }
    }

    private void OnStderr(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_stderrFile)
        {
            _stderrFile.WriteLine(line);
        }
    }

    /// <summary>Waits for the one stdout line <c>export KUBECONFIG=D/kubeconfig</c>; fails if the process exits first.</summary>
    public async Task<string> WaitForKubeconfigAsync(TimeSpan limit)
    {
        try
        {
            var path = await _kubeconfig.Task.WaitAsync(limit);
            Assert.True(File.Exists(path), $"the kubeconfig {path} printed by actorkube does not exist\n{Describe()}");
            return path;
        }
        catch (TimeoutException)
        {
            Assert.Fail($"actorkube printed no \"{ExportPrefix}\" line within {limit.TotalSeconds:F0} s\n{Describe()}");
            throw;
        }
        catch (InvalidOperationException e)
        {
            // give the exit a moment to flush the last stderr lines into the file
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Fail($"{e.Message}\n{Describe()}");
            throw;
        }
    }

    /// <summary>Polls <c>kubectl get nodes</c> until it lists this many nodes, all Ready.</summary>
    public async Task WaitForReadyNodesAsync(int nodes, TimeSpan limit)
    {
        var kubectl = Kubectl;
        var watch = Stopwatch.StartNew();
        KubectlResult? last = null;
        while (watch.Elapsed < limit && !_process.HasExited)
        {
            last = await kubectl.RunAsync(["get", "nodes", "--no-headers"], Kubectl.DefaultTimeout);
            if (last.Succeeded && last.Lines.Count(l => ReadyNode().IsMatch(l)) == nodes)
            {
                return;
            }

            // Waiting does not heal a refused login.
            Assert.False(last.Stderr.Contains("You must be logged in to the server", StringComparison.Ordinal), $"kubectl is not let in:\n{last}\n{Describe()}");

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }

        Assert.Fail($"kubectl did not see {nodes} Ready nodes within {limit.TotalSeconds:F0} s; last run:\n{last}\n{Describe()}");
    }

    /// <summary>Waits for the process to exit by itself (bad flags, a port in use); kills it after the limit.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan limit)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            ChildProcesses.KillTree(_process);
            await _process.WaitForExitAsync();
            Assert.Fail($"actorkube did not exit within {limit.TotalSeconds:F0} s\n{Describe()}");
        }

        return _process.ExitCode;
    }

    /// <summary>
    /// Sends SIGTERM (as Ctrl+C or systemd would) and waits for the exit; returns the exit code. A
    /// process still running after <see cref="StopTimeout"/> is killed and the stop fails.
    /// </summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited)
        {
            _stopRequested = true;
            await SendSigtermAsync(_process.Id);
            try
            {
                await _process.WaitForExitAsync().WaitAsync(StopTimeout);
            }
            catch (TimeoutException)
            {
                ChildProcesses.KillTree(_process);
                await _process.WaitForExitAsync();
                Assert.Fail($"actorkube did not stop within {StopTimeout.TotalSeconds:F0} s of SIGTERM and was killed\n{Describe()}");
            }
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            if (!_process.HasExited)
            {
                await StopAsync();
            }
        }
        catch
        {
            _failed = true;
            throw;
        }
        finally
        {
            ChildProcesses.KillTree(_process);
            ChildProcesses.Forget(_process);
            _failed |= _process.HasExited && _process.ExitCode is not (0 or 1 or 2);
            _process.Dispose();
            lock (_stderrFile)
            {
                _stderrFile.Dispose();
            }

            // A process that failed keeps its directory (logs, etcd) for a look; so does every one with ACTORKUBE_E2E_KEEP set.
            if (!_failed && Environment.GetEnvironmentVariable("ACTORKUBE_E2E_KEEP") is not { Length: > 0 })
            {
                TryDelete(Root);
            }
        }
    }

    /// <summary>
    /// The actorkube.dll of the CLI project's build output, for this test assembly's configuration:
    /// <c>src/ActorKube.Cli/bin/&lt;Configuration&gt;/net10.0/actorkube.dll</c> under the repository root.
    /// </summary>
    public static string ActorKubeDll()
    {
        var configuration = typeof(ActorKubeProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var framework = new DirectoryInfo(AppContext.BaseDirectory).Name; // tests/ActorKube.E2E.Tests/bin/<Configuration>/<framework>/
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ActorKube.sln")))
        {
            dir = dir.Parent;
        }

        Assert.True(dir is not null, $"no ActorKube.sln above {AppContext.BaseDirectory}: the E2E tests run from their build output inside the repository");
        var dll = Path.Combine(dir!.FullName, "src", "ActorKube.Cli", "bin", configuration, framework, "actorkube.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: build the CLI first (dotnet build tests/ActorKube.E2E.Tests -c {configuration} builds it through the project reference)");
        return dll;
    }

    internal static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private static async Task SendSigtermAsync(int pid)
    {
        // Process.Kill is SIGKILL; the clean shutdown under test needs SIGTERM.
        var psi = new ProcessStartInfo("kill") { UseShellExecute = false, RedirectStandardError = true };
        psi.ArgumentList.Add("-TERM");
        psi.ArgumentList.Add(pid.ToString(CultureInfo.InvariantCulture));
        using var kill = Process.Start(psi)!;
        await kill.WaitForExitAsync();
    }

    private static string NewTempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "actorkube-e2e-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
            // a file still open by a dying process: the temp dir is cleaned by the OS eventually
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [GeneratedRegex(@"^\S+\s+Ready(,SchedulingDisabled)?\s")]
    private static partial Regex ReadyNode();
}
