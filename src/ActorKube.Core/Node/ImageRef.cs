using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace ActorKube.Core.Node;

/// <summary>An image reference normalized as containerd reports it ("nginx" -> "docker.io/library/nginx:latest").</summary>
public sealed record ImageRef(string Original, string Registry, string Repository, string Tag, string? Digest)
{
    /// <summary>Last path segment of the repository: "nginx", "pause", "redis".</summary>
    public string BaseName => Repository[(Repository.LastIndexOf('/') + 1)..];

    /// <summary>"docker.io/library/nginx:latest", the Image of a container status.</summary>
    public string FullName => Digest is null ? $"{Registry}/{Repository}:{Tag}" : $"{Registry}/{Repository}@{Digest}";

    /// <summary>"docker.io/library/nginx@sha256:...", the ImageID of a container status; stable per image name.</summary>
    public string ImageId => Derived(FullName).ImageId;

    /// <summary>A plausible, stable image size in bytes (for the Pulled event and node status).</summary>
    public long SizeBytes => Derived(FullName).SizeBytes;

    // Every container of every pod reads both (a SHA-256 each) and clusters use few images: remembered per name,
    // up to a bound so that a stream of distinct names does not grow the table without end.
    private const int MaxRemembered = 4096;
    private static readonly ConcurrentDictionary<string, (string ImageId, long SizeBytes)> Remembered = new(StringComparer.Ordinal);

    private (string ImageId, long SizeBytes) Derived(string fullName)
    {
        if (Remembered.TryGetValue(fullName, out var known))
        {
            return known;
        }

        // Both follow from the full name alone: without a digest it is registry/repository:tag, with one registry/repository@digest.
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(fullName));
        var derived = (
            Digest is null ? $"{Registry}/{Repository}@sha256:{Convert.ToHexStringLower(hash)}" : $"{Registry}/{Repository}@{Digest}",
            5_000_000 + (long)(BitConverter.ToUInt32(hash, 0) % 120_000_000));
        if (Remembered.Count < MaxRemembered)
        {
            Remembered.TryAdd(fullName, derived);
        }

        return derived;
    }

    public static ImageRef Parse(string image)
    {
        var rest = image.Trim();
        string? digest = null;
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = rest[(at + 1)..];
            rest = rest[..at];
        }

        var tag = "latest";
        var lastSlash = rest.LastIndexOf('/');
        var colon = rest.LastIndexOf(':');
        if (colon > lastSlash)
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
        }

        var registry = "docker.io";
        var firstSlash = rest.IndexOf('/', StringComparison.Ordinal);
        if (firstSlash > 0)
        {
            var first = rest[..firstSlash];
            if (first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost")
            {
                registry = first;
                rest = rest[(firstSlash + 1)..];
            }
        }

        if (registry == "docker.io" && !rest.Contains('/', StringComparison.Ordinal))
        {
            rest = "library/" + rest;
        }

        return new ImageRef(image, registry, rest, tag, digest);
    }

    public static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
