using Akka.Configuration;
using ActorKube.Client;
using ActorKube.Cluster.Logging;
using ActorKube.ControlPlane.Etcd;
using Serilog.Events;

namespace ActorKube.Cluster.Hosting;

/// <summary>What every ActorKube process does first: layer its configuration, make its data directory, set up logging.</summary>
public sealed record ProcessSetup(Config Config, string DataDir, string? LogFile, EtcdSettings Etcd)
{
    /// <summary>The actorkube section.</summary>
    public Config ActorKube => Config.GetConfig("actorkube");

    public static ProcessSetup Prepare(ClusterOptions options)
    {
        var config = options.BuildConfig();
        var ak = config.GetConfig("actorkube");
        var dataDir = ak.GetString("data-dir", "");
        if (string.IsNullOrEmpty(dataDir))
        {
            dataDir = Path.Combine(Path.GetTempPath(), "actorkube-" + Guid.NewGuid().ToString("N")[..8]);
        }

        Directory.CreateDirectory(dataDir);
        string? logFile = null;
        if (options.ConfigureLogging)
        {
            logFile = LoggingSetup.Configure(
                dataDir,
                options.ProcessName,
                Enum.Parse<LogEventLevel>(ak.GetString("logging.file-level", "Debug"), ignoreCase: true),
                Enum.Parse<LogEventLevel>(ak.GetString("logging.console-level", "Information"), ignoreCase: true),
                options.ConsoleLogging);
        }

        FlowLog.Enabled = ak.GetBoolean("logging.flow", true);
        return new ProcessSetup(config, dataDir, logFile, EtcdSettings.FromConfig(ak.GetConfig("etcd")));
    }

    /// <summary>Before etcd's actor system starts: its storage can be used (EtcdStorageException if not), waits logged.</summary>
    public Task CheckStorageAsync(CancellationToken cancellationToken) =>
        EtcdPersistence.CheckStorageAsync(Etcd, message => Serilog.Log.Warning("{Message}", message), cancellationToken);

    /// <summary>A worker process never runs etcd: it gets no journal configuration and makes no etcd.db.</summary>
    public bool HostsEtcd => Config.GetString("actorkube.role", "") != ClusterRoles.Worker;

    /// <summary>The configuration of the actor system: ours, then Akka's logging and, where etcd may run, its journal.</summary>
    public Config AkkaConfig() => ClusterDefaults(Config).WithFallback(ConfigurationFactory.ParseString("""
            akka {
              # INFO: the controllers' decisions (node lifecycle, taint eviction) and cluster membership reach
              # the logs; Serilog's levels (actorkube.logging) decide what is written where.
              loglevel = INFO
              stdout-loglevel = WARNING
              loggers = ["Akka.Logger.Serilog.SerilogLogger, Akka.Logger.Serilog"]
              logger-formatter = "Akka.Logger.Serilog.SerilogLogMessageFormatter, Akka.Logger.Serilog"
              log-dead-letters = 0
              log-dead-letters-during-shutdown = off
              actor.ask-timeout = 30s
            }
            """)
        .WithFallback(HostsEtcd ? EtcdPersistence.Config(Etcd, DataDir) : Config.Empty)
        .WithFallback(ControlPlane.ApiServer.ApiServerMailbox.Declaration)
        .WithFallback(Serialization.ActorKubeSerializer.Config));

    /// <summary>
    /// A cluster member loads the sharding and singleton defaults (their serializers included) before any
    /// message arrives: another member may talk to its sharding coordinator before this one starts a region.
    /// </summary>
    private static Config ClusterDefaults(Config config) =>
        config.HasPath("actorkube.role")
            ? config.WithFallback(Akka.Cluster.Sharding.ClusterSharding.DefaultConfig()).WithFallback(Akka.Cluster.Tools.Singleton.ClusterSingleton.DefaultConfig())
            : config;
}
