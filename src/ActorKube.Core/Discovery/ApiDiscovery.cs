using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using ActorKube.Core.Objects;

namespace ActorKube.Core.Discovery;

/// <summary>
/// The discovery documents of kube-apiserver for the kinds in <see cref="Resources"/>, built once.
/// The returned models are shared: serialize them, never change them.
/// </summary>
/// <remarks>
/// What the HTTP layer serves (all GET, no query parameters):
/// <list type="bullet">
/// <item><c>/api</c>: <see cref="CoreVersions"/>; <c>/apis</c>: <see cref="Groups"/>; <c>/apis/{group}</c>: <see cref="Group"/>;
/// <c>/api/v1</c> and <c>/apis/{group}/{version}</c>: <see cref="ResourceList"/>; <c>/version</c>: <see cref="Version"/>.
/// Content type <c>application/json</c>; a group or version not served is a 404 Status.</item>
/// <item>Aggregated discovery: client-go (kubectl 1.32, discovery_client.go <c>downloadLegacy</c>/<c>downloadAPIs</c>)
/// sends <c>/api</c> and <c>/apis</c> with <c>Accept: application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,
/// application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json</c> and decides by the
/// response's Content-Type alone (<c>ContentTypeIsGVK</c>): plain <c>application/json</c> is read as APIVersions /
/// APIGroupList, after which it fetches <c>/api/v1</c> and every <c>/apis/{g}/{v}</c> (one request each). When
/// <see cref="WantsAggregated"/> is true for the Accept header, answering <see cref="AggregatedCore"/> /
/// <see cref="AggregatedApis"/> with Content-Type <see cref="AggregatedContentType"/> saves those requests (kubectl
/// then needs two requests for all of discovery). Send <c>Vary: Accept</c>, and <c>ETag</c> =
/// <see cref="AggregatedETag"/> (quoted) answering a matching <c>If-None-Match</c> with 304, as the apiserver does.</item>
/// </list>
/// </remarks>
public static class ApiDiscovery
{
    /// <summary>The Content-Type of an aggregated discovery response (apidiscovery.k8s.io/v2 APIGroupDiscoveryList).</summary>
    public const string AggregatedContentType = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

    /// <summary>The Kubernetes minor version ActorKube emulates.</summary>
    public const string KubernetesMajor = "1";

    public const string KubernetesMinor = "32";

    /// <summary>
    /// The gitVersion of <c>/version</c>. kubectl parses it as semver (version skew warning: more than one minor
    /// apart from the client); the emulator's name goes in build metadata ("+actorkube", as k3s does with
    /// "+k3s1") rather than a pre-release tag, which semver ranges such as Helm's kubeVersion ">=1.19.0" reject.
    /// </summary>
    public const string GitVersion = "v1.32.0+actorkube";

    private static readonly Dictionary<string, V1APIResourceList> ResourceLists = Resources.GroupVersions
        .ToDictionary(gv => gv, BuildResourceList, StringComparer.Ordinal);

    private static readonly V1APIGroupList GroupList = new()
    {
        ApiVersion = "v1",
        Kind = "APIGroupList",
        Groups = Resources.GroupVersions.Where(gv => gv.Contains('/', StringComparison.Ordinal)).Select(gv => gv[..gv.IndexOf('/', StringComparison.Ordinal)])
            .Distinct().Select(g => BuildGroup(g, withTypeMeta: false)).ToList(),
    };

    /// <summary><c>/api</c>: the legacy core group's versions and the address clients should use.</summary>
    /// <param name="serverAddress">host:port of this apiserver, as clients reach it.</param>
    public static V1APIVersions CoreVersions(string serverAddress) => new()
    {
        Kind = "APIVersions",
        Versions = ["v1"],
        ServerAddressByClientCIDRs = [new V1ServerAddressByClientCIDR { ClientCIDR = "0.0.0.0/0", ServerAddress = serverAddress }],
    };

