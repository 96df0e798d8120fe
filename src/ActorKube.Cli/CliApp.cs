using System.CommandLine;
using ActorKube.Cli.Bench;
using ActorKube.Cli.Chaos;
using ActorKube.Cli.Demo;
using ActorKube.Cli.Up;
using ActorKube.Cluster.Hosting;
using ActorKube.ControlPlane.Etcd;
using ActorKube.Core.Objects.Chaos;
using ActorKube.Http.Hosting;

namespace ActorKube.Cli;

/// <summary>The `actorkube` command line.</summary>
public static class CliApp
{
    private static readonly string[] StorageKinds = ["sqlite", "memory", "postgres"];

    public static RootCommand Build()
    {
        var root = new RootCommand("ActorKube: a Kubernetes cluster emulated with Akka.NET actors.");
        root.Subcommands.Add(DemoCommand());
        root.Subcommands.Add(BenchCommand());
        root.Subcommands.Add(UpCommand());
        root.Subcommands.Add(ControlPlaneCommand());
        root.Subcommands.Add(WorkerCommand());
        root.Subcommands.Add(ChaosCommand());
        return root;
    }

    private static Option<string?> DataDirOption() => new("--data-dir")
    {
        Description = "Directory for the etcd SQLite file and the logs (default: a new temporary directory).",
    };

    private static Option<double?> TimeScaleOption(string defaultHint) => new("--time-scale")
    {
        Description = $"Emulated time runs this many times faster than wall time ({defaultHint}).",
    };

    private static Option<string?> StorageOption() => new("--storage")
    {
        Description = "etcd storage: sqlite (file in the data dir, the default), memory, or postgres (with --connection-string).",
    };

    private static Option<string?> ConnectionStringOption() => new("--connection-string")
    {
        Description = "PostgreSQL (Npgsql) connection string for --storage postgres, e.g. \"Host=127.0.0.1;Username=actorkube;Password=...;Database=actorkube\"; the tables are created on first start.",
    };

    private static Option<string?> ConfigOption() => new("--config")
    {
        Description = "A HOCON file layered over hocon/actorkube.conf.",
    };

    private static Command DemoCommand()
    {
        var dataDir = DataDirOption();
        var timeScale = TimeScaleOption("default 20 for the demo");
        var storage = StorageOption();
        var connectionString = ConnectionStringOption();
        var config = ConfigOption();
        var stepTimeout = new Option<int>("--step-timeout") { Description = "Seconds each step may take.", DefaultValueFactory = _ => 60 };
        var cmd = new Command("demo", "Start a 3-node cluster in this process, deploy 6 nginx replicas, roll out a new image, power off a node and watch its pods evicted and replaced.");
        cmd.Options.Add(dataDir);
        cmd.Options.Add(timeScale);
        cmd.Options.Add(storage);
        cmd.Options.Add(connectionString);
        cmd.Options.Add(config);
        cmd.Options.Add(stepTimeout);
        cmd.SetAction(async (ParseResult pr, CancellationToken ct) =>
        {
            var options = Options(pr, dataDir, storage, connectionString, config, timeScale, 20, out var error);
            if (error is not null)
            {
                await Console.Error.WriteLineAsync(error).ConfigureAwait(false);
                return 2;
            }

            return await StorageErrorsAsync(() => new DemoRunner(Console.Out).RunAsync(options! with { ProcessName = "demo" }, TimeSpan.FromSeconds(pr.GetValue(stepTimeout)), ct)).ConfigureAwait(false);
        });
        return cmd;
    }

