using k8s;
using k8s.Models;

namespace ActorKube.Core.Objects;

/// <summary>Small helpers over object metadata that every component needs.</summary>
public static class ObjectExtensions
{
    /// <summary>"namespace/name" (or "name" for cluster-scoped objects): the work-queue key of client-go.</summary>
    public static string KeyOf(this IMetadata<V1ObjectMeta> obj) =>
        string.IsNullOrEmpty(obj.Metadata?.NamespaceProperty) ? obj.Metadata?.Name ?? "" : $"{obj.Metadata.NamespaceProperty}/{obj.Metadata.Name}";

    public static string KeyOf(string? ns, string name) => string.IsNullOrEmpty(ns) ? name : $"{ns}/{name}";

    public static (string? Namespace, string Name) SplitKey(string key)
    {
        var i = key.IndexOf('/', StringComparison.Ordinal);
        return i < 0 ? (null, key) : (key[..i], key[(i + 1)..]);
    }

    public static long ResourceVersionNumber(this IMetadata<V1ObjectMeta> obj) =>
        long.TryParse(obj.Metadata?.ResourceVersion, out var rv) ? rv : 0;

    public static string? TraceId(this IMetadata<V1ObjectMeta> obj) =>
        obj.Metadata?.Annotations is { } a && a.TryGetValue(WellKnown.TraceIdAnnotation, out var t) ? t : null;

    /// <summary>"Pod default/web-1" for logs and flow events.</summary>
    public static string Describe(this IKubernetesObject<V1ObjectMeta> obj) =>
        $"{obj.Kind ?? obj.GetType().Name}/{obj.KeyOf()}";

    public static bool IsTerminating(this IMetadata<V1ObjectMeta> obj) => obj.Metadata?.DeletionTimestamp is not null;

    /// <summary>The controller owner reference (controller: true), if any.</summary>
    public static V1OwnerReference? ControllerRef(this IMetadata<V1ObjectMeta> obj)
    {
        // A loop, not FirstOrDefault: controllers call this for every pod of every sync.
        if (obj.Metadata?.OwnerReferences is not { } refs)
        {
            return null;
        }

        for (var i = 0; i < refs.Count; i++)
        {
            if (refs[i].Controller == true)
            {
                return refs[i];
            }
        }

        return null;
    }

    public static V1OwnerReference OwnerReferenceTo(IKubernetesObject<V1ObjectMeta> owner, bool controller = true) => new()
    {
        ApiVersion = owner.ApiVersion ?? Resources.ForObject(owner).ApiVersion,
        Kind = owner.Kind ?? Resources.ForObject(owner).Kind,
        Name = owner.Metadata.Name,
        Uid = owner.Metadata.Uid,
        Controller = controller,
        BlockOwnerDeletion = true,
    };

    /// <summary>Sets apiVersion and kind from the CLR type when a caller left them empty.</summary>
    public static T WithTypeMeta<T>(this T obj) where T : IKubernetesObject
    {
        if (string.IsNullOrEmpty(obj.Kind) || string.IsNullOrEmpty(obj.ApiVersion))
        {
            var r = Resources.ForType(obj.GetType());
            obj.Kind = r.Kind;
            obj.ApiVersion = r.ApiVersion;
        }

        return obj;
    }
}
