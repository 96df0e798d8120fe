using Akka.Actor;
using Akka.Serialization;
using ActorKube.Client;
using ActorKube.Cluster.Serialization;
using ActorKube.ControlPlane.Etcd;
using ActorKube.Core.Objects;
using ActorKube.Core.Storage;
using BenchmarkDotNet.Attributes;

namespace ActorKube.Benchmarks;

/// <summary>
/// What a message costs when it crosses a process boundary: the apiserver's reply with a pod, and a batch of etcd watch
/// events (100 pod writes with their previous values). Akka's default JSON serializer is there for comparison: it is
/// what these messages would go through without ActorKubeSerializer (it base64-encodes the values).
/// </summary>
[MemoryDiagnoser]
public class SerializationBenchmarks
{
    private ActorSystem _system = null!;
    private Serializer _serializer = null!;
    private NewtonSoftJsonSerializer _json = null!;
    private ApiResponse _response = null!;
    private EtcdWatchEvents _batch = null!;
    private byte[] _responseBytes = null!;
    private byte[] _batchBytes = null!;

    [GlobalSetup]
    public void Setup()
    {
        _system = ActorSystem.Create("bench", ActorKubeSerializer.Config);
        _response = ApiResponse.Ok(new InformerTag("pods-informer", 1, IsWatch: false), Fixtures.RunningPod("web-1", "node-1"));
        var events = new List<StoreEvent>();
        for (var i = 0; i < 100; i++)
        {
            var key = $"/registry/pods/default/web-{i}";
            var value = KubeSerializer.ToBytes(Fixtures.RunningPod($"web-{i}", "node-1"));
            events.Add(new StoreEvent(EventType.Put, new KeyValue(key, value, 10 + i, 1000 + i, 2), new KeyValue(key, value, 10 + i, 900 + i, 1)));
        }

        _batch = new EtcdWatchEvents("apiserver-watch", events);
        _serializer = _system.Serialization.FindSerializerFor(_response);
        _json = new NewtonSoftJsonSerializer((ExtendedActorSystem)_system);
        _responseBytes = _serializer.ToBinary(_response);
        _batchBytes = _serializer.ToBinary(_batch);
        Console.WriteLine($"// ApiResponse with a pod: {_responseBytes.Length} bytes; EtcdWatchEvents of 100 pods: {_batchBytes.Length} bytes, {_json.ToBinary(_batch).Length} as Akka's default JSON");
    }

    [GlobalCleanup]
    public Task Cleanup() => _system.Terminate();

    [Benchmark(Description = "ApiResponse with a pod: ToBinary")]
    public byte[] ResponseToBinary() => _serializer.ToBinary(_response);

    [Benchmark(Description = "ApiResponse with a pod: FromBinary")]
    public object ResponseFromBinary() => _system.Serialization.Deserialize(_responseBytes, _serializer.Identifier, "AR");

    [Benchmark(Description = "EtcdWatchEvents, 100 pods: ToBinary")]
    public byte[] BatchToBinary() => _serializer.ToBinary(_batch);

    [Benchmark(Description = "EtcdWatchEvents, 100 pods: FromBinary")]
    public object BatchFromBinary() => _system.Serialization.Deserialize(_batchBytes, _serializer.Identifier, "EV");

    [Benchmark(Description = "EtcdWatchEvents, 100 pods: ToBinary, Akka's default JSON")]
    public byte[] BatchToJson() => _json.ToBinary(_batch);
}
