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
    public string ImageId => $"{Registry}/{Repository}@{Digest ?? "sha256:" + Sha256Hex($"{Registry}/{Repository}:{Tag}")}";

    /// <summary>A plausible, stable image size in bytes (for the Pulled event and node status).</summary>
    public long SizeBytes => 5_000_000 + (long)(BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes(FullName)), 0) % 120_000_000);

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
