using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ActorKube.Core.Objects;

namespace ActorKube.Core.Controllers.Deployment;

/// <summary>
/// controller.ComputeHash and deploymentutil.EqualIgnoreHash. Kubernetes hashes the template with
/// fnv32a over a spew dump of the Go struct, plus the collision count, and renders the number with
/// rand.SafeEncodeString. ActorKube does the same over a canonical JSON of the template (object keys
/// sorted, so map order does not matter): stable and deterministic, but not the same digits as a real cluster.
/// The canonical JSON of a template is remembered per template object: templates are read from informer
/// caches, whose objects are never changed in place (a changed Deployment or ReplicaSet is a new object).
/// </summary>
public static class PodTemplateHash
{
    // rand.SafeEncodeString's alphabet: no vowels (no words) and no confusable characters.
    private const string Alphanums = "bcdfghjklmnpqrstvwxz2456789";

    // The deployment controller compares its template with every ReplicaSet's on each sync, and syncs on every
    // ReplicaSet status change: serializing both each time was most of its CPU.
    private static readonly ConditionalWeakTable<V1PodTemplateSpec, string> WithoutHashJson = new();

    private static int _warmed;

    /// <summary>
    /// Hashes a typical template once per process, for a caller to run off its own thread at start: the first
    /// hash otherwise loads and compiles the serializer of the template's object graph (about 0.3 s of CPU on a
    /// 2-core machine, all of it between a new Deployment and its ReplicaSet, so before its first pod). Later
    /// calls return at once.
    /// </summary>
    public static void Warm()
    {
        if (Interlocked.Exchange(ref _warmed, 1) == 1)
        {
            return;
        }

        var template = new V1PodTemplateSpec
        {
            Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "warm", [WellKnown.PodTemplateHashLabel] = "x" }, Annotations = new Dictionary<string, string> { ["a"] = "b" } },
            Spec = new V1PodSpec
            {
                Containers =
                [
                    new V1Container
                    {
                        Name = "c",
                        Image = "nginx",
                        Command = ["sh"],
                        Args = ["-c", "true"],
                        Ports = [new V1ContainerPort { ContainerPort = 80, Protocol = "TCP" }],
                        Env = [new V1EnvVar { Name = "K", Value = "v" }],
                        Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("100m") }, Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("64Mi") } },
                        ReadinessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Path = "/", Port = 80 }, PeriodSeconds = 1 },
                        VolumeMounts = [new V1VolumeMount { Name = "v", MountPath = "/v" }],
                    },
                ],
                Volumes = [new V1Volume { Name = "v", EmptyDir = new V1EmptyDirVolumeSource() }],
                Tolerations = [new V1Toleration { Key = "k", OperatorProperty = "Exists", Effect = "NoSchedule" }],
                NodeSelector = new Dictionary<string, string> { ["zone"] = "a" },
                TerminationGracePeriodSeconds = 30,
            },
        };
        Compute(template, 1);
        EqualIgnoreHash(template, template with { });
    }

    public static string Compute(V1PodTemplateSpec template, int? collisionCount)
    {
        var bytes = Encoding.UTF8.GetBytes(CanonicalJson(template));
        var hash = Fnv32a(bytes, 2166136261u);
        if (collisionCount is { } c)
        {
            // Kubernetes writes the little-endian bytes of the uint32 collision count into the hasher.
            var cb = BitConverter.GetBytes((uint)c);
            if (!BitConverter.IsLittleEndian)
            {
                Array.Reverse(cb);
            }

            hash = Fnv32a(cb, hash);
        }

        return SafeEncodeString(hash.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Templates equal except for the pod-template-hash label.</summary>
    public static bool EqualIgnoreHash(V1PodTemplateSpec? a, V1PodTemplateSpec? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        return ReferenceEquals(a, b) || CanonicalWithoutHash(a) == CanonicalWithoutHash(b);
    }

    private static string CanonicalWithoutHash(V1PodTemplateSpec t) =>
        WithoutHashJson.GetValue(t, static t => CanonicalJson(WithoutHash(t)));

    public static string SafeEncodeString(string s)
    {
        var r = new char[s.Length];
        for (var i = 0; i < s.Length; i++)
        {
            r[i] = Alphanums[s[i] % Alphanums.Length];
        }

        return new string(r);
    }

    private static V1PodTemplateSpec WithoutHash(V1PodTemplateSpec t)
    {
        if (t.Metadata?.Labels is not { } labels || !labels.ContainsKey(WellKnown.PodTemplateHashLabel))
        {
            return t;
        }

        var l = new Dictionary<string, string>(labels);
        l.Remove(WellKnown.PodTemplateHashLabel);
        return t with { Metadata = t.Metadata with { Labels = l.Count == 0 ? null : l } };
    }

    private static string CanonicalJson(object obj)
    {
        var node = JsonNode.Parse(KubeSerializer.ToJson(obj));
        if (node is null)
        {
            return "null";
        }

        // Written straight from the parsed tree with sorted keys: no sorted copy of the tree (the deployment
        // controller hashes its template on every sync).
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteCanonical(writer, node);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteCanonical(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject o:
                var props = new List<KeyValuePair<string, JsonNode?>>(o.Count);
                foreach (var p in o)
                {
                    // An empty map and a missing one are the same template.
                    if (p.Value is null || p.Value is JsonObject { Count: 0 })
                    {
                        continue;
                    }

                    props.Add(p);
                }

                props.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
                writer.WriteStartObject();
                foreach (var (k, v) in props)
                {
                    writer.WritePropertyName(k);
                    WriteCanonical(writer, v);
                }

                writer.WriteEndObject();
                break;
            case JsonArray a:
                writer.WriteStartArray();
                foreach (var item in a)
                {
                    WriteCanonical(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }

    private static uint Fnv32a(byte[] data, uint hash)
    {
        foreach (var b in data)
        {
            hash ^= b;
            hash *= 16777619u;
        }

        return hash;
    }
}
