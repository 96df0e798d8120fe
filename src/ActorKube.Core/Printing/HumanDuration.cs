namespace ActorKube.Core.Printing;

/// <summary>
/// apimachinery's <c>util/duration</c>: the AGE-style durations kubectl shows. Negative durations down to
/// -2s count as "0s" (clock skew between machines); anything further in the future is "&lt;invalid&gt;".
/// </summary>
public static class HumanDuration
{
    private const long HoursPerDay = 24;
    private const long HoursPerYear = 24 * 365;

    /// <summary>duration.HumanDuration: about two or three significant figures ("5m30s", "7h15m", "3d4h", "2y45d").</summary>
    public static string Format(TimeSpan d)
    {
        var seconds = (long)d.TotalSeconds;
        if (seconds < -1)
        {
            return "<invalid>";
        }

        if (seconds < 0)
        {
            return "0s";
        }

        if (seconds < 60 * 2)
        {
            return $"{seconds}s";
        }

        var minutes = d.Ticks / TimeSpan.TicksPerMinute;
        if (minutes < 10)
        {
            var s = d.Ticks / TimeSpan.TicksPerSecond % 60;
            return s == 0 ? $"{minutes}m" : $"{minutes}m{s}s";
        }

        if (minutes < 60 * 3)
        {
            return $"{minutes}m";
        }

        var hours = d.Ticks / TimeSpan.TicksPerHour;
        if (hours < 8)
        {
            var m = minutes % 60;
            return m == 0 ? $"{hours}h" : $"{hours}h{m}m";
        }

        if (hours < 48)
        {
            return $"{hours}h";
        }

        if (hours < HoursPerDay * 8)
        {
            var h = hours % HoursPerDay;
            return h == 0 ? $"{hours / HoursPerDay}d" : $"{hours / HoursPerDay}d{h}h";
        }

        if (hours < HoursPerYear * 2)
        {
            return $"{hours / HoursPerDay}d";
        }

        if (hours < HoursPerYear * 8)
        {
            var dy = hours / HoursPerDay % 365;
            return dy == 0 ? $"{hours / HoursPerYear}y" : $"{hours / HoursPerYear}y{dy}d";
        }

        return $"{hours / HoursPerYear}y";
    }

    /// <summary>duration.ShortHumanDuration: one unit only ("45s", "5m", "7h", "3d", "2y").</summary>
    public static string FormatShort(TimeSpan d)
    {
        var seconds = (long)d.TotalSeconds;
        if (seconds < -1)
        {
            return "<invalid>";
        }

        if (seconds < 0)
        {
            return "0s";
        }

        if (seconds < 60)
        {
            return $"{seconds}s";
        }

        var minutes = (long)d.TotalMinutes;
        if (minutes < 60)
        {
            return $"{minutes}m";
        }

        var hours = (long)d.TotalHours;
        if (hours < HoursPerDay)
        {
            return $"{hours}h";
        }

        if (hours < HoursPerYear)
        {
            return $"{hours / HoursPerDay}d";
        }

        return $"{(long)(d.TotalHours / 24 / 365)}y";
    }
}
