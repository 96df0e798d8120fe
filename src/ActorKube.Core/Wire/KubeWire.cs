using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Serialization;
using ActorKube.Core.Objects;

namespace ActorKube.Core.Wire;

/// <summary>
/// The binary layout of Kubernetes values in messages between processes. An object travels as its apiVersion and
/// kind (taken from its CLR type, so an object whose Kind is not set still finds its type) followed by its JSON,
/// written with KubernetesClient's options; the receiver picks the CLR type with <see cref="Resources.ForKind"/>
/// (then any KubernetesClient model, for V1Scale and the like). A resource travels as group/version/plural.
/// A Status is written field by field: KubernetesClient's V1Status converter reads JSON but cannot write it.
/// </summary>
public static class KubeWire
{
    private static readonly ConcurrentDictionary<Type, (string ApiVersion, string Kind)> Names = new();
    private static readonly Lazy<Dictionary<(string ApiVersion, string Kind), Type>> Models = new(ScanModels);

    public static void WriteObject(WireWriter w, IKubernetesObject<V1ObjectMeta>? obj)
    {
        if (obj is null)
        {
            w.WriteNullableString(null);
            return;
        }

        var type = obj.GetType();
        var (apiVersion, kind) = Names.GetOrAdd(type, NameOf);
        w.WriteNullableString(apiVersion);
        w.WriteString(kind);
        w.WriteJson(obj, type, KubeSerializer.Options);
    }

    public static IKubernetesObject<V1ObjectMeta>? ReadObject(WireReader r)
    {
        var apiVersion = r.ReadNullableString();
        if (apiVersion is null)
        {
            return null;
        }

        var kind = r.ReadString();
        var type = Resources.ForKind(apiVersion, kind)?.ClrType
            ?? Models.Value.GetValueOrDefault((apiVersion, kind))
            ?? throw new SerializationException($"no Kubernetes type for {apiVersion}/{kind}");
        return (IKubernetesObject<V1ObjectMeta>)r.ReadJson(type, KubeSerializer.Options);
    }

    /// <summary>Any other model (V1DeleteOptions, V1ListMeta), as JSON, or null.</summary>
    public static void WriteJson<T>(WireWriter w, T? value)
        where T : class
    {
        w.WriteBool(value is not null);
        if (value is not null)
        {
            w.WriteJson(value, typeof(T), KubeSerializer.Options);
        }
    }

    public static T? ReadJson<T>(WireReader r)
        where T : class =>
        r.ReadBool() ? (T)r.ReadJson(typeof(T), KubeSerializer.Options) : null;

    public static void WriteResource(WireWriter w, ResourceInfo resource)
    {
        w.WriteString(resource.Group);
        w.WriteString(resource.Version);
        w.WriteString(resource.Plural);
    }

    public static ResourceInfo ReadResource(WireReader r)
    {
        var (group, version, plural) = (r.ReadString(), r.ReadString(), r.ReadString());
        return Resources.ForGroupVersionResource(group, version, plural)
            ?? throw new SerializationException($"ActorKube does not serve {plural}.{group}/{version}");
    }

    public static void WriteNullableResource(WireWriter w, ResourceInfo? resource)
    {
        w.WriteBool(resource is not null);
        if (resource is not null)
        {
            WriteResource(w, resource);
        }
    }

    public static ResourceInfo? ReadNullableResource(WireReader r) => r.ReadBool() ? ReadResource(r) : null;

    public static void WriteStatus(WireWriter w, V1Status? status)
    {
        w.WriteBool(status is not null);
        if (status is null)
        {
            return;
        }

        w.WriteNullableString(status.ApiVersion);
        w.WriteNullableString(status.Kind);
        w.WriteNullableString(status.Status);
        w.WriteNullableString(status.Message);
        w.WriteNullableString(status.Reason);
        WriteNullableInt(w, status.Code);
        WriteJson(w, status.Metadata);
        var d = status.Details;
        w.WriteBool(d is not null);
        if (d is null)
        {
            return;
        }

        w.WriteNullableString(d.Name);
        w.WriteNullableString(d.Group);
        w.WriteNullableString(d.Kind);
        w.WriteNullableString(d.Uid);
        WriteNullableInt(w, d.RetryAfterSeconds);
        w.WriteVarInt(d.Causes is null ? 0 : d.Causes.Count + 1);
        foreach (var c in d.Causes ?? [])
        {
            w.WriteNullableString(c.Reason);
            w.WriteNullableString(c.Message);
            w.WriteNullableString(c.Field);
        }
    }

    public static V1Status? ReadStatus(WireReader r)
    {
        if (!r.ReadBool())
        {
            return null;
        }

        var status = new V1Status
        {
            ApiVersion = r.ReadNullableString(),
            Kind = r.ReadNullableString(),
            Status = r.ReadNullableString(),
            Message = r.ReadNullableString(),
            Reason = r.ReadNullableString(),
            Code = ReadNullableInt(r),
            Metadata = ReadJson<V1ListMeta>(r),
        };
        if (!r.ReadBool())
        {
            return status;
        }

        var details = new V1StatusDetails
        {
            Name = r.ReadNullableString(),
            Group = r.ReadNullableString(),
            Kind = r.ReadNullableString(),
            Uid = r.ReadNullableString(),
            RetryAfterSeconds = ReadNullableInt(r),
        };
        var causes = r.ReadVarInt();
        if (causes < 0 || causes - 1 > r.Remaining)
        {
            throw new SerializationException($"cause count {causes - 1} out of range");
        }

        if (causes > 0)
        {
            details.Causes = new List<V1StatusCause>(causes - 1);
            for (var i = 1; i < causes; i++)
            {
                details.Causes.Add(new V1StatusCause { Reason = r.ReadNullableString(), Message = r.ReadNullableString(), Field = r.ReadNullableString() });
            }
        }

        status.Details = details;
        return status;
    }

    public static void WriteNullableInt(WireWriter w, int? value) => WriteNullableLong(w, value);

    public static int? ReadNullableInt(WireReader r) => ReadNullableLong(r) is { } v ? checked((int)v) : null;

    public static void WriteNullableLong(WireWriter w, long? value)
    {
        w.WriteBool(value.HasValue);
        if (value is { } v)
        {
            w.WriteZigZag(v);
        }
    }

    public static long? ReadNullableLong(WireReader r) => r.ReadBool() ? r.ReadZigZag() : null;

    private static (string ApiVersion, string Kind) NameOf(Type type)
    {
        if (Resources.TryForType(type, out var resource))
        {
            return (resource.ApiVersion, resource.Kind);
        }

        var entity = type.GetCustomAttribute<KubernetesEntityAttribute>()
            ?? throw new ArgumentException($"{type.Name} is not a Kubernetes model: it has no apiVersion and kind", nameof(type));
        return (ApiVersionOf(entity), entity.Kind);
    }

    private static string ApiVersionOf(KubernetesEntityAttribute entity) =>
        string.IsNullOrEmpty(entity.Group) ? entity.ApiVersion : $"{entity.Group}/{entity.ApiVersion}";

    private static Dictionary<(string ApiVersion, string Kind), Type> ScanModels()
    {
        var models = new Dictionary<(string ApiVersion, string Kind), Type>();
        foreach (var type in typeof(V1Pod).Assembly.GetTypes())
        {
            if (type.GetCustomAttribute<KubernetesEntityAttribute>() is { } entity && typeof(IKubernetesObject<V1ObjectMeta>).IsAssignableFrom(type))
            {
                models.TryAdd((ApiVersionOf(entity), entity.Kind), type);
            }
        }

        return models;
    }
}
