namespace ActorKube.Http.Hosting;

/// <summary>Settings of the HTTP front end (flags --api-address, --api-port, --token).</summary>
public sealed record KubeApiOptions
{
    /// <summary>Address to bind; loopback by default, as DESIGN §4 asks.</summary>
    public string Address { get; init; } = "127.0.0.1";

    /// <summary>Port; 0 picks a free one (tests).</summary>
    public int Port { get; init; } = 6443;

    /// <summary>With a token, every request must carry <c>Authorization: Bearer &lt;token&gt;</c> or gets 401.</summary>
    public string? Token { get; init; }

    /// <summary>Largest request body, as kube-apiserver's 3 MiB limit.</summary>
    public long MaxRequestBytes { get; init; } = 3 * 1024 * 1024;

    /// <summary>How long a request waits for the apiserver actor.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Longest watch when the client gives no timeoutSeconds (kube-apiserver: --min-request-timeout 1800 s).</summary>
    public TimeSpan MaxWatchTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Reads the <c>actorkube.http</c> section.</summary>
    public static KubeApiOptions FromConfig(Akka.Configuration.Config http) => new()
    {
        Address = http.GetString("address", "127.0.0.1"),
        Port = http.GetInt("port", 6443),
        Token = http.GetString("token", "") is { Length: > 0 } t ? t : null,
        MaxRequestBytes = http.GetLong("max-request-bytes", 3 * 1024 * 1024),
        RequestTimeout = http.GetTimeSpan("request-timeout", TimeSpan.FromSeconds(60)),
        MaxWatchTimeout = http.GetTimeSpan("max-watch-timeout", TimeSpan.FromMinutes(30)),
    };
}
