using ActorKube.Core.Wire;

namespace ActorKube.Cluster.Serialization;

/// <summary>How one message type travels: its manifest (short and fixed: it is on every remote message) and its layout.</summary>
internal sealed record MessageCodec(Type Type, string Manifest, Action<WireWriter, object> Write, Func<WireReader, object> Read)
{
    public static MessageCodec Of<T>(string manifest, Action<WireWriter, T> write, Func<WireReader, T> read)
        where T : class =>
        new(typeof(T), manifest, (w, o) => write(w, (T)o), read);
}
