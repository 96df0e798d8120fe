namespace ActorKube.Core.Tests.Printing;

/// <summary>Objects for the printer tests; every age is measured from <see cref="Now"/>.</summary>
internal static class PrintingFixtures
{
    public static readonly DateTime Now = new(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc);

    public static V1ObjectMeta Meta(string name, double ageMinutes = 5, string? ns = "default") => new()
    {
        Name = name,
        NamespaceProperty = ns,
        Uid = "uid-" + name,
        ResourceVersion = "42",
        CreationTimestamp = Now.AddMinutes(-ageMinutes),
        Labels = new Dictionary<string, string> { ["app"] = name },
    };

    public static V1Pod Pod(int containers = 1, string phase = "Running", params V1ContainerStatus[] statuses) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = Meta("web-1"),
        Spec = new V1PodSpec
        {
            Containers = Enumerable.Range(0, containers).Select(i => new V1Container { Name = "c" + i, Image = "nginx" }).ToList(),
        },
        Status = new V1PodStatus { Phase = phase, ContainerStatuses = statuses.ToList() },
    };

    public static V1ContainerStatus Running(string name = "c0", bool ready = true, int restarts = 0, DateTime? lastFinished = null) => new()
    {
        Name = name,
        Ready = ready,
        RestartCount = restarts,
        Started = true,
        State = new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = Now.AddMinutes(-1) } },
        LastState = lastFinished is null ? null : new V1ContainerState
        {
            Terminated = new V1ContainerStateTerminated { ExitCode = 1, Reason = "Error", FinishedAt = lastFinished },
        },
    };

    public static V1ContainerStatus Waiting(string reason, string name = "c0", int restarts = 0) => new()
    {
        Name = name,
        RestartCount = restarts,
        State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = reason } },
    };

    public static V1ContainerStatus Terminated(string? reason, int exitCode, int? signal = null, string name = "c0") => new()
    {
        Name = name,
        State = new V1ContainerState
        {
            Terminated = new V1ContainerStateTerminated { Reason = reason, ExitCode = exitCode, Signal = signal, FinishedAt = Now.AddMinutes(-1) },
        },
    };

    public static V1PodCondition Condition(string type, string status, string? reason = null) => new() { Type = type, Status = status, Reason = reason };

    public static V1PodTemplateSpec Template(params string[] images) => new()
    {
        Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web" } },
        Spec = new V1PodSpec
        {
            Containers = images.Select((image, i) => new V1Container { Name = i == 0 ? "web" : "side" + i, Image = image }).ToList(),
        },
    };

    public static V1LabelSelector Selector(string key = "app", string value = "web") =>
        new() { MatchLabels = new Dictionary<string, string> { [key] = value } };
}
