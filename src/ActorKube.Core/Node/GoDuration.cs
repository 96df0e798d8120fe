using System.Globalization;

namespace ActorKube.Core.Node;

/// <summary>Go's time.ParseDuration syntax ("30s", "1m30s", "500ms", "2h"), plus a bare number meaning seconds.</summary>
public static class GoDuration
{
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = text.Trim();
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var bare))
        {
            if (bare < 0 || double.IsNaN(bare) || double.IsInfinity(bare))
            {
                return false;
            }

            value = TimeSpan.FromSeconds(bare);
            return true;
        }

        var total = 0.0;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }

            if (start == i || !double.TryParse(s[start..i], NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            var unitStart = i;
            while (i < s.Length && char.IsAsciiLetter(s[i]))
            {
                i++;
            }

            double? ms = s[unitStart..i] switch
            {
                "ns" => number / 1_000_000,
                "us" or "µs" => number / 1000,
                "ms" => number,
                "s" => number * 1000,
                "m" => number * 60_000,
                "h" => number * 3_600_000,
                "d" => number * 86_400_000,
                _ => null,
            };
            if (ms is null)
            {
                return false;
            }

            total += ms.Value;
        }

        value = TimeSpan.FromMilliseconds(total);
        return true;
    }

    /// <summary>Go's Duration.String() for whole and fractional seconds: "10s", "1m20s", "2.5s", "300ms".</summary>
    public static string Format(TimeSpan d)
    {
        if (d == TimeSpan.Zero)
        {
            return "0s";
        }

        if (d < TimeSpan.FromSeconds(1))
        {
            return $"{d.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture)}ms";
        }

        var text = "";
        if (d.TotalHours >= 1)
        {
            text += $"{(int)d.TotalHours}h";
        }

        if (d.TotalMinutes >= 1)
        {
            text += $"{d.Minutes}m";
        }

        var seconds = d.Seconds + (d.Milliseconds / 1000.0);
        return text + $"{seconds.ToString("0.###", CultureInfo.InvariantCulture)}s";
    }
}
