using System.Globalization;

namespace ActorKube.Core.Printing;

/// <summary>The small formatting helpers printers.go and apimachinery share (ages, labels, selectors, containers).</summary>
public static class PrintFormat
{
    public const string None = "<none>";
    public const string Unknown = "<unknown>";
    public const string Unset = "<unset>";

    /// <summary>translateTimestampSince: how long ago <paramref name="timestamp"/> was, "&lt;unknown&gt;" when unset.</summary>
    public static string Since(DateTime? timestamp, DateTime now) =>
        IsZero(timestamp) ? Unknown : HumanDuration.Format(Utc(now) - Utc(timestamp!.Value));

    /// <summary>metav1.Time.IsZero: unset, or Go's zero time.</summary>
    public static bool IsZero(DateTime? timestamp) => timestamp is null || timestamp.Value == DateTime.MinValue;

    /// <summary>Timestamps read from JSON are UTC; an unspecified kind is taken as UTC too.</summary>
    public static DateTime Utc(DateTime t) => t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : DateTime.SpecifyKind(t, DateTimeKind.Utc);

    /// <summary>labels.FormatLabels: "k=v" pairs sorted and joined by commas, "&lt;none&gt;" when empty.</summary>
    public static string Labels(IDictionary<string, string>? labels)
    {
        if (labels is null || labels.Count == 0)
        {
            return None;
        }

        var pairs = labels.Select(kv => kv.Key + "=" + kv.Value).ToList();
        pairs.Sort(StringComparer.Ordinal);
        return string.Join(",", pairs);
    }

    /// <summary>metav1.FormatLabelSelector: the selector in kubectl syntax, "&lt;none&gt;" when it has no requirement.</summary>
    public static string LabelSelector(V1LabelSelector? selector)
    {
        var s = Selectors.LabelSelector.TryFromV1(selector, out _);
        if (s is null)
        {
            return "<error>";
        }

        var text = s.ToString();
        return text.Length == 0 ? None : text;
    }

    /// <summary>metav1.LabelSelectorAsSelector(...).String(): empty for a null or empty selector.</summary>
    public static string SelectorString(V1LabelSelector? selector) =>
        Selectors.LabelSelector.TryFromV1(selector, out _)?.ToString() ?? "<invalid>";

    /// <summary>layoutContainerCells: container names and images, each joined by commas.</summary>
    public static (string Names, string Images) Containers(IEnumerable<V1Container>? containers)
    {
        var list = containers?.ToList() ?? [];
        return (string.Join(",", list.Select(c => c.Name)), string.Join(",", list.Select(c => c.Image)));
    }

    /// <summary>printBoolPtr: "True", "False" or "&lt;unset&gt;".</summary>
    public static string BoolPtr(bool? value) => value is null ? Unset : value.Value ? "True" : "False";

    public static string OrNone(string? value) => string.IsNullOrEmpty(value) ? None : value;

    /// <summary>"a, b + 2 more..." lists of printers.go: at most <paramref name="max"/> items, then a count of the rest.</summary>
    public static string ListWithMore(IReadOnlyList<string> list, bool more, int count, int max, string empty = Unset)
    {
        var ret = string.Join(",", list);
        if (more)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{ret} + {count - max} more...");
        }

        return ret.Length == 0 ? empty : ret;
    }

    /// <summary>net.JoinHostPort: IPv6 hosts get brackets.</summary>
    public static string JoinHostPort(string host, int port) =>
        host.Contains(':', StringComparison.Ordinal)
            ? string.Create(CultureInfo.InvariantCulture, $"[{host}]:{port}")
            : string.Create(CultureInfo.InvariantCulture, $"{host}:{port}");
}