    private static Command BenchCommand()
    {
        var nodes = new Option<int>("--nodes") { Description = "Emulated nodes.", DefaultValueFactory = _ => 1000 };
        var pods = new Option<int>("--pods") { Description = "Replicas of the benchmark Deployment.", DefaultValueFactory = _ => 10000 };
        var dataDir = DataDirOption();
        var timeScale = TimeScaleOption("default 1: Kubernetes' own timers, so lease renewals and status updates come at their real rate");
        var storage = StorageOption();
        var connectionString = ConnectionStringOption();
        var config = ConfigOption();
        var timeout = new Option<int>("--timeout") { Description = "Seconds before the benchmark gives up.", DefaultValueFactory = _ => 1800 };
        var flowLog = new Option<bool>("--flow-log") { Description = "Keep the message-flow log on (Debug level, in <data-dir>/logs/bench.jsonl): for looking into a run, slower." };
        var warmup = new Option<int>("--warmup-pods")
        {
            Description = "Before measuring, run a warm-up Deployment of this many pods (another image) until they are Running, and keep it: the measured window then starts with the code compiled and the caches filled.",
            DefaultValueFactory = _ => 0,
        };
        var cmd = new Command("bench", "Register N nodes, create one Deployment of P replicas, and measure until all P pods are Running. Prints one JSON line.");
        foreach (var o in new Option[] { nodes, pods, warmup, dataDir, timeScale, storage, connectionString, config, timeout, flowLog })
        {
            cmd.Options.Add(o);
        }

        cmd.SetAction(async (ParseResult pr, CancellationToken ct) =>
        {
            var options = Options(pr, dataDir, storage, connectionString, config, timeScale, 1, out var error);
            if (error is not null)
            {
                await Console.Error.WriteLineAsync(error).ConfigureAwait(false);
                return 2;
            }

            options = options! with
            {
                ProcessName = "bench",
                ExtraHocon = pr.GetValue(flowLog)
                    ? "actorkube.logging { flow = true, file-level = Debug, console-level = Warning }"
                    : "actorkube.logging { flow = false, file-level = Warning, console-level = Warning }",
            };
            return await StorageErrorsAsync(() => new BenchRunner(Console.Out, Console.Error).RunAsync(pr.GetValue(nodes), pr.GetValue(pods), options, TimeSpan.FromSeconds(pr.GetValue(timeout)), ct, pr.GetValue(warmup))).ConfigureAwait(false);
        });
        return cmd;
    }