    /// <summary><c>/apis</c>: every named group with its versions, in the apiserver's priority order.</summary>
    public static V1APIGroupList Groups() => GroupList;

    /// <summary><c>/apis/{group}</c>, or null when the group is not served.</summary>
    public static V1APIGroup? Group(string group) =>
        GroupList.Groups.Any(g => g.Name == group) ? BuildGroup(group, withTypeMeta: true) : null;

    /// <summary><c>/api/v1</c> (groupVersion "v1") or <c>/apis/{group}/{version}</c> ("apps/v1"); null when not served.</summary>
    public static V1APIResourceList? ResourceList(string groupVersion) => ResourceLists.GetValueOrDefault(groupVersion);

    /// <summary><c>/version</c>.</summary>
    public static VersionInfo Version { get; } = new()
    {
        Major = KubernetesMajor,
        Minor = KubernetesMinor,
        GitVersion = GitVersion,
        GitCommit = "0000000000000000000000000000000000000000",
        GitTreeState = "clean",
        BuildDate = "2025-01-01T00:00:00Z",
        GoVersion = $"dotnet{Environment.Version}",
        Compiler = "dotnet",
        Platform = $"linux/{RuntimeInformation.OSArchitecture switch { Architecture.X64 => "amd64", Architecture.Arm64 => "arm64", var a => a.ToString().ToLowerInvariant() }}",
    };

    private static V1APIGroup BuildGroup(string group, bool withTypeMeta)
    {
        var versions = Resources.GroupVersions.Where(gv => gv.StartsWith(group + "/", StringComparison.Ordinal))
            .Select(gv => new V1GroupVersionForDiscovery { GroupVersion = gv, Version = gv[(group.Length + 1)..] }).ToList();
        return new V1APIGroup
        {
            ApiVersion = withTypeMeta ? "v1" : null,
            Kind = withTypeMeta ? "APIGroup" : null,
            Name = group,
            Versions = versions,
            PreferredVersion = versions[0],
        };
    }

    private static V1APIResourceList BuildResourceList(string groupVersion)
    {
        var list = new List<V1APIResource>();
        foreach (var r in Resources.InGroupVersion(groupVersion).OrderBy(r => r.Plural, StringComparer.Ordinal))
        {
            list.Add(new V1APIResource
            {
                Name = r.Plural,
                SingularName = r.SingularName,
                Namespaced = r.Namespaced,
                Kind = r.Kind,
                Verbs = r.Verbs.ToList(),
                ShortNames = r.ShortNames.Count == 0 ? null : r.ShortNames.ToList(),
                Categories = r.Categories.Count == 0 ? null : r.Categories.ToList(),
                StorageVersionHash = r.StorageVersionHash,
            });
            foreach (var s in r.Subresources)
            {
                list.Add(new V1APIResource
                {
                    Name = $"{r.Plural}/{s.Name}",
                    SingularName = "",
                    Namespaced = r.Namespaced,
                    Group = s.Group,
                    Version = s.Version,
                    Kind = s.Kind,
                    Verbs = s.Verbs.ToList(),
                });
            }
        }

        return new V1APIResourceList { ApiVersion = "v1", Kind = "APIResourceList", GroupVersion = groupVersion, Resources = list };
    }

    // ---- aggregated discovery (apidiscovery.k8s.io/v2) ----

