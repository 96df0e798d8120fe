using Akka.Configuration;

namespace ActorKube.ControlPlane.ApiServer;

/// <summary>Settings of the apiserver actor, from HOCON section <c>actorkube.apiserver</c>.</summary>
public sealed record ApiServerSettings
{
    /// <summary>Events kept for watches that resume from an older resourceVersion; older ones get 410 Gone.</summary>
    public int WatchCacheSize { get; init; } = 100_000;

    /// <summary>Wall-time interval of BOOKMARK events to watchers that allow them.</summary>
    public TimeSpan BookmarkInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Emulated lifetime of core/v1 Events (kube-apiserver --event-ttl, 1h).</summary>
    public TimeSpan EventTtl { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Retries of an unconditional update that lost a compare-and-swap race (GuaranteedUpdate).</summary>
    public int MaxUpdateRetries { get; init; } = 10;

    public static ApiServerSettings FromConfig(Config? section)
    {
        var d = new ApiServerSettings();
        if (section is null || section.IsEmpty)
        {
            return d;
        }

        return new ApiServerSettings
        {
            WatchCacheSize = section.GetInt("watch-cache-size", d.WatchCacheSize),
            BookmarkInterval = section.GetTimeSpan("bookmark-interval", d.BookmarkInterval),
            EventTtl = section.GetTimeSpan("event-ttl", d.EventTtl),
            MaxUpdateRetries = section.GetInt("max-update-retries", d.MaxUpdateRetries),
        };
    }
}