    private static Command UpCommand()
    {
        var inProcess = new Option<bool>("--in-process") { Description = "Run the control plane and every node in this one process." };
        var dataDir = new Option<string?>("--data-dir")
        {
            Description = "Directory for the etcd SQLite file, the logs and the kubeconfig (default: ~/.actorkube). It is kept, so the cluster survives a restart.",
        };
        var timeScale = TimeScaleOption("default 1");
        var storage = StorageOption();
        var connectionString = ConnectionStringOption();
        var config = ConfigOption();
        var nodes = new Option<int?>("--nodes") { Description = "Emulated nodes to start (default 3, actorkube.cluster.nodes)." };
        var address = new Option<string?>("--api-address") { Description = "Address of the Kubernetes API (default 127.0.0.1)." };
        var port = new Option<int?>("--api-port") { Description = "Port of the Kubernetes API (default 6443; 0 picks a free one)." };
        var token = new Option<string?>("--token") { Description = "Require this bearer token on every API request (written into the kubeconfig)." };
        var workers = new Option<int>("--workers") { Description = "Worker processes (multi-process mode).", DefaultValueFactory = _ => 2 };
        var controlPlanes = new Option<int>("--control-planes") { Description = "Control-plane processes (multi-process mode); the singletons move to another when theirs dies.", DefaultValueFactory = _ => 1 };
        var cmd = new Command("up", "Start a cluster with the Kubernetes REST API (one process with --in-process, else control-plane and worker processes), write <data-dir>/kubeconfig for kubectl, and run until Ctrl+C or SIGTERM.");
        foreach (var o in new Option[] { inProcess, dataDir, timeScale, storage, connectionString, config, nodes, address, port, token, workers, controlPlanes })
        {
            cmd.Options.Add(o);
        }

        cmd.SetAction(async (ParseResult pr, CancellationToken ct) =>
        {
            var options = Options(pr, dataDir, storage, connectionString, config, timeScale, 1, out var error);
            if (error is null && pr.GetValue(nodes) is < 0)
            {
                error = $"error: --nodes must be 0 or more (got {pr.GetValue(nodes)})";
            }

            if (error is null && pr.GetValue(port) is < 0 or > 65535)
            {
                error = $"error: --api-port must be between 0 and 65535 (got {pr.GetValue(port)})";
            }

            if (error is null && pr.GetValue(address) is { } a && !System.Net.IPAddress.TryParse(a, out _))
            {
                error = $"error: --api-address must be an IP address such as 127.0.0.1 (got \"{a}\")";
            }

            if (error is not null)
            {
                await Console.Error.WriteLineAsync(error).ConfigureAwait(false);
                return 2;
            }

            if (error is null && !pr.GetValue(inProcess) && (pr.GetValue(workers) < 1 || pr.GetValue(controlPlanes) < 1))
            {
                error = $"error: --workers and --control-planes must be 1 or more (got {pr.GetValue(workers)} and {pr.GetValue(controlPlanes)})";
            }

            if (error is not null)
            {
                await Console.Error.WriteLineAsync(error).ConfigureAwait(false);
                return 2;
            }

            var dir = pr.GetValue(dataDir) ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".actorkube");
            if (!pr.GetValue(inProcess))
            {
                var launch = new LaunchOptions(
                    dir, pr.GetValue(controlPlanes), pr.GetValue(workers), pr.GetValue(nodes) ?? 3, options!.TimeScale ?? 1, options.Storage, options.ConfigFile,
                    pr.GetValue(port) ?? 6443, pr.GetValue(token), TimeSpan.FromMinutes(2))
                {
                    ConnectionString = options.ConnectionString,
                };
                return await new Launcher(Console.Out, Console.Error).RunAsync(launch, ct).ConfigureAwait(false);
            }

            options = options! with { DataDir = dir, Nodes = pr.GetValue(nodes), ProcessName = "control-plane" };
            return await StorageErrorsAsync(() => new UpRunner(Console.Out, Console.Error).RunAsync(
                options,
                http => KubeApiOptions.FromConfig(http) is var o
                    ? o with
                    {
                        Address = pr.GetValue(address) ?? o.Address,
                        Port = pr.GetValue(port) ?? o.Port,
                        Token = pr.GetValue(token) ?? o.Token,
                    }
                    : o,
                ct)).ConfigureAwait(false);
        });
        return cmd;
    }

    private static Option<string?> HostOption() => new("--host") { Description = "Address this process binds for Akka remoting (default 127.0.0.1)." };

    private static Option<int?> PortOption(string hint) => new("--port") { Description = $"Akka remoting port ({hint}; 0 picks a free one)." };

    private static Option<string[]> SeedOption() => new("--seed")
    {
        Description = "A seed node to join, e.g. akka.tcp://actorkube@127.0.0.1:4053 (repeatable). The first control plane has none.",
        AllowMultipleArgumentsPerToken = false,
    };

    private static Option<int?> ParentPidOption() => new("--parent-pid") { Description = "Stop when this process is gone (set by actorkube up).", Hidden = true };

    private static Command ControlPlaneCommand()
    {
        var parentPid = ParentPidOption();
        var dataDir = DataDirOption();
        var timeScale = TimeScaleOption("default 1; the first control plane's scale is the cluster's");
        var storage = StorageOption();
        var config = ConfigOption();
        var host = HostOption();
        var port = PortOption("default 0");
        var seeds = SeedOption();
        var nodes = new Option<int?>("--nodes") { Description = "Emulated nodes the provisioner starts on the workers (default 3)." };
        var address = new Option<string?>("--api-address") { Description = "Address of the Kubernetes API (default 127.0.0.1)." };
        var apiPort = new Option<int?>("--api-port") { Description = "Port of the Kubernetes API (default 6443; 0 picks a free one)." };
        var token = new Option<string?>("--token") { Description = "Require this bearer token on every API request (HTTPS)." };
        var name = new Option<string?>("--name") { Description = "Name of this process in logs (default control-plane-<port>): <data-dir>/logs/<name>.jsonl." };
        var connectionString = ConnectionStringOption();
        var minWorkers = new Option<int?>("--min-workers") { Description = "Start the nodes once this many workers have joined, so they spread over all (default 1)." };
        var cmd = new Command("control-plane", "Run a control-plane member: the HTTP API, an apiserver, and the singletons etcd, kube-scheduler, kube-controller-manager and node provisioner.");
        foreach (var o in new Option[] { dataDir, timeScale, storage, config, host, port, seeds, nodes, address, apiPort, token, name, connectionString, minWorkers, parentPid })
        {
            cmd.Options.Add(o);
        }

        cmd.SetAction(async (ParseResult pr, CancellationToken ct) =>
        {
            var options = Options(pr, dataDir, storage, connectionString, config, timeScale, 1, out var error);
            if (error is not null)
            {
                await Console.Error.WriteLineAsync(error).ConfigureAwait(false);
                return 2;
            }

            options = options! with
            {
                MinWorkers = pr.GetValue(minWorkers),
                Nodes = pr.GetValue(nodes),
                Host = pr.GetValue(host),
                Port = pr.GetValue(port),
                Seeds = pr.GetValue(seeds) ?? [],
                ProcessName = pr.GetValue(name) ?? "control-plane-" + (pr.GetValue(port)?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "0"),
            };
            return await StorageErrorsAsync(() => new RoleRunner(Console.Out, Console.Error, pr.GetValue(parentPid)).RunControlPlaneAsync(
                options,
                http => KubeApiOptions.FromConfig(http) is var o
                    ? o with { Address = pr.GetValue(address) ?? o.Address, Port = pr.GetValue(apiPort) ?? o.Port, Token = pr.GetValue(token) ?? o.Token }
                    : o,
                ct)).ConfigureAwait(false);
        });
        return cmd;
    }

    private static Command WorkerCommand()
    {
        var parentPid = ParentPidOption();
        var dataDir = DataDirOption();
        var config = ConfigOption();
        var host = HostOption();
        var port = PortOption("default 0");
        var seeds = SeedOption();
        var name = new Option<string?>("--name") { Description = "Name of this worker in logs (default worker-<port>)." };
        var cmd = new Command("worker", "Run a worker member: emulated nodes as entities of the node shard region, started by the control plane's node provisioner.");
        foreach (var o in new Option[] { dataDir, config, host, port, seeds, name, parentPid })
        {
            cmd.Options.Add(o);
        }

        cmd.SetAction(async (ParseResult pr, CancellationToken ct) =>
        {
            if (pr.GetValue(seeds) is not { Length: > 0 } seedList)
            {
                await Console.Error.WriteLineAsync("error: a worker needs --seed with the address of a control plane, e.g. --seed akka.tcp://actorkube@127.0.0.1:4053").ConfigureAwait(false);
                return 2;
            }

            var cfg = pr.GetValue(config);
            if (cfg is not null && !File.Exists(cfg))
            {
                await Console.Error.WriteLineAsync($"error: --config file {cfg} does not exist").ConfigureAwait(false);
                return 2;
            }

            var options = new ClusterOptions
            {
                DataDir = pr.GetValue(dataDir),
                ConfigFile = cfg,
                Host = pr.GetValue(host),
                Port = pr.GetValue(port),
                Seeds = seedList,
                ProcessName = pr.GetValue(name) ?? "worker-" + (pr.GetValue(port)?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "0"),
            };
            return await new RoleRunner(Console.Out, Console.Error, pr.GetValue(parentPid)).RunWorkerAsync(options, ct).ConfigureAwait(false);
        });
        return cmd;
    }

    private static Command ChaosCommand()
    {
        var kubeconfig = new Option<string?>("--kubeconfig")
        {
            Description = "The cluster's kubeconfig (default: $KUBECONFIG, else <data-dir>/kubeconfig).",
            Recursive = true,
        };
        var dataDir = new Option<string?>("--data-dir")
        {
            Description = "Data directory of the cluster whose kubeconfig to use (default ~/.actorkube).",
            Recursive = true,
        };
        var cmd = new Command("chaos", "Inject and lift faults as chaos.actorkube.io Fault objects through the cluster's API (kubectl get faults shows them).");
        cmd.Options.Add(kubeconfig);
        cmd.Options.Add(dataDir);

        string Kubeconfig(ParseResult pr) =>
            ClusterConnection.ResolveKubeconfig(pr.GetValue(kubeconfig), pr.GetValue(dataDir), Environment.GetEnvironmentVariable("KUBECONFIG"));

        Command Inject(string name, string type, string description)
        {
            var node = new Argument<string>("NODE") { Description = "The node." };
            var duration = new Option<string?>("--for") { Description = "How long, in cluster time (60s, 5m, 1h30m); without it, until lifted." };
            var sub = new Command(name, description);
            sub.Arguments.Add(node);
            sub.Options.Add(duration);
            sub.SetAction((ParseResult pr, CancellationToken ct) =>
                new ChaosRunner(Console.Out, Console.Error).InjectAsync(Kubeconfig(pr), type, pr.GetValue(node)!, pr.GetValue(duration), ct));
            return sub;
        }

        Command Lift(string name, string type, string description)
        {
            var node = new Argument<string>("NODE") { Description = "The node." };
            var sub = new Command(name, description);
            sub.Arguments.Add(node);
            sub.SetAction((ParseResult pr, CancellationToken ct) =>
                new ChaosRunner(Console.Out, Console.Error).LiftAsync(Kubeconfig(pr), type, pr.GetValue(node)!, ct));
            return sub;
        }

        cmd.Subcommands.Add(Inject("node-stop", FaultTypes.NodeStop, "Power a node off (a NodeStop Fault): it goes silent, NotReady after the grace period, its pods evicted after their toleration."));
        cmd.Subcommands.Add(Lift("node-start", FaultTypes.NodeStop, "Delete the node's NodeStop Faults: it powers on and registers again."));
        cmd.Subcommands.Add(Inject("partition", FaultTypes.NodePartition, "Cut a node off from the control plane (a NodePartition Fault): its pods keep running, nothing passes either way."));
        cmd.Subcommands.Add(Lift("heal", FaultTypes.NodePartition, "Delete the node's NodePartition Faults: it reconnects and catches up with what the control plane decided."));

        Command Network(string name, string type, string amountName, string amountDescription, string description)
        {
            var from = new Option<string>("--from") { Description = "The process whose outgoing messages suffer (control-plane-1, worker-2, ... as actorkube up named them).", Required = true };
            var to = new Option<string>("--to") { Description = "The process they go to.", Required = true };
            var amount = new Option<int>(amountName) { Description = amountDescription, Required = true };
            var duration = new Option<string?>("--for") { Description = "How long, in cluster time (60s, 5m, 1h30m); without it, until kubectl delete fault NAME." };
            var sub = new Command(name, description);
            foreach (var o in new Option[] { from, to, amount, duration })
            {
                sub.Options.Add(o);
            }

            sub.SetAction((ParseResult pr, CancellationToken ct) =>
                new ChaosRunner(Console.Out, Console.Error).InjectNetworkAsync(Kubeconfig(pr), type, pr.GetValue(from)!, pr.GetValue(to)!, pr.GetValue(amount), pr.GetValue(duration), ct));
            return sub;
        }

        cmd.Subcommands.Add(Network("delay", FaultTypes.NetworkDelay, "--ms", "Added latency in milliseconds (1 to 60000).", "Delay the messages from one process to another (a NetworkDelay Fault; multi-process clusters). kubectl delete fault NAME lifts it."));
        cmd.Subcommands.Add(Network("loss", FaultTypes.NetworkLoss, "--percent", "Share of the messages to drop (1 to 100).", "Drop a share of the messages from one process to another (a NetworkLoss Fault; multi-process clusters). kubectl delete fault NAME lifts it."));
        // Process faults: done by the launcher's state file (<data-dir>/state.json), not by the cluster.
        string StateDir(ParseResult pr) => pr.GetValue(dataDir) ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".actorkube");

        Command Process(string name, string role, bool restart, string description)
        {
            var target = new Argument<string>("NAME") { Description = $"The {role} process, as actorkube up named it ({role}-1, ...)." };
            var sub = new Command(name, description);
            sub.Arguments.Add(target);
            sub.SetAction((ParseResult pr, CancellationToken ct) => restart
                ? new ProcessChaos(Console.Out, Console.Error).RestartAsync(StateDir(pr), pr.GetValue(target)!, role)
                : new ProcessChaos(Console.Out, Console.Error).KillAsync(StateDir(pr), pr.GetValue(target)!, role));
            return sub;
        }

        cmd.Subcommands.Add(Process("kill-worker", "worker", false, "SIGKILL a worker process (actorkube up's state file): its nodes go silent, as machines that die."));
        cmd.Subcommands.Add(Process("restart-worker", "worker", true, "Start a killed worker process again with its command line: it rejoins the cluster."));
        cmd.Subcommands.Add(Process("kill-control-plane", "control-plane", false, "SIGKILL a control-plane process: the singletons move to another control plane."));
        cmd.Subcommands.Add(Process("restart-control-plane", "control-plane", true, "Start a killed control-plane process again with its command line."));
        var list = new Command("list", "The cluster's Faults (NAME TYPE TARGET PHASE AGE).");
        list.SetAction((ParseResult pr, CancellationToken ct) => new ChaosRunner(Console.Out, Console.Error).ListAsync(Kubeconfig(pr), ct));
        cmd.Subcommands.Add(list);
        return cmd;
    }

    /// <summary>A storage that cannot be used (PostgreSQL unreachable, a refused login) ends the command with the reason and exit code 1.</summary>
    private static async Task<int> StorageErrorsAsync(Func<Task<int>> run)
    {
        try
        {
            return await run().ConfigureAwait(false);
        }
        catch (EtcdStorageException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    private static ClusterOptions? Options(ParseResult pr, Option<string?> dataDir, Option<string?> storage, Option<string?> connectionString, Option<string?> config, Option<double?> timeScale, double defaultScale, out string? error)
    {
        error = null;
        var s = pr.GetValue(storage);
        if (s is not null && !StorageKinds.Contains(s))
        {
            error = $"error: --storage must be one of {string.Join(", ", StorageKinds)} (got \"{s}\")";
            return null;
        }

        var ts = pr.GetValue(timeScale) ?? defaultScale;
        if (ts <= 0 || double.IsNaN(ts) || double.IsInfinity(ts))
        {
            error = $"error: --time-scale must be a positive number (got {ts})";
            return null;
        }

        var cfg = pr.GetValue(config);
        if (cfg is not null && !File.Exists(cfg))
        {
            error = $"error: --config file {cfg} does not exist";
            return null;
        }

        var options = new ClusterOptions { DataDir = pr.GetValue(dataDir), Storage = s, ConnectionString = pr.GetValue(connectionString), ConfigFile = cfg, TimeScale = ts };
        try
        {
            // As the process will read them: the flags over the --config file over the defaults.
            _ = EtcdSettings.FromConfig(options.BuildConfig().GetConfig("actorkube.etcd"));
        }
        catch (ArgumentException e)
        {
            error = $"error: {e.Message}";
            return null;
        }

        return options;
    }
}
