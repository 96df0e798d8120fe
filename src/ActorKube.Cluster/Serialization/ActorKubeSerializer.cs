using System.Collections.Frozen;
using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;
using ActorKube.Core.Wire;

namespace ActorKube.Cluster.Serialization;

/// <summary>
/// The serializer of every message that crosses a process boundary in the multi-process cluster: apiserver &lt;-&gt;
/// etcd, components &lt;-&gt; apiserver, provisioner and log proxy -&gt; kubelets. A binary layout (<see cref="WireWriter"/>)
/// per message type, named by a two-letter manifest; Kubernetes objects inside travel as apiVersion, kind and JSON
/// (<see cref="KubeWire"/>), etcd values as raw bytes, tags as a typed envelope (<see cref="TagWire"/>).
/// In one process nothing is serialized (Akka passes references), unless <c>akka.actor.serialize-messages</c> is on.
/// </summary>
public sealed class ActorKubeSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int Id = 4712;

    /// <summary>The name of this serializer in <c>akka.actor.serializers</c>.</summary>
    public const string Name = "actorkube";

    [ThreadStatic]
    private static WireWriter? _writer;

    private static readonly IReadOnlyList<MessageCodec> Codecs = [.. ApiServerCodecs.All, .. EtcdCodecs.All, .. NodeCodecs.All, .. ClusterCodecs.All];
    private static readonly FrozenDictionary<Type, MessageCodec> ByType = Codecs.ToFrozenDictionary(c => c.Type);
    private static readonly FrozenDictionary<string, MessageCodec> ByManifest = Codecs.ToFrozenDictionary(c => c.Manifest, StringComparer.Ordinal);

    /// <summary>The message types this serializer is bound to.</summary>
    public static IReadOnlyList<Type> MessageTypes { get; } = [.. Codecs.Select(c => c.Type)];

    /// <summary>
    /// <c>akka.actor.serializers.actorkube</c> and a binding for each message type (generated from the codecs, so a
    /// message type and its binding cannot drift apart). Part of every actor system ActorKube starts.
    /// </summary>
    public static Config Config { get; } = ConfigurationFactory.ParseString($$"""
        akka.actor {
          serializers.{{Name}} = "{{QualifiedName(typeof(ActorKubeSerializer))}}"
          serialization-bindings {
        {{string.Join("\n", Codecs.Select(c => $"    \"{QualifiedName(c.Type)}\" = {Name}"))}}
          }
        }
        """);

    public override int Identifier => Id;

    public override string Manifest(object o) => CodecFor(o).Manifest;

    public override byte[] ToBinary(object obj)
    {
        var codec = CodecFor(obj);
        var writer = _writer ??= new WireWriter(4096);
        writer.Reset();
        codec.Write(writer, obj);
        return writer.ToArray();
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (!ByManifest.TryGetValue(manifest, out var codec))
        {
            throw new SerializationException($"unknown ActorKube manifest '{manifest}'");
        }

        var reader = new WireReader(bytes);
        var message = codec.Read(reader);
        return reader.AtEnd ? message : throw new SerializationException($"{bytes.Length} bytes of {codec.Type.Name} were not all read");
    }

    /// <summary>A message inside another (an envelope): its manifest, then its layout, in the same buffer.</summary>
    internal static void WriteNested(WireWriter writer, object message)
    {
        var codec = CodecFor(message);
        writer.WriteString(codec.Manifest);
        codec.Write(writer, message);
    }

    internal static object ReadNested(WireReader reader)
    {
        var manifest = reader.ReadString();
        return ByManifest.TryGetValue(manifest, out var codec)
            ? codec.Read(reader)
            : throw new SerializationException($"unknown ActorKube manifest '{manifest}' inside an envelope");
    }

    private static MessageCodec CodecFor(object o) =>
        ByType.TryGetValue(o.GetType(), out var codec) ? codec : throw new ArgumentException($"ActorKubeSerializer cannot serialize {o.GetType()}", nameof(o));

    private static string QualifiedName(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";
}
