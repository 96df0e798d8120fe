using System.Text.RegularExpressions;
using ActorKube.Core.Objects;

namespace ActorKube.Core.Discovery;

/// <summary>
/// The OpenAPI definition names of the KubernetesClient model types, as kube-apiserver publishes them:
/// V1Pod is <c>io.k8s.api.core.v1.Pod</c>, V1Deployment <c>io.k8s.api.apps.v1.Deployment</c>, V1ObjectMeta
/// <c>io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta</c>. The CLR names keep the version and type name but not
/// the Go package, so the package comes from the kinds a type belongs to: a type only the kinds of one
/// non-core group reach (V1DeploymentSpec, V1JobTemplateSpec) is in that group's package, anything the core
/// kinds reach or several groups share (V1PodTemplateSpec) is core, and apimachinery's types are listed.
/// </summary>
public static partial class OpenApiNames
{
    public const string IntOrString = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
    public const string Quantity = "io.k8s.apimachinery.pkg.api.resource.Quantity";
    public const string Patch = "io.k8s.apimachinery.pkg.apis.meta.v1.Patch";

    private static readonly HashSet<string> MetaTypes =
    [
        "ObjectMeta", "ListMeta", "LabelSelector", "LabelSelectorRequirement", "ManagedFieldsEntry", "OwnerReference",
        "Condition", "Status", "StatusDetails", "StatusCause", "DeleteOptions", "Preconditions", "WatchEvent",
        "APIResource", "APIResourceList", "APIGroup", "APIGroupList", "APIVersions", "GroupVersionForDiscovery",
        "ServerAddressByClientCIDR",
    ];

    /// <summary>Kinds of the core group that ActorKube does not serve but whose parts the served kinds share.</summary>
    private static readonly Type[] ExtraCoreRoots = [typeof(V1PodTemplate), typeof(V1ReplicationController), typeof(V1PersistentVolumeClaim), typeof(V1PersistentVolume)];

    private static readonly Lazy<Dictionary<Type, string>> Packages = new(BuildPackages);

    [GeneratedRegex("^(?:(?<group>[A-Z][a-z]+)(?<version>v[0-9]+(?:alpha[0-9]+|beta[0-9]+)?)|(?<version>V[0-9]+(?:alpha[0-9]+|beta[0-9]+)?))(?<name>[A-Z].*)$")]
    private static partial Regex ModelName();

    /// <summary>The definition name of a model type (KubernetesClient's, or ActorKube's own kinds such as V1alpha1Fault).</summary>
    public static string For(Type type)
    {
        if (type == typeof(IntOrString))
        {
            return IntOrString;
        }

        if (type == typeof(ResourceQuantity))
        {
            return Quantity;
        }

        var m = ModelName().Match(type.Name);
        if (!m.Success)
        {
            return $"io.actorkube.{type.Name}";
        }

        var version = m.Groups["version"].Value.ToLowerInvariant();
        var name = m.Groups["name"].Value;
        if (type.Assembly == typeof(OpenApiNames).Assembly)
        {
            // ActorKube's own kinds are named as kube-apiserver names CRD schemas: the group reversed
            // (chaos.actorkube.io: io.actorkube.chaos.v1alpha1.Fault); their parts live in the kind's namespace.
            var group = Resources.All.FirstOrDefault(r => r.ClrType.Namespace == type.Namespace)?.Group ?? "actorkube.io";
            return $"{string.Join('.', group.Split('.').Reverse())}.{version}.{name}";
        }

        if (MetaTypes.Contains(name))
        {
            return $"io.k8s.apimachinery.pkg.apis.meta.{version}.{name}";
        }

        var package = m.Groups["group"].Success ? m.Groups["group"].Value.ToLowerInvariant() : Packages.Value.GetValueOrDefault(type, "core");
        return $"io.k8s.api.{package}.{version}.{name}";
    }

    /// <summary>The Go package of an API group: "" is core, "networking.k8s.io" is networking.</summary>
    public static string PackageOf(string group) => group.Length == 0 ? "core" : group.Split('.')[0];

    private static Dictionary<Type, string> BuildPackages()
    {
        var reachedBy = new Dictionary<Type, HashSet<string>>();
        var roots = Resources.All.SelectMany(r => r.Subresources.Where(s => s.ClrType is not null).Select(s => (Type: s.ClrType!, Group: s.Group ?? r.Group))
                .Prepend((r.ClrType, r.Group)).Concat(r.ListClrType is { } list ? [(list, r.Group)] : []))
            .Concat(ExtraCoreRoots.Select(t => (Type: t, Group: "")));
        foreach (var (type, group) in roots)
        {
            Walk(type, PackageOf(group), reachedBy, []);
        }

        return reachedBy.ToDictionary(kv => kv.Key, kv => kv.Value.Count == 1 ? kv.Value.First() : "core");
    }

    private static void Walk(Type type, string package, Dictionary<Type, HashSet<string>> reachedBy, HashSet<Type> seen)
    {
        var t = ModelShape.Unwrap(type);
        if ((ModelShape.ListElement(t) ?? ModelShape.MapValue(t)) is { } inner)
        {
            Walk(inner, package, reachedBy, seen);
            return;
        }

        if (ModelShape.IsScalar(t) || ModelShape.IsFreeForm(t) || t.Assembly != typeof(V1Pod).Assembly || !seen.Add(t))
        {
            return;
        }

        if (!reachedBy.TryGetValue(t, out var packages))
        {
            reachedBy[t] = packages = [];
        }

        // Core wins: once a core kind reaches a type, it is core whatever else reaches it.
        if (package == "core")
        {
            packages.Clear();
        }

        if (!packages.Contains("core"))
        {
            packages.Add(package);
        }

        foreach (var p in ModelShape.Properties(t).Values)
        {
            Walk(p.PropertyType, package, reachedBy, seen);
        }
    }
}
