using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace ActorKube.Cli.Up;

/// <summary>What `actorkube up` (multi-process) starts.</summary>
public sealed record LaunchOptions(
    string DataDir,
    int ControlPlanes,
    int Workers,
    int Nodes,
    double TimeScale,
    string? Storage,
    string? ConfigFile,
    int ApiPort,
    string? Token,
    TimeSpan ReadyTimeout)
{
    /// <summary>--connection-string for the control planes (etcd on PostgreSQL).</summary>
    public string? ConnectionString { get; init; }
}

/// <summary>
/// `actorkube up --workers W --nodes N`: starts the control planes and workers as child processes on
/// loopback (the first control plane is the seed), shows progress until all N nodes are Ready, writes
/// the kubeconfig and &lt;data-dir&gt;/state.json, and stops every child on Ctrl+C / SIGTERM. Children also
/// stop by themselves when the launcher dies (they watch its PID), so nothing is left behind.
/// </summary>
public sealed class Launcher(TextWriter stdout, TextWriter stderr)
{
    private readonly List<Child> _children = [];

    public async Task<int> RunAsync(LaunchOptions o, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.Combine(o.DataDir, "logs"));
        try
        {
            var seedPort = FreePort();
            var seed = $"akka.tcp://actorkube@127.0.0.1:{seedPort}";
            var first = await StartAsync("control-plane-1", "control-plane", seedPort, o, ControlPlaneArgs("control-plane-1", o, seedPort, o.ApiPort, null), cancellationToken).ConfigureAwait(false);
            var rest = new List<Task<Child>>();
            for (var i = 2; i <= o.ControlPlanes; i++)
            {
                var port = FreePort();
                rest.Add(StartAsync($"control-plane-{i}", "control-plane", port, o, ControlPlaneArgs($"control-plane-{i}", o, port, 0, seed), cancellationToken));
            }

            for (var i = 1; i <= o.Workers; i++)
            {
                var port = FreePort();
                rest.Add(StartAsync($"worker-{i}", "worker", port, o, ["worker", "--data-dir", o.DataDir, "--port", Str(port), "--seed", seed, "--name", $"worker-{i}", .. ConfigArgs(o)], cancellationToken));
            }

            await Task.WhenAll(rest).ConfigureAwait(false);
            var kubeconfig = Path.Combine(o.DataDir, "kubeconfig");
            File.Copy(first.Kubeconfig ?? throw new InvalidOperationException("control-plane-1 did not say where its kubeconfig is"), kubeconfig, overwrite: true);
            new LauncherState(Environment.ProcessId, kubeconfig, _children.Select(c => c.Info).ToList()).Write(o.DataDir);

            await WaitForNodesAsync(first, o, cancellationToken).ConfigureAwait(false);
            await stderr.WriteLineAsync($"ActorKube is up: {o.ControlPlanes} control plane(s), {o.Workers} worker(s), {o.Nodes} nodes Ready; API {first.ApiUrl}; state {Path.Combine(o.DataDir, LauncherState.FileName)}. Ctrl+C stops it.").ConfigureAwait(false);
            await stdout.WriteLineAsync($"export KUBECONFIG={kubeconfig}").ConfigureAwait(false);
            await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);

            // Until Ctrl+C / SIGTERM; a child that dies is reported (chaos kill-worker does that on purpose).
            var exits = _children.Select(c => c.Exited).ToList();
            while (!cancellationToken.IsCancellationRequested)
            {
                var done = await Task.WhenAny([.. exits, Task.Delay(Timeout.Infinite, cancellationToken)]).ConfigureAwait(false);
                if (done is Task<Child> exited && exits.Remove(exited))
                {
                    var c = await exited.ConfigureAwait(false);
                    await stderr.WriteLineAsync($"{c.Info.Name} (pid {c.Info.Pid}) exited with code {c.Process.ExitCode}").ConfigureAwait(false);
                }
            }

