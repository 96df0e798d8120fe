using System.Globalization;
using Akka.Configuration;

namespace ActorKube.Cluster.Hosting;

/// <summary>What the CLI flags can override; null means "as the HOCON files say".</summary>
public sealed record ClusterOptions
{
    public string? DataDir { get; init; }

    public string? Storage { get; init; }

    public string? ConnectionString { get; init; }

    public double? TimeScale { get; init; }

    public int? Nodes { get; init; }

    /// <summary>A HOCON file layered over the defaults (CLI --config).</summary>
    public string? ConfigFile { get; init; }

    /// <summary>Extra HOCON, highest precedence (tests).</summary>
    public string? ExtraHocon { get; init; }

    /// <summary>Multi-process role ("control-plane" or "worker"); null runs everything in this process.</summary>
    public string? Role { get; init; }

    /// <summary>Remoting address of this process (CLI --host, --port); port 0 picks a free one.</summary>
    public string? Host { get; init; }

    public int? Port { get; init; }

    /// <summary>Seed nodes (CLI --seed), e.g. akka.tcp://actorkube@127.0.0.1:4053.</summary>
    public IReadOnlyList<string> Seeds { get; init; } = [];

    /// <summary>Workers whose node regions the control plane waits for before it starts the nodes (CLI --min-workers).</summary>
    public int? MinWorkers { get; init; }

    /// <summary>Process name, for logs and for network faults (the member's process:NAME role).</summary>
    public string ProcessName { get; init; } = "actorkube";

    /// <summary>Configure Serilog for this process (false when the host already did).</summary>
    public bool ConfigureLogging { get; init; } = true;

    public bool ConsoleLogging { get; init; } = true;

    /// <summary>Defaults (embedded hocon/actorkube.conf), then the --config file, then the flags.</summary>
    public Config BuildConfig()
    {
        var flags = new List<string>();
        if (DataDir is not null)
        {
            flags.Add($"actorkube.data-dir = {Quote(DataDir)}");
        }

        if (Storage is not null)
        {
            flags.Add($"actorkube.etcd.storage = {Quote(Storage)}");
        }

        if (ConnectionString is not null)
        {
            flags.Add($"actorkube.etcd.connection-string = {Quote(ConnectionString)}");
        }

        if (TimeScale is { } ts)
        {
            flags.Add($"actorkube.time-scale = {ts.ToString(CultureInfo.InvariantCulture)}");
        }

        if (Nodes is { } n)
        {
            flags.Add($"actorkube.cluster.nodes = {n}");
        }

        if (MinWorkers is { } w)
        {
            flags.Add($"actorkube.cluster.min-workers = {w}");
        }

        if (Host is not null)
        {
            flags.Add($"akka.remote.dot-netty.tcp.hostname = {Quote(Host)}");
        }

        if (Port is { } port)
        {
            flags.Add($"akka.remote.dot-netty.tcp.port = {port}");
        }

        if (Seeds.Count > 0)
        {
            flags.Add($"akka.cluster.seed-nodes = [{string.Join(", ", Seeds.Select(Quote))}]");
        }

        if (Role is not null)
        {
            // The member's role, and its process name as a role: network faults name processes.
            flags.Add($"akka.cluster.roles = [{Quote(Role)}, {Quote(ClusterRoles.Process(ProcessName))}]");
        }

        var config = ConfigurationFactory.ParseString(string.Join("\n", flags));
        if (ExtraHocon is not null)
        {
            config = ConfigurationFactory.ParseString(ExtraHocon).WithFallback(config);
        }

        if (ConfigFile is not null)
        {
            if (!File.Exists(ConfigFile))
            {
                throw new FileNotFoundException($"config file {ConfigFile} does not exist", ConfigFile);
            }

            config = config.WithFallback(ConfigurationFactory.ParseString(File.ReadAllText(ConfigFile)));
        }

        if (Role is not null)
        {
            // control-plane.conf or worker.conf, then the Akka.Cluster settings every process shares.
            config = config.WithFallback(Embedded(Role + ".conf")).WithFallback(Embedded("cluster.conf"));
        }

        return config.WithFallback(Defaults());
    }

    public static Config Defaults() => Embedded("actorkube.conf");

    /// <summary>One of the hocon/ files, embedded in the binary so what is documented is what runs.</summary>
    public static Config Embedded(string name)
    {
        using var stream = typeof(ClusterOptions).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded {name} is missing (roles: control-plane, worker)");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    }

    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
