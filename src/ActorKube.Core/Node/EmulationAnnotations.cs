namespace ActorKube.Core.Node;

/// <summary>
/// Pod annotations that override what emulated containers do (docs/container-emulation.md).
/// "actorkube.io/&lt;key&gt;" applies to every container of the pod; "actorkube.io/&lt;key&gt;.&lt;container&gt;"
/// to one container and wins over the pod-wide one.
/// </summary>
public static class EmulationAnnotations
{
    public const string Prefix = "actorkube.io/";

    /// <summary>The container exits after this duration (a server exits 0 unless exit-code says otherwise).</summary>
    public const string RunDuration = "actorkube.io/run-duration";

    /// <summary>Exit code when the container exits (a server with no run-duration exits at once with it).</summary>
    public const string ExitCode = "actorkube.io/exit-code";

    /// <summary>The container becomes ready this long after it started.</summary>
    public const string ReadyAfter = "actorkube.io/ready-after";

    /// <summary>"true": the container never becomes ready.</summary>
    public const string NeverReady = "actorkube.io/never-ready";

    /// <summary>The container exits 1 this long after it started (crash loops).</summary>
    public const string CrashAfter = "actorkube.io/crash-after";

    /// <summary>How long pulling the image takes when it is not on the node yet.</summary>
    public const string ImagePullDuration = "actorkube.io/image-pull-duration";

    /// <summary>The image pull fails with this message ("true" or "ErrImagePull" for a default "not found").</summary>
    public const string ImagePullError = "actorkube.io/image-pull-error";

    /// <summary>How long creating and starting the container takes.</summary>
    public const string StartDuration = "actorkube.io/start-duration";

    /// <summary>How long the container takes to stop after SIGTERM (capped by the grace period).</summary>
    public const string StopDuration = "actorkube.io/stop-duration";

    /// <summary>"true": the container ignores SIGTERM and is killed (137) when the grace period ends.</summary>
    public const string IgnoreSigterm = "actorkube.io/ignore-sigterm";

    public static string? Get(IDictionary<string, string>? annotations, string key, string container)
    {
        if (annotations is null || annotations.Count == 0)
        {
            return null;
        }

        // Pods carry a few annotations (the trace id at least) and the kubelet asks for a dozen settings per container:
        // look for the setting's prefix among the keys first instead of building "<key>.<container>" for each.
        if (annotations is Dictionary<string, string> d && !AnyStartsWith(d, key))
        {
            return null;
        }

        return annotations.TryGetValue($"{key}.{container}", out var own) ? own : (annotations.TryGetValue(key, out var all) ? all : null);
    }

    private static bool AnyStartsWith(Dictionary<string, string> annotations, string prefix)
    {
        foreach (var k in annotations.Keys)
        {
            if (k.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    public static TimeSpan? GetDuration(IDictionary<string, string>? annotations, string key, string container) =>
        GoDuration.TryParse(Get(annotations, key, container), out var d) ? d : null;

    public static bool GetBool(IDictionary<string, string>? annotations, string key, string container) =>
        Get(annotations, key, container) is { } v && (v.Equals("true", StringComparison.OrdinalIgnoreCase) || v == "1" || v.Equals("yes", StringComparison.OrdinalIgnoreCase));
}
