namespace ActorKube.Core.Objects;

/// <summary>
/// The parts of an object key, for looking one up without building its string: <c>Prefix + Namespace + "/" + Name</c>,
/// or <c>Prefix + Name</c> when <see cref="Namespace"/> is null. Informer keys have an empty prefix
/// ("default/web-1"), etcd keys the resource's ("/registry/pods/default/web-1").
/// </summary>
public readonly record struct ObjectKeyParts(string Prefix, string? Namespace, string Name)
{
    /// <summary>The parts of a client-go key ("ns/name", or "name" for a cluster-scoped object).</summary>
    public static ObjectKeyParts Of(string? ns, string name) => new("", string.IsNullOrEmpty(ns) ? null : ns, name);

    public int Length => Prefix.Length + (Namespace is null ? 0 : Namespace.Length + 1) + Name.Length;

    public override string ToString() => Namespace is null ? Prefix + Name : string.Concat(Prefix, Namespace, "/", Name);
}

/// <summary>
/// Ordinal equality of object keys that also looks keys up by their <see cref="ObjectKeyParts"/> (a dictionary's
/// alternate lookup): the informers and the watch cache find an object for every event and every request, and
/// building "ns/name" strings for that was a good part of what they allocated. The hash is the name's (the part
/// after the last '/'), so a key and its parts hash alike; names contain no '/'.
/// </summary>
public sealed class ObjectKeyComparer : IEqualityComparer<string>, IAlternateEqualityComparer<ObjectKeyParts, string>
{
    public static readonly ObjectKeyComparer Instance = new();

    private ObjectKeyComparer()
    {
    }

    public bool Equals(string? x, string? y) => string.Equals(x, y, StringComparison.Ordinal);

    public int GetHashCode(string key) => string.GetHashCode(key.AsSpan(key.LastIndexOf('/') + 1), StringComparison.Ordinal);

    public int GetHashCode(ObjectKeyParts parts) => string.GetHashCode(parts.Name.AsSpan(), StringComparison.Ordinal);

    public bool Equals(ObjectKeyParts parts, string other)
    {
        if (other.Length != parts.Length)
        {
            return false;
        }

        var rest = other.AsSpan();
        if (!rest.StartsWith(parts.Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        rest = rest[parts.Prefix.Length..];
        if (parts.Namespace is { } ns)
        {
            if (!rest.StartsWith(ns, StringComparison.Ordinal) || rest[ns.Length] != '/')
            {
                return false;
            }

            rest = rest[(ns.Length + 1)..];
        }

        return rest.SequenceEqual(parts.Name);
    }

    public string Create(ObjectKeyParts parts) => parts.ToString();
}
