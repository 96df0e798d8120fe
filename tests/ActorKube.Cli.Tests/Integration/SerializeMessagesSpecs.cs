using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Event;
using Akka.Serialization;
using ActorKube.Client;
using ActorKube.Cluster.Hosting;
using ActorKube.Core.Objects.Chaos;
using ActorKube.Node.Kubelet;
using Xunit.Abstractions;
using static ActorKube.Cli.Tests.Integration.ClusterTestKit;

namespace ActorKube.Cli.Tests.Integration;

/// <summary>
/// The in-process cluster with <c>akka.actor.serialize-messages = on</c>: Akka serializes and deserializes every
/// message on send and delivers the copy, as if every actor lived in another process. Node-internal messages (timers,
/// kubelet &lt;-&gt; pods) are marked as local; everything else must go through the ActorKube serializer and keep working.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SerializeMessagesSpecs(ITestOutputHelper output)
{
    // Everything not bound to a serializer of its own goes through the recording fallback, which tells which
    // ActorKube messages would leave a process as Newtonsoft JSON (none should: bind them, or mark them local).
    private const string Hocon = """
        akka.loggers = ["ActorKube.Cli.Tests.Integration.SendFailureLogger, ActorKube.Cli.Tests"]
        akka.actor {
          serialize-messages = on
          serializers.fallback-recorder = "ActorKube.Cli.Tests.Integration.FallbackRecordingSerializer, ActorKube.Cli.Tests"
          serialization-bindings { "System.Object" = fallback-recorder }
        }
        """;

    [Fact]
    public async Task A_deployment_runs_scales_and_is_deleted_when_every_message_is_serialized()
    {
        SendFailureLogger.Failures.Clear();
        FallbackRecordingSerializer.Types.Clear();
        var cluster = await StartAsync(hocon: Hocon);
        try
        {
            var api = cluster.Api;
            await Until(() => api.ListAsync<V1Node>(), nodes => nodes.Count(IsReady) == 3, "3 nodes Ready", describe: n => $"{n.Count(IsReady)}/{n.Count} Ready; {Failures()}");

            const string ns = "wire";
            await CreateNamespaceAsync(api, ns);
            await api.CreateAsync(Deployment(ns, "web", 3, "nginx:1.27"));
            await UntilRunning(api, ns, 3);

            await api.PatchAsync<V1Deployment>(ns, "web", PatchType.Merge, """{"spec":{"replicas":5}}""");
            var pods = await UntilRunning(api, ns, 5);

            var pod = pods[0];
            var logs = await cluster.PodLogsAsync(pod.Spec.NodeName, new GetPodLogs(ns, pod.Metadata.Name));
            Assert.True(logs.IsSuccess, logs.Error?.Message);
            Assert.Equal(404, (await cluster.PodLogsAsync(pod.Spec.NodeName, new GetPodLogs(ns, "nope"))).Error?.Code);

            Assert.True((await cluster.StopNodeAsync("node-3")).Succeeded);
            Assert.True((await cluster.StartNodeAsync("node-3")).Succeeded);

            // A fault: the fault controller, the provisioner and the kubelet's partition and heal.
            await api.CreateAsync(new V1alpha1Fault { Metadata = new V1ObjectMeta { Name = "cut" }, Spec = new V1alpha1FaultSpec { Type = FaultTypes.NodePartition, Node = "node-2" } });
            await Until(() => api.GetAsync<V1alpha1Fault>(null, "cut"), f => f?.Status?.Phase == FaultPhases.Active, "the partition Active", describe: f => $"{f?.Status?.Phase}; {Failures()}");
            Assert.True((await api.DeleteAsync<V1alpha1Fault>(null, "cut")).IsSuccess);
            await Until(() => api.GetAsync<V1alpha1Fault>(null, "cut"), f => f is null, "the partition lifted and gone", describe: f => $"{f?.Status?.Phase}; {Failures()}");

            var deleted = await api.DeleteAsync<V1Deployment>(ns, "web", new V1DeleteOptions { PropagationPolicy = "Foreground" });
            Assert.True(deleted.IsSuccess, deleted.Error?.Message);
            await Until(() => api.ListAsync<V1Pod>(ns), p => p.Count == 0, "the pods deleted", describe: p => $"{Describe(p)}; {Failures()}");
            await Until(() => api.ListAsync<V1ReplicaSet>(ns), r => r.Count == 0, "the ReplicaSet deleted", describe: r => $"{r.Count} left; {Failures()}");
            Assert.Null(await api.GetAsync<V1Deployment>(ns, "web"));

            Assert.True(SendFailureLogger.Failures.IsEmpty, Failures());
            var ours = FallbackRecordingSerializer.Types.Keys.Where(t => t.Assembly.GetName().Name is { } a && a.StartsWith("ActorKube.", StringComparison.Ordinal) && !a.EndsWith(".Tests", StringComparison.Ordinal));
            Assert.Empty(ours.Select(t => t.FullName));
            Assert.NotEmpty(FallbackRecordingSerializer.Types); // the recorder is in place (Akka's own messages use it)
            output.WriteLine("through the JSON fallback: " + string.Join(", ", FallbackRecordingSerializer.Types.Select(t => $"{t.Key.Name} x{t.Value}")));
        }
        finally
        {
            await StopAsync(cluster);
        }
    }

    private static Task<IReadOnlyList<V1Pod>> UntilRunning(ApiClient api, string ns, int replicas) =>
        Until(
            () => api.ListAsync<V1Pod>(ns),
            p => p.Count == replicas && p.All(IsReady),
            $"{replicas} pods Running",
            describe: p => $"{Describe(p)}; {Failures()}");

    private static string Failures() =>
        SendFailureLogger.Failures.IsEmpty ? "no send failures" : "send failures: " + string.Join(" | ", SendFailureLogger.Failures.Distinct().Take(20));
}

/// <summary>Akka logger that keeps every error (a message that could not be serialized is logged and dropped).</summary>
internal sealed class SendFailureLogger : ReceiveActor
{
    public static readonly ConcurrentQueue<string> Failures = new();

    public SendFailureLogger()
    {
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<Error>(e => Failures.Enqueue($"{e.LogSource}: {e.Message} {Shorten(e.Cause?.Message)} {Shorten(e.Cause?.InnerException?.Message)}"));
        Receive<LogEvent>(_ => { });
    }

    // A failed send names the message type and the receiving actor type first; the envelope after it is long.
    private static string? Shorten(string? text) => text is { Length: > 300 } ? text[..300] + "..." : text;
}

/// <summary>The default JSON serializer, recording the type of every message that reaches it.</summary>
internal sealed class FallbackRecordingSerializer(ExtendedActorSystem system) : Serializer(system)
{
    public static readonly ConcurrentDictionary<Type, int> Types = new();

    private readonly NewtonSoftJsonSerializer _json = new(system);

    public override int Identifier => 4799;

    public override bool IncludeManifest => _json.IncludeManifest;

    public override byte[] ToBinary(object obj)
    {
        Types.AddOrUpdate(obj.GetType(), 1, (_, n) => n + 1);
        return _json.ToBinary(obj);
    }

    public override object FromBinary(byte[] bytes, Type type) => _json.FromBinary(bytes, type);
}
