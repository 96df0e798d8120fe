using System.Diagnostics;
using Akka.Actor;
using ActorKube.Client;
using ActorKube.Core.Objects;

namespace ActorKube.Cli.Bench;

/// <summary>
/// Watches pods (one watch, like any client) and records, in wall time, when each pod first appears
/// and when it is first Running; completes when the expected number is Running.
/// </summary>
public sealed class PodStartupRecorder : ReceiveActor
{
    private readonly Dictionary<string, long> _created = new(StringComparer.Ordinal);
    private readonly List<double> _latenciesMs = [];
    private readonly HashSet<string> _running = new(StringComparer.Ordinal);
    private readonly HashSet<string> _bound = new(StringComparer.Ordinal);

    public PodStartupRecorder(IActorRef apiServer, string labelSelector, int expected, TaskCompletionSource<IReadOnlyList<double>> done)
    {
        // A watch without a resourceVersion starts with every current pod as ADDED: after the watch
        // ends (etcd restarted, cache reloaded) watching again is a re-list, and the sets deduplicate.
        void Watch() => apiServer.Tell(new StartWatch(Resources.Pods, null, labelSelector) { Tag = "bench", From = "bench" });
        Watch();
        Receive<WatchEvents>(batch =>
        {
            var now = Stopwatch.GetTimestamp();
            foreach (var e in batch.Events)
            {
                if (e.Object is not V1Pod pod)
                {
                    continue;
                }

                var key = pod.KeyOf();
                _created.TryAdd(key, now);
                if (!string.IsNullOrEmpty(pod.Spec?.NodeName))
                {
                    _bound.Add(key);
                }
                if (pod.Status?.Phase == "Running" && _running.Add(key))
                {
                    _latenciesMs.Add(Stopwatch.GetElapsedTime(_created[key], now).TotalMilliseconds);
                }
            }

            if (_running.Count >= expected)
            {
                done.TrySetResult(_latenciesMs);
            }
        });
        Receive<GetProgress>(_ => Sender.Tell(new Progress(_created.Count, _bound.Count, _running.Count)));
        Receive<WatchEnded>(_ => Watch());
    }

    public sealed record GetProgress : INoSerializationVerificationNeeded;

    public sealed record Progress(int Created, int Bound, int Running) : INoSerializationVerificationNeeded;

    public static Props Props(IActorRef apiServer, string labelSelector, int expected, TaskCompletionSource<IReadOnlyList<double>> done) =>
        Akka.Actor.Props.Create(() => new PodStartupRecorder(apiServer, labelSelector, expected, done));
}