    /// <summary>
    /// True when an Accept header asks for aggregated discovery v2 (a media range <c>application/json</c> with
    /// <c>g=apidiscovery.k8s.io</c>, <c>v=v2</c>, <c>as=APIGroupDiscoveryList</c>, parameters in any order).
    /// </summary>
    public static bool WantsAggregated(string? accept)
    {
        if (string.IsNullOrEmpty(accept))
        {
            return false;
        }

        foreach (var range in accept.Split(','))
        {
            var parts = range.Split(';', StringSplitOptions.TrimEntries);
            if (!parts[0].Equals("application/json", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            string? g = null, v = null, a = null, q = null;
            foreach (var p in parts.Skip(1))
            {
                var eq = p.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                {
                    continue;
                }

                var value = p[(eq + 1)..].Trim('"');
                switch (p[..eq].Trim().ToLowerInvariant())
                {
                    case "g": g = value; break;
                    case "v": v = value; break;
                    case "as": a = value; break;
                    case "q": q = value; break;
                }
            }

            if (g == "apidiscovery.k8s.io" && v == "v2" && a == "APIGroupDiscoveryList" && q is not ("0" or "0.0" or "0.00" or "0.000"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>/api</c> as an aggregated APIGroupDiscoveryList (the core group, unnamed), UTF-8 JSON.</summary>
    public static byte[] AggregatedCore { get; } = BuildAggregated(core: true);

    /// <summary><c>/apis</c> as an aggregated APIGroupDiscoveryList, UTF-8 JSON.</summary>
    public static byte[] AggregatedApis { get; } = BuildAggregated(core: false);

    /// <summary>A strong ETag value (unquoted) for an aggregated document: hex SHA-256 of its bytes.</summary>
    public static string AggregatedETag(bool core) => core ? CoreETag : ApisETag;

    private static readonly string CoreETag = Convert.ToHexString(SHA256.HashData(AggregatedCore));
    private static readonly string ApisETag = Convert.ToHexString(SHA256.HashData(AggregatedApis));

    private static byte[] BuildAggregated(bool core)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("kind", "APIGroupDiscoveryList");
            w.WriteString("apiVersion", "apidiscovery.k8s.io/v2");
            w.WriteStartObject("metadata");
            w.WriteEndObject();
            w.WriteStartArray("items");
            var groups = core ? [""] : GroupList.Groups.Select(g => g.Name);
            foreach (var group in groups)
            {
                w.WriteStartObject();
                w.WriteStartObject("metadata");
                if (group.Length > 0)
                {
                    w.WriteString("name", group);
                }

                w.WriteNull("creationTimestamp");
                w.WriteEndObject();
                w.WriteStartArray("versions");
                foreach (var gv in Resources.GroupVersions.Where(gv => core ? gv == "v1" : gv.StartsWith(group + "/", StringComparison.Ordinal)))
                {
                    WriteVersion(w, gv);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteVersion(Utf8JsonWriter w, string groupVersion)
    {
        w.WriteStartObject();
        w.WriteString("version", groupVersion[(groupVersion.IndexOf('/', StringComparison.Ordinal) + 1)..]);
        w.WriteStartArray("resources");
        foreach (var r in Resources.InGroupVersion(groupVersion).OrderBy(r => r.Plural, StringComparer.Ordinal))
        {
            w.WriteStartObject();
            w.WriteString("resource", r.Plural);
            WriteKind(w, r.Group, r.Version, r.Kind);
            w.WriteString("scope", r.Namespaced ? "Namespaced" : "Cluster");
            w.WriteString("singularResource", r.SingularName);
            WriteStrings(w, "verbs", r.Verbs);
            if (r.ShortNames.Count > 0)
            {
                WriteStrings(w, "shortNames", r.ShortNames);
            }

            if (r.Categories.Count > 0)
            {
                WriteStrings(w, "categories", r.Categories);
            }

            if (r.Subresources.Count > 0)
            {
                w.WriteStartArray("subresources");
                foreach (var s in r.Subresources)
                {
                    w.WriteStartObject();
                    w.WriteString("subresource", s.Name);
                    WriteKind(w, s.Group ?? r.Group, s.Version ?? r.Version, s.Kind);
                    WriteStrings(w, "verbs", s.Verbs);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteString("freshness", "Current");
        w.WriteEndObject();
    }

    private static void WriteKind(Utf8JsonWriter w, string group, string version, string kind)
    {
        w.WriteStartObject("responseKind");
        w.WriteString("group", group);
        w.WriteString("version", version);
        w.WriteString("kind", kind);
        w.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteStringValue(v);
        }

        w.WriteEndArray();
    }
}
