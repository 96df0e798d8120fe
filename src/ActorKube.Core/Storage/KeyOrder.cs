namespace ActorKube.Core.Storage;

/// <summary>Ordinal key order of the store's index, and the half-open key interval of a prefix.</summary>
internal sealed class KeyOrder : IComparer<KeyHistory>
{
    public static readonly KeyOrder Instance = new();

    public int Compare(KeyHistory? x, KeyHistory? y) => string.CompareOrdinal(x?.Key, y?.Key);

    /// <summary>The smallest string greater than every key starting with <paramref name="prefix"/>, or null if unbounded
    /// (etcd's GetPrefixRangeEnd).</summary>
    public static string? PrefixEnd(string prefix)
    {
        for (var i = prefix.Length - 1; i >= 0; i--)
        {
            if (prefix[i] < char.MaxValue)
            {
                return string.Concat(prefix.AsSpan(0, i), new ReadOnlySpan<char>([(char)(prefix[i] + 1)]));
            }
        }

        return null;
    }
}
