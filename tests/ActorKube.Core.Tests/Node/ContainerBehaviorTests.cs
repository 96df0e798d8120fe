using ActorKube.Core.Node;

namespace ActorKube.Core.Tests.Node;

public class ContainerBehaviorTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 6, 1, 2, 3, TimeSpan.Zero);

    private static ContainerBehavior Resolve(string image, string? command = null, string? args = null, string annotations = "", string restartPolicy = "Always")
    {
        var container = new V1Container
        {
            Name = "c",
            Image = image,
            Command = command?.Split(' ', 3),
            Args = args?.Split(' ', 3),
        };
        var ann = annotations.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(kv => kv.Split('=')).ToDictionary(kv => "actorkube.io/" + kv[0], kv => kv[1]);
        return ContainerBehavior.Resolve(container, ann, restartPolicy, "pod-1");
    }

    // image | command ("sh -c <script>" split in 3) | args | annotations (k=v,...) | restartPolicy | kind | exit code (null: forever) | exit at (s)
    public static TheoryData<string, string?, string?, string, string, ContainerKind, int?, double> Cases => new()
    {
        { "nginx", null, null, "", "Always", ContainerKind.Server, null, 0 },
        { "nginx:1.27", null, "-g daemon off;", "", "Always", ContainerKind.Server, null, 0 },
        { "registry.k8s.io/pause:3.10", null, null, "", "Always", ContainerKind.Server, null, 0 },
        { "redis", null, null, "", "Always", ContainerKind.Server, null, 0 },
        { "myorg/app:v2", null, null, "", "Always", ContainerKind.Server, null, 0 },
        { "busybox", null, null, "", "Always", ContainerKind.ExitsAtOnce, 0, 0 },
        { "alpine:3.20", null, null, "", "Never", ContainerKind.ExitsAtOnce, 0, 0 },
        { "busybox", "sh -c echo hello; exit 0", null, "", "Never", ContainerKind.Script, 0, 0 },
        { "busybox", "/bin/sh -c sleep 3; exit 4", null, "", "Never", ContainerKind.Script, 4, 3 },
        { "ubuntu", "bash -c exit 7", null, "", "Never", ContainerKind.Script, 7, 0 },
        { "busybox", null, "sh -c exit 5", "", "Never", ContainerKind.Script, 5, 0 },
        { "busybox", "sleep 3600", null, "", "Always", ContainerKind.Command, 0, 3600 },
        { "busybox", "sh", null, "", "Always", ContainerKind.Script, 0, 0 },
        { "perl", "perl -Mbignum=bpi -wle", "print bpi(2000)", "", "Never", ContainerKind.Batch, 0, 1 },
        { "myorg/app", "/app/server", null, "", "Always", ContainerKind.Server, null, 0 },
        // annotations
        { "nginx", null, null, "run-duration=30s", "Always", ContainerKind.Server, 0, 30 },
        { "nginx", null, null, "run-duration=30s,exit-code=2", "Always", ContainerKind.Server, 2, 30 },
        { "nginx", null, null, "exit-code=1", "Always", ContainerKind.Server, 1, 0 },
        { "nginx", null, null, "crash-after=1m", "Always", ContainerKind.Server, 1, 60 },
        { "busybox", "sh -c sleep 100; exit 0", null, "crash-after=10s", "Always", ContainerKind.Script, 1, 10 },
        { "busybox", "sh -c exit 0", null, "crash-after=10s", "Always", ContainerKind.Script, 0, 0 },
        { "busybox", "sh -c exit 0", null, "exit-code=9", "Never", ContainerKind.Script, 9, 0 },
        { "nginx", null, null, "run-duration.other=5s", "Always", ContainerKind.Server, null, 0 },
        { "nginx", null, null, "run-duration=50s,run-duration.c=5s", "Always", ContainerKind.Server, 0, 5 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Behaviour_comes_from_image_command_and_annotations(string image, string? command, string? args, string annotations, string restartPolicy, ContainerKind kind, int? exitCode, double exitAt)
    {
        var b = Resolve(image, command, args, annotations, restartPolicy);
        var plan = b.Plan(Start);

        Assert.Equal(kind, b.Kind);
        Assert.Equal(exitCode, plan.Exit?.ExitCode);
        if (exitCode is not null)
        {
            Assert.Equal(TimeSpan.FromSeconds(exitAt), plan.Exit!.At);
        }
    }

    [Fact]
    public void Timing_annotations_and_defaults()
    {
        var d = Resolve("nginx");
        Assert.Null(d.PullDuration);
        Assert.Null(d.PullError);
        Assert.Equal(TimeSpan.FromMilliseconds(100), d.StartDuration);
        Assert.Null(d.ReadyAfter);
        Assert.False(d.NeverReady);
        Assert.Equal(0, d.StopExitCode);
        Assert.Equal(TimeSpan.FromMilliseconds(100), d.StopAfter(TimeSpan.FromSeconds(30)));

        var b = Resolve("nginx", annotations: "image-pull-duration=5s,start-duration=1s,ready-after=15s,never-ready=true,image-pull-error=ErrImagePull,ignore-sigterm=true");
        Assert.Equal(TimeSpan.FromSeconds(5), b.PullDuration);
        Assert.Equal(TimeSpan.FromSeconds(1), b.StartDuration);
        Assert.Equal(TimeSpan.FromSeconds(15), b.ReadyAfter);
        Assert.True(b.NeverReady);
        Assert.Contains("not found", b.PullErrorMessage, StringComparison.Ordinal);
        Assert.Equal(137, b.StopExitCode);
        Assert.Equal(TimeSpan.FromSeconds(30), b.StopAfter(TimeSpan.FromSeconds(30)));

        Assert.Equal("manifest unknown", Resolve("nginx", annotations: "image-pull-error=manifest unknown").PullErrorMessage);
        Assert.Equal(143, Resolve("busybox", "sleep 100").StopExitCode);
    }

    [Fact]
    public void Readiness_probe_makes_the_container_ready_after_its_initial_delay()
    {
        var c = new V1Container { Name = "c", Image = "nginx", ReadinessProbe = new V1Probe { InitialDelaySeconds = 5 } };
        Assert.Equal(TimeSpan.FromSeconds(5), ContainerBehavior.Resolve(c, null).ReadyAfter);
    }

    [Fact]
    public void Nginx_prints_its_startup_lines()
    {
        var lines = Resolve("nginx").Plan(Start).LinesUntil(TimeSpan.FromSeconds(1), 100);
        Assert.Contains("/docker-entrypoint.sh: Configuration complete; ready for start up", lines);
    }

    // image | registry/repository:tag | base name
    [Theory]
    [InlineData("nginx", "docker.io/library/nginx:latest", "nginx")]
    [InlineData("nginx:1.27", "docker.io/library/nginx:1.27", "nginx")]
    [InlineData("bitnami/redis:7", "docker.io/bitnami/redis:7", "redis")]
    [InlineData("registry.k8s.io/pause:3.10", "registry.k8s.io/pause:3.10", "pause")]
    [InlineData("localhost:5000/app", "localhost:5000/app:latest", "app")]
    public void Image_names_are_normalized(string image, string full, string baseName)
    {
        var r = ImageRef.Parse(image);
        Assert.Equal(full, r.FullName);
        Assert.Equal(baseName, r.BaseName);
        Assert.StartsWith(r.FullName[..r.FullName.LastIndexOf(':')] + "@sha256:", r.ImageId, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("30s", 30_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("500ms", 500)]
    [InlineData("2h", 7_200_000)]
    [InlineData("1.5", 1_500)]
    [InlineData("1.5s", 1_500)]
    public void Durations_parse_like_go(string text, double ms)
    {
        Assert.True(GoDuration.TryParse(text, out var d));
        Assert.Equal(TimeSpan.FromMilliseconds(ms), d);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("5x")]
    [InlineData("-3")]
    public void Bad_durations_do_not_parse(string text) => Assert.False(GoDuration.TryParse(text, out _));

    [Theory]
    [InlineData(10_000, "10s")]
    [InlineData(80_000, "1m20s")]
    [InlineData(300_000, "5m0s")]
    [InlineData(2_500, "2.5s")]
    [InlineData(300, "300ms")]
    public void Durations_format_like_go(double ms, string text) => Assert.Equal(text, GoDuration.Format(TimeSpan.FromMilliseconds(ms)));
}
