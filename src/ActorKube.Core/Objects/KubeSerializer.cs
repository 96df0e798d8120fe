using System.Text.Json.Serialization.Metadata;
using k8s;
using k8s.Models;
using ActorKube.Core.Api;

namespace ActorKube.Core.Objects;

/// <summary>JSON and YAML (de)serialization of Kubernetes objects with KubernetesClient's serializers.</summary>
public static class KubeSerializer
{
    public static byte[] ToBytes(object obj) => System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), Options);

    /// <summary>
    /// The bytes etcd stores for an object: its JSON without <c>metadata.resourceVersion</c>, which (as in Kubernetes'
    /// etcd3 storage) is the key's mod revision, not part of the value. The object itself is not read for that field,
    /// so the apiserver may set it on the same object while another thread encodes it.
    /// </summary>
    public static byte[] ToStorageBytes(object obj) => System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), StorageOptions);

    public static string ToJson(object obj) => KubernetesJson.Serialize(obj);

    public static string ToYaml(object obj) => KubernetesYaml.Serialize(obj);

    public static IKubernetesObject<V1ObjectMeta> FromBytes(ResourceInfo resource, byte[] bytes) =>
        (IKubernetesObject<V1ObjectMeta>)System.Text.Json.JsonSerializer.Deserialize(bytes, resource.ClrType, Options)!;

    public static T FromJson<T>(string json) => KubernetesJson.Deserialize<T>(json);

    public static object FromJson(string json, Type type) =>
        System.Text.Json.JsonSerializer.Deserialize(json, type, Options)!;

    /// <summary>A deep copy, for code that must change an object read from a store or cache.</summary>
    public static T DeepCopy<T>(T obj) where T : class => DeepCloner.Clone(obj);

    /// <summary>
    /// Loads every document of a (multi-document) YAML manifest as typed objects. Unknown kinds and
    /// malformed YAML raise <see cref="ApiException"/> with a 400 Status that names the problem.
    /// </summary>
    public static IReadOnlyList<IKubernetesObject<V1ObjectMeta>> LoadManifest(string yaml)
    {
        // First pass: read apiVersion/kind of each document so an unknown kind gets a clear message.
        List<object> docs;
        try
        {
            docs = KubernetesYaml.LoadAllFromString(yaml, Resources.TypeMap, strict: false);
        }
        catch (KeyNotFoundException e)
        {
            var what = e.Message.Split('\'') is { Length: >= 3 } parts ? parts[1] : "?";
            throw new ApiException(StatusErrors.BadRequest($"no kind \"{what[(what.LastIndexOf('/') + 1)..]}\" is registered for version \"{what[..Math.Max(0, what.LastIndexOf('/'))]}\""));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new ApiException(StatusErrors.BadRequest($"error parsing manifest: line {e.Start.Line}, column {e.Start.Column}: {e.InnerException?.Message ?? e.Message}"));
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or System.Text.Json.JsonException)
        {
            // YamlDotNet reports some truncated documents (an unclosed flow mapping at the end) this way.
            throw new ApiException(StatusErrors.BadRequest($"error parsing manifest: {e.Message}"));
        }

        var result = new List<IKubernetesObject<V1ObjectMeta>>(docs.Count);
        foreach (var doc in docs)
        {
            if (doc is not IKubernetesObject<V1ObjectMeta> obj)
            {
                throw new ApiException(StatusErrors.BadRequest($"manifest document of type {doc?.GetType().Name ?? "null"} is not a Kubernetes object"));
            }

            result.Add(obj);
        }

        return result;
    }

    /// <summary>An apply body (application/apply-patch+yaml) as JSON: YAML is read as the resource's type.</summary>
    public static string ApplyBodyToJson(string body, ResourceInfo r)
    {
        var trimmed = body.TrimStart();
        if (trimmed.StartsWith('{'))
        {
            return body;
        }

        try
        {
            var typed = typeof(KubernetesYaml).GetMethod(nameof(KubernetesYaml.Deserialize), [typeof(string), typeof(bool)])!
                .MakeGenericMethod(r.ClrType).Invoke(null, [body, false])!;
            return ToJson(typed);
        }
        catch (Exception e) when (e is YamlDotNet.Core.YamlException or System.Reflection.TargetInvocationException)
        {
            var inner = e is System.Reflection.TargetInvocationException t ? t.InnerException ?? e : e;
            throw new ApiException(StatusErrors.BadRequest($"error decoding YAML: {inner.Message}"));
        }
    }

    private static System.Text.Json.JsonSerializerOptions? _options;

    /// <summary>KubernetesClient's serializer options (captured once from KubernetesJson).</summary>
    public static System.Text.Json.JsonSerializerOptions Options
    {
        get
        {
            if (_options is null)
            {
                System.Text.Json.JsonSerializerOptions? captured = null;
                KubernetesJson.AddJsonOptions(o => captured = o);
                _options = captured ?? throw new InvalidOperationException("KubernetesJson options unavailable");
            }

            return _options;
        }
    }

    private static System.Text.Json.JsonSerializerOptions? _storageOptions;

    /// <summary>
    /// <see cref="Options"/> without the <c>resourceVersion</c> of any ObjectMeta: a stored object's own (the key's revision)
    /// and its templates' (which never have one). Other types' resource versions, such as an Event's involvedObject, stay.
    /// </summary>
    private static System.Text.Json.JsonSerializerOptions StorageOptions
    {
        get
        {
            if (_storageOptions is null)
            {
                var resolver = Options.TypeInfoResolver ?? throw new InvalidOperationException("KubernetesJson options have no type resolver");
                var storage = new System.Text.Json.JsonSerializerOptions(Options)
                {
                    TypeInfoResolver = resolver.WithAddedModifier(static info =>
                    {
                        if (info.Type == typeof(V1ObjectMeta))
                        {
                            foreach (var p in info.Properties)
                            {
                                if (p.Name == "resourceVersion")
                                {
                                    p.Get = null;
                                }
                            }
                        }
                    }),
                };
                storage.MakeReadOnly();
                _storageOptions = storage;
            }

            return _storageOptions;
        }
    }
}
