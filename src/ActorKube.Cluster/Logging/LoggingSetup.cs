using ActorKube.Client;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace ActorKube.Cluster.Logging;

/// <summary>
/// Serilog for one process (DESIGN §11): the message-flow events and everything else go, as compact
/// JSON, to <c>&lt;data-dir&gt;/logs/&lt;process&gt;.jsonl</c>; the console gets readable lines at the
/// console level. Every event carries the process name.
/// </summary>
public static class LoggingSetup
{
    public static string Configure(string dataDir, string process, LogEventLevel fileLevel, LogEventLevel consoleLevel, bool console = true)
    {
        var logs = Path.Combine(dataDir, "logs");
        Directory.CreateDirectory(logs);
        var file = Path.Combine(logs, $"{process}.jsonl");
        var config = new LoggerConfiguration()
            .MinimumLevel.Is(fileLevel < consoleLevel ? fileLevel : consoleLevel)
            .MinimumLevel.Override("Akka", LogEventLevel.Warning)
            .Enrich.WithProperty("Process", process)
            .WriteTo.Async(a => a.File(new CompactJsonFormatter(), file, restrictedToMinimumLevel: fileLevel, buffered: true, flushToDiskInterval: TimeSpan.FromSeconds(1)), bufferSize: 100_000, blockWhenFull: false);
        if (console)
        {
            config = config.WriteTo.Console(
                restrictedToMinimumLevel: consoleLevel,
                outputTemplate: "{Timestamp:HH:mm:ss.fff} {Level:u3} {Message:lj}{NewLine}{Exception}",
                standardErrorFromLevel: LogEventLevel.Verbose);
        }

        Log.Logger = config.CreateLogger();
        FlowLog.Reset();
        return file;
    }
}
