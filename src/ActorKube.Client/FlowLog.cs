using Serilog;
using Serilog.Events;

namespace ActorKube.Client;

/// <summary>
/// The message-flow log (DESIGN §11): one structured event per message between components, with
/// from, to, message type, object, resourceVersion and trace id. Written under the "flow" source
/// context so sinks can route it to the per-process JSONL file. A message is logged once, by the side
/// that sees it: requests to the apiserver by the apiserver (with the sender as From), watch deliveries
/// and etcd writes by the apiserver, messages inside a node by their sender.
/// </summary>
public static class FlowLog
{
    public const string SourceContext = "ActorKube.Flow";

    private static ILogger _logger = Log.ForContext(Serilog.Core.Constants.SourceContextPropertyName, SourceContext);

    /// <summary>Switch off to remove all cost from the hot path (benchmarks).</summary>
    public static bool Enabled { get; set; } = true;

    /// <summary>Re-binds to the current global logger (after Log.Logger was configured).</summary>
    public static void Reset() => _logger = Log.ForContext(Serilog.Core.Constants.SourceContextPropertyName, SourceContext);

    public static void Message(string from, string to, string messageType, string? obj, string? resourceVersion, string? traceId, LogEventLevel level = LogEventLevel.Information)
    {
        if (!Enabled || !_logger.IsEnabled(level))
        {
            return;
        }

        _logger.Write(level, "{From} -> {To}: {MessageType} {Object} rv={ResourceVersion} trace={TraceId}", from, to, messageType, obj, resourceVersion, traceId);
    }

    public static bool IsEnabled(LogEventLevel level = LogEventLevel.Information) => Enabled && _logger.IsEnabled(level);
}