            return 0;
        }
        catch (OperationCanceledException)
        {
            return 0;
        }
        catch (LaunchException e)
        {
            await stderr.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return 1;
        }
        finally
        {
            await StopAllAsync().ConfigureAwait(false);
        }
    }

    private static string Str(int i) => i.ToString(CultureInfo.InvariantCulture);

    private static string[] ConfigArgs(LaunchOptions o) => o.ConfigFile is null ? [] : ["--config", o.ConfigFile];

    private static List<string> ControlPlaneArgs(string name, LaunchOptions o, int port, int apiPort, string? seed)
    {
        var args = new List<string>
        {
            "control-plane", "--name", name, "--data-dir", o.DataDir, "--port", Str(port), "--api-port", Str(apiPort),
            "--nodes", Str(o.Nodes), "--time-scale", o.TimeScale.ToString(CultureInfo.InvariantCulture), "--min-workers", Str(o.Workers),
        };
        if (seed is not null)
        {
            args.AddRange(["--seed", seed]);
        }

        if (o.Storage is not null)
        {
            args.AddRange(["--storage", o.Storage]);
        }

        if (o.ConnectionString is not null)
        {
            args.AddRange(["--connection-string", o.ConnectionString]);
        }

        if (o.Token is not null)
        {
            args.AddRange(["--token", o.Token]);
        }

        args.AddRange(ConfigArgs(o));
        return args;
    }

    /// <summary>Starts one child and waits for its ready line ("control-plane ..." / "worker ..."); a child that exits first is a LaunchException with its last output.</summary>
    private async Task<Child> StartAsync(string name, string role, int akkaPort, LaunchOptions o, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var fullArgs = args.Concat(["--parent-pid", Str(Environment.ProcessId)]).ToList();
        var psi = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var self = Environment.ProcessPath ?? "dotnet";
        psi.FileName = self;
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            psi.ArgumentList.Add(typeof(Launcher).Assembly.Location);
        }

        foreach (var a in fullArgs)
        {
            psi.ArgumentList.Add(a);
        }

        var consoleLog = Path.Combine(o.DataDir, "logs", name + ".console.log");
        var process = Process.Start(psi) ?? throw new LaunchException($"{name} could not be started");
        var child = new Child(process, new LaunchedProcess(name, role, process.Id, akkaPort, null, Path.Combine(o.DataDir, "logs", name + ".jsonl"), fullArgs), consoleLog);
        lock (_children)
        {
            _children.Add(child);
        }

        child.Pump();
        await stderr.WriteLineAsync($"started {name} (pid {process.Id}, port {akkaPort})").ConfigureAwait(false);
        var ready = await Task.WhenAny(child.Ready, child.Exited, Task.Delay(o.ReadyTimeout, cancellationToken)).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (ready != child.Ready)
        {
            throw new LaunchException($"{name} did not start{(process.HasExited ? $" (exit code {process.ExitCode})" : $" within {o.ReadyTimeout.TotalSeconds:F0} s")}; its last output ({consoleLog}):\n{child.Tail()}");
        }

        return child;
    }

    private async Task WaitForNodesAsync(Child first, LaunchOptions o, CancellationToken cancellationToken)
    {
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        if (o.Token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", o.Token);
        }

        var deadline = DateTime.UtcNow + o.ReadyTimeout;
        var last = -1;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var ready = 0;
            try
            {
                using var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri(first.ApiUrl + "/api/v1/nodes"), cancellationToken).ConfigureAwait(false));
                ready = doc.RootElement.GetProperty("items").EnumerateArray().Count(n =>
                    n.TryGetProperty("status", out var s) && s.TryGetProperty("conditions", out var cs) &&
                    cs.EnumerateArray().Any(c => c.GetProperty("type").GetString() == "Ready" && c.GetProperty("status").GetString() == "True"));
            }
            catch (HttpRequestException)
            {
            }

            if (ready != last)
            {
                await stderr.WriteLineAsync($"nodes Ready: {ready}/{o.Nodes}").ConfigureAwait(false);
                last = ready;
            }

            if (ready >= o.Nodes)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new LaunchException($"only {ready} of {o.Nodes} nodes became Ready within {o.ReadyTimeout.TotalSeconds:F0} s; see the logs in {Path.Combine(o.DataDir, "logs")}");
            }

            await Task.Delay(500, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>SIGTERM to every child still running, then SIGKILL after 20 s.</summary>
    private async Task StopAllAsync()
    {
        List<Child> children;
        lock (_children)
        {
            children = [.. _children];
        }

        foreach (var c in children.Where(c => !c.Process.HasExited))
        {
            Signals.Terminate(c.Process.Id);
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        foreach (var c in children)
        {
            try
            {
                await c.Process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                c.Process.Kill(entireProcessTree: true);
            }
        }

        if (children.Count > 0)
        {
            await stderr.WriteLineAsync("all ActorKube processes stopped").ConfigureAwait(false);
        }
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <summary>A started child: its process, its ready line (API URL, kubeconfig), its console output kept in a file.</summary>
    private sealed class Child(Process process, LaunchedProcess info, string consoleLog)
    {
        private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Queue<string> _tail = new();

        public Process Process { get; } = process;

        public LaunchedProcess Info { get; private set; } = info;

        public string? ApiUrl { get; private set; }

        public string? Kubeconfig { get; private set; }

        public Task Ready => _ready.Task;

        public Task<Child> Exited => Process.WaitForExitAsync().ContinueWith(_ => this, TaskScheduler.Default);

        public void Pump()
        {
            var log = new StreamWriter(consoleLog, append: true) { AutoFlush = true };
            void Line(string? line)
            {
                if (line is null)
                {
                    return;
                }

                lock (_tail)
                {
                    log.WriteLine(line);
                    _tail.Enqueue(line);
                    if (_tail.Count > 30)
                    {
                        _tail.Dequeue();
                    }
                }

                // control-plane <address> api <url> kubeconfig <path> log <path> | worker <address> log <path>
                var parts = line.Split(' ');
                if (parts.Length >= 2 && parts[0] is "control-plane" or "worker" && parts[1].StartsWith("akka.tcp://", StringComparison.Ordinal))
                {
                    var api = Array.IndexOf(parts, "api");
                    var kc = Array.IndexOf(parts, "kubeconfig");
                    ApiUrl = api > 0 ? parts[api + 1] : null;
                    Kubeconfig = kc > 0 ? parts[kc + 1] : null;
                    Info = Info with { ApiPort = ApiUrl is null ? null : new Uri(ApiUrl).Port };
                    _ready.TrySetResult();
                }
            }

            Process.OutputDataReceived += (_, e) => Line(e.Data);
            Process.ErrorDataReceived += (_, e) => Line(e.Data);
            Process.BeginOutputReadLine();
            Process.BeginErrorReadLine();
        }

        public string Tail()
        {
            lock (_tail)
            {
                return string.Join('\n', _tail);
            }
        }
    }
}

/// <summary>A child that did not start: the message says which and shows its output.</summary>
public sealed class LaunchException(string message) : Exception(message);
