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

    /// <summary>Process name for logs.</summary>
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

        return config.WithFallback(Defaults());
    }

    public static Config Defaults()
    {
        using var stream = typeof(ClusterOptions).Assembly.GetManifestResourceStream("actorkube.conf")
            ?? throw new InvalidOperationException("embedded actorkube.conf is missing");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    }

    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
