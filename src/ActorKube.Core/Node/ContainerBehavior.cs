using System.Globalization;

namespace ActorKube.Core.Node;

/// <summary>Defaults of emulated container timings (overridden per pod by annotations).</summary>
public sealed record EmulationDefaults
{
    public static readonly EmulationDefaults Kubernetes = new();

    /// <summary>First pull of an image on a node.</summary>
    public TimeSpan ImagePullDuration { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>A pull of an image already on the node (imagePullPolicy Always: the registry is asked for the digest).</summary>
    public TimeSpan CachedPullDuration { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan StartDuration { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan StopDuration { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long a batch container (restartPolicy Never/OnFailure) with an unknown command runs before exiting 0.</summary>
    public TimeSpan UnknownCommandRunDuration { get; init; } = TimeSpan.FromSeconds(1);
}

public enum ContainerKind
{
    /// <summary>A server or an application: runs until stopped.</summary>
    Server,

    /// <summary>A shell script (sh -c).</summary>
    Script,

    /// <summary>A direct command the emulated shell knows (echo, sleep, ...).</summary>
    Command,

    /// <summary>Exits at once (a shell image with no command and no tty).</summary>
    ExitsAtOnce,

    /// <summary>An unknown command of a batch pod: runs a little and exits 0.</summary>
    Batch,
}

/// <summary>
/// What one emulated container does, decided from image, command, args and the pod's actorkube.io/*
/// annotations: timings for the kubelet and, at start, a <see cref="ContainerPlan"/> for the runtime.
/// </summary>
public sealed record ContainerBehavior
{
    private static readonly HashSet<string> ShellImages = new(StringComparer.Ordinal)
    {
        "busybox", "alpine", "ubuntu", "debian", "centos", "fedora", "rockylinux", "almalinux", "amazonlinux",
        "bash", "python", "node", "ruby", "golang", "openjdk", "perl", "php", "curl", "netshoot", "toolbox",
    };

    private static readonly HashSet<string> Shells = new(StringComparer.Ordinal) { "sh", "bash", "ash", "dash", "zsh", "ksh" };

    private static readonly HashSet<string> ServerBinaries = new(StringComparer.Ordinal)
    {
        "nginx", "httpd", "apache2", "httpd-foreground", "redis-server", "postgres", "mysqld", "mariadbd", "memcached", "mongod",
        "pause", "docker-entrypoint.sh", "caddy", "traefik", "haproxy", "envoy", "agnhost", "coredns", "etcd", "python3", "java",
    };

    public required string Name { get; init; }

    public required ImageRef Image { get; init; }

    public required ContainerKind Kind { get; init; }

    public IReadOnlyList<string> Argv { get; init; } = [];

    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    /// <summary>Null: the node's default (first pull) or the cached duration.</summary>
    public TimeSpan? PullDuration { get; init; }

    public string? PullError { get; init; }

    public TimeSpan StartDuration { get; init; }

    /// <summary>Null: ready as soon as it runs.</summary>
    public TimeSpan? ReadyAfter { get; init; }

    public bool NeverReady { get; init; }

    public TimeSpan StopDuration { get; init; }

    public bool IgnoreSigterm { get; init; }

    public TimeSpan? RunDuration { get; init; }

    public TimeSpan? CrashAfter { get; init; }

    public int? ExitCode { get; init; }

    public TimeSpan BatchRunDuration { get; init; } = TimeSpan.FromSeconds(1);

    public bool IsServer => Kind == ContainerKind.Server;

    /// <summary>Exit code when stopped with SIGTERM: servers exit cleanly; a shell as PID 1 dies of the signal.</summary>
    public int StopExitCode => IgnoreSigterm ? 137 : IsServer ? 0 : 143;

    /// <summary>How long stopping takes, given the grace period.</summary>
    public TimeSpan StopAfter(TimeSpan gracePeriod) => IgnoreSigterm ? gracePeriod : StopDuration < gracePeriod ? StopDuration : gracePeriod;

    public static ContainerBehavior Resolve(
        V1Container container,
        IDictionary<string, string>? annotations,
        string? restartPolicy = null,
        string? podName = null,
        EmulationDefaults? defaults = null)
    {
        defaults ??= EmulationDefaults.Kubernetes;
        var name = container.Name;
        var image = ImageRef.Parse(container.Image ?? "");
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in container.Env ?? [])
        {
            env[e.Name] = e.Value ?? "";
        }

        env["HOSTNAME"] = podName ?? name;
        var argv = new List<string>();
        argv.AddRange(container.Command ?? []);
        argv.AddRange(container.Args ?? []);
        var shellImage = ShellImages.Contains(image.BaseName);
        if (container.Command is null or { Count: 0 } && !shellImage)
        {
            // The image's entrypoint runs with the args: a server or an application.
            argv.Clear();
        }

        ContainerKind kind;
        if (argv.Count == 0)
        {
            kind = shellImage ? ContainerKind.ExitsAtOnce : ContainerKind.Server;
        }
        else
        {
            var bin = BaseName(argv[0]);
            kind = Shells.Contains(bin) ? ContainerKind.Script
                : EmulatedShell.IsKnownCommand(bin) ? ContainerKind.Command
                : ServerBinaries.Contains(bin) ? ContainerKind.Server
                : restartPolicy is "Never" or "OnFailure" ? ContainerKind.Batch
                : ContainerKind.Server;
        }

        var pullError = EmulationAnnotations.Get(annotations, EmulationAnnotations.ImagePullError, name);
        var exitCodeText = EmulationAnnotations.Get(annotations, EmulationAnnotations.ExitCode, name);
        var probe = container.ReadinessProbe;
        return new ContainerBehavior
        {
            Name = name,
            Image = image,
            Kind = kind,
            Argv = argv,
            Env = env,
            PullDuration = EmulationAnnotations.GetDuration(annotations, EmulationAnnotations.ImagePullDuration, name),
            PullError = string.IsNullOrEmpty(pullError) || pullError == "false" ? null : pullError,
            StartDuration = EmulationAnnotations.GetDuration(annotations, EmulationAnnotations.StartDuration, name) ?? defaults.StartDuration,
            ReadyAfter = EmulationAnnotations.GetDuration(annotations, EmulationAnnotations.ReadyAfter, name)
                ?? (probe is null ? null : TimeSpan.FromSeconds(Math.Max(0, probe.InitialDelaySeconds ?? 0))),
            NeverReady = EmulationAnnotations.GetBool(annotations, EmulationAnnotations.NeverReady, name),
            StopDuration = EmulationAnnotations.GetDuration(annotations, EmulationAnnotations.StopDuration, name) ?? defaults.StopDuration,
            IgnoreSigterm = EmulationAnnotations.GetBool(annotations, EmulationAnnotations.IgnoreSigterm, name),
            RunDuration = EmulationAnnotations.GetDuration(annotations, EmulationAnnotations.RunDuration, name),
            CrashAfter = EmulationAnnotations.GetDuration(annotations, EmulationAnnotations.CrashAfter, name),
            ExitCode = int.TryParse(exitCodeText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var code) ? code : null,
            BatchRunDuration = defaults.UnknownCommandRunDuration,
        };
    }

    /// <summary>The message of a failed pull, as containerd words it.</summary>
    public string PullErrorMessage => PullError is null or "true" or "ErrImagePull" or "ImagePullBackOff"
        ? $"rpc error: code = NotFound desc = failed to pull and unpack image \"{Image.FullName}\": failed to resolve reference \"{Image.FullName}\": {Image.FullName}: not found"
        : PullError;

    /// <summary>What the container does when started at <paramref name="startedAt"/> (emulated time).</summary>
    public ContainerPlan Plan(DateTimeOffset startedAt)
    {
        var plan = Kind switch
        {
            ContainerKind.ExitsAtOnce => ContainerPlan.ExitAt(TimeSpan.Zero, 0),
            ContainerKind.Server => ContainerPlan.Forever([.. ServerLines(Image.BaseName, startedAt)]),
            ContainerKind.Batch => ContainerPlan.ExitAt(BatchRunDuration, 0),
            ContainerKind.Command => EmulatedShell.RunArgv(Argv, startedAt, Env),
            _ => RunShell(startedAt),
        };
        return ApplyOverrides(plan);
    }

    private ContainerPlan RunShell(DateTimeOffset startedAt)
    {
        var shell = BaseName(Argv[0]);
        var c = Argv.ToList().IndexOf("-c");
        if (c < 0)
        {
            var script = Argv.Skip(1).FirstOrDefault(a => !a.StartsWith('-'));
            return script is null
                ? ContainerPlan.ExitAt(TimeSpan.Zero, 0)
                : ContainerPlan.ExitAt(TimeSpan.Zero, 2, new PrintStep(TimeSpan.Zero, $"{shell}: can't open '{script}': No such file or directory"));
        }

        if (c + 1 >= Argv.Count)
        {
            return ContainerPlan.ExitAt(TimeSpan.Zero, 2, new PrintStep(TimeSpan.Zero, $"{shell}: -c requires an argument"));
        }

        return EmulatedShell.RunScript(Argv[c + 1], startedAt, Env, shell == "bash" ? "bash" : "sh");
    }

    private ContainerPlan ApplyOverrides(ContainerPlan plan)
    {
        if (CrashAfter is { } crash)
        {
            return Truncate(plan, crash, 1);
        }

        if (RunDuration is { } run)
        {
            return Truncate(plan, run, ExitCode ?? 0);
        }

        if (ExitCode is { } code)
        {
            return plan.Exit is { } exit
                ? new ContainerPlan([.. plan.Steps.Take(plan.Steps.Count - 1), exit with { ExitCode = code }])
                : Truncate(plan, plan.Steps.Count > 0 ? plan.Steps[^1].At : TimeSpan.Zero, code);
        }

        return plan;
    }

    /// <summary>Exits at <paramref name="at"/> with <paramref name="code"/>, unless the plan exits earlier by itself.</summary>
    private ContainerPlan Truncate(ContainerPlan plan, TimeSpan at, int code)
    {
        if (plan.Exit is { } exit && exit.At <= at)
        {
            return ExitCode is { } own ? new ContainerPlan([.. plan.Steps.Take(plan.Steps.Count - 1), exit with { ExitCode = own }]) : plan;
        }

        var steps = new List<PlanStep>();
        foreach (var step in plan.Steps)
        {
            switch (step)
            {
                case PrintStep p when p.At <= at:
                    steps.Add(p);
                    break;
                case LoopStep loop when loop.At <= at && loop.Period > TimeSpan.Zero:
                    for (var round = loop.At; round <= at; round += loop.Period)
                    {
                        steps.AddRange(loop.Lines.Select(l => l with { At = round + l.At }).Where(l => l.At <= at));
                    }

                    break;
            }
        }

        steps.Add(new ExitStep(at, code));
        return new ContainerPlan(steps);
    }

    private static IEnumerable<PrintStep> ServerLines(string server, DateTimeOffset t)
    {
        var z = TimeSpan.Zero;
        var ts = t.UtcDateTime;
        string F(string format) => ts.ToString(format, CultureInfo.InvariantCulture);
        return server switch
        {
            "nginx" =>
            [
                new PrintStep(z, "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration"),
                new PrintStep(z, "/docker-entrypoint.sh: Configuration complete; ready for start up"),
                new PrintStep(z, $"{F("yyyy/MM/dd HH:mm:ss")} [notice] 1#1: using the \"epoll\" event method"),
                new PrintStep(z, $"{F("yyyy/MM/dd HH:mm:ss")} [notice] 1#1: start worker processes"),
            ],
            "httpd" =>
            [
                new PrintStep(z, $"[{F("ddd MMM dd HH:mm:ss.ffffff yyyy")}] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/2.4 (Unix) configured -- resuming normal operations"),
                new PrintStep(z, $"[{F("ddd MMM dd HH:mm:ss.ffffff yyyy")}] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'"),
            ],
            "redis" => [new PrintStep(z, $"1:M {F("dd MMM yyyy HH:mm:ss.fff")} * Ready to accept connections tcp")],
            "postgres" => [new PrintStep(z, $"{F("yyyy-MM-dd HH:mm:ss.fff")} UTC [1] LOG:  database system is ready to accept connections")],
            "mysql" or "mariadb" => [new PrintStep(z, $"{F("yyyy-MM-ddTHH:mm:ss.ffffffZ")} 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Version: '8.0'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306")],
            _ => [],
        };
    }

    private static string BaseName(string path) => path[(path.LastIndexOf('/') + 1)..];
}
