using Akka.Actor;
using ActorKube.Core.Api;
using ActorKube.Node.Kubelet;

namespace ActorKube.Cluster.Hosting;

/// <summary>The apiserver's proxy to a kubelet for pods/log, wherever the kubelet lives (a child in-process, a shard entity in a cluster).</summary>
internal static class NodeLogs
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Asks; a kubelet that does not answer (a node powered off or gone) is a 503 Status.</summary>
    public static async Task<LogsResult> AskAsync(ICanTell kubelet, object message, string nodeName, CancellationToken cancellationToken)
    {
        try
        {
            return await kubelet.Ask<LogsResult>(message, Timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            return new LogsResult(null, StatusErrors.ServiceUnavailable($"the kubelet of node \"{nodeName}\" is not answering"));
        }
    }
}
