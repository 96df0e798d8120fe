namespace ActorKube.Core.Printing;

/// <summary>
/// Pods: NAME READY STATUS RESTARTS AGE, wide IP NODE NOMINATED-NODE READINESS-GATES (printPod of v1.32).
/// STATUS is the aggregate kubectl shows: the phase or status.reason, overridden by init container progress
/// ("Init:1/2", "Init:CrashLoopBackOff"), then by container states read from the last container to the first
/// (waiting reason, terminated reason, "Signal:9", "ExitCode:1"), and finally by deletion ("Terminating",
/// "Unknown" for pods lost with their node).
/// </summary>
public static class PodPrinter
{
    public static readonly IReadOnlyList<TableColumnDefinition> Columns =
    [
        Column.Name,
        TableColumnDefinition.Of("Ready", "string", ColumnDocs.PodReady),
        TableColumnDefinition.Of("Status", "string", ColumnDocs.PodStatus),
        TableColumnDefinition.Of("Restarts", "string", ColumnDocs.PodRestarts),
        Column.Age,
        TableColumnDefinition.Wide("IP", "string", ColumnDocs.PodIP),
        TableColumnDefinition.Wide("Node", "string", ColumnDocs.PodNodeName),
        TableColumnDefinition.Wide("Nominated Node", "string", ColumnDocs.PodNominatedNodeName),
        TableColumnDefinition.Wide("Readiness Gates", "string", ColumnDocs.PodReadinessGates),
    ];

    public static readonly KindPrinter Printer = KindPrinter.Create<V1Pod>(Columns, Cells, Conditions);

    private static readonly IReadOnlyList<TableRowCondition> Succeeded =
        [new(TableRowCondition.Completed, "True", "Succeeded", "The pod has completed successfully.")];

    private static readonly IReadOnlyList<TableRowCondition> Failed =
        [new(TableRowCondition.Completed, "True", "Failed", "The pod failed.")];

    public static object[] Cells(V1Pod pod, DateTime now)
    {
        var s = Summarize(pod);
        var restarts = s.Restarts.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (s.Restarts != 0 && !PrintFormat.IsZero(s.LastRestart))
        {
            restarts = $"{restarts} ({PrintFormat.Since(s.LastRestart, now)} ago)";
        }

        var status = pod.Status;
        var podIP = status?.PodIPs is { Count: > 0 } ips ? ips[0].Ip : status?.PodIP;
        return
        [
            pod.Metadata?.Name ?? "",
            $"{s.Ready}/{s.Total}",
            s.Status,
            restarts,
            PrintFormat.Since(pod.Metadata?.CreationTimestamp, now),
            PrintFormat.OrNone(podIP),
            PrintFormat.OrNone(pod.Spec?.NodeName),
            PrintFormat.OrNone(status?.NominatedNodeName),
            ReadinessGates(pod),
        ];
    }

    /// <summary>The STATUS cell alone.</summary>
    public static string Status(V1Pod pod) => Summarize(pod).Status;

    public static IReadOnlyList<TableRowCondition> Conditions(V1Pod pod) => pod.Status?.Phase switch
    {
        "Succeeded" => Succeeded,
        "Failed" => Failed,
        _ => [],
    };

    /// <summary>READY as "ready/total", STATUS, and the RESTARTS count with the time of the latest restart.</summary>
    public static PodSummary Summarize(V1Pod pod)
    {
        var status = pod.Status;
        var spec = pod.Spec;
        var restarts = 0;
        var restartableInitRestarts = 0;
        var total = spec?.Containers?.Count ?? 0;
        var ready = 0;
        DateTime? lastRestart = null;
        DateTime? lastRestartableInitRestart = null;

        var phase = status?.Phase ?? "";
        var reason = string.IsNullOrEmpty(status?.Reason) ? phase : status.Reason;
        foreach (var c in status?.Conditions ?? [])
        {
            if (c.Type == "PodScheduled" && c.Reason == "SchedulingGated")
            {
                reason = "SchedulingGated";
            }
        }

        var initContainers = new Dictionary<string, V1Container>(StringComparer.Ordinal);
        foreach (var c in spec?.InitContainers ?? [])
        {
            initContainers[c.Name] = c;
            if (IsRestartable(c))
            {
                total++;
            }
        }

        var initializing = false;
        var initStatuses = status?.InitContainerStatuses ?? [];
        for (var i = 0; i < initStatuses.Count; i++)
        {
            var container = initStatuses[i];
            restarts += container.RestartCount;
            lastRestart = Later(lastRestart, container.LastState?.Terminated?.FinishedAt);
            var restartable = IsRestartable(initContainers.GetValueOrDefault(container.Name ?? ""));
            if (restartable)
            {
                restartableInitRestarts += container.RestartCount;
                lastRestartableInitRestart = Later(lastRestartableInitRestart, container.LastState?.Terminated?.FinishedAt);
            }

            var terminated = container.State?.Terminated;
            var waiting = container.State?.Waiting;
            if (terminated is not null && terminated.ExitCode == 0)
            {
                continue;
            }

            if (restartable && container.Started == true)
            {
                if (container.Ready)
                {
                    ready++;
                }

                continue;
            }

            if (terminated is not null)
            {
                // initialization failed
                reason = string.IsNullOrEmpty(terminated.Reason)
                    ? terminated.Signal is { } signal and not 0 ? $"Init:Signal:{signal}" : $"Init:ExitCode:{terminated.ExitCode}"
                    : "Init:" + terminated.Reason;
            }
            else if (!string.IsNullOrEmpty(waiting?.Reason) && waiting.Reason != "PodInitializing")
            {
                reason = "Init:" + waiting.Reason;
            }
            else
            {
                reason = $"Init:{i}/{spec?.InitContainers?.Count ?? 0}";
            }

            initializing = true;
            break;
        }

        if (!initializing || IsInitialized(status))
        {
            restarts = restartableInitRestarts;
            lastRestart = lastRestartableInitRestart;
            var hasRunning = false;
            var statuses = status?.ContainerStatuses ?? [];
            for (var i = statuses.Count - 1; i >= 0; i--)
            {
                var container = statuses[i];
                restarts += container.RestartCount;
                lastRestart = Later(lastRestart, container.LastState?.Terminated?.FinishedAt);
                var waiting = container.State?.Waiting;
                var terminated = container.State?.Terminated;
                if (!string.IsNullOrEmpty(waiting?.Reason))
                {
                    reason = waiting.Reason;
                }
                else if (terminated is not null && !string.IsNullOrEmpty(terminated.Reason))
                {
                    reason = terminated.Reason;
                }
                else if (terminated is not null)
                {
                    reason = terminated.Signal is { } signal and not 0 ? $"Signal:{signal}" : $"ExitCode:{terminated.ExitCode}";
                }
                else if (container.Ready && container.State?.Running is not null)
                {
                    hasRunning = true;
                    ready++;
                }
            }

            // a pod whose last container completed still runs while another container is running
            if (reason == "Completed" && hasRunning)
            {
                reason = HasCondition(status, "Ready") ? "Running" : "NotReady";
            }
        }

        if (pod.Metadata?.DeletionTimestamp is not null && status?.Reason == "NodeLost")
        {
            reason = "Unknown";
        }
        else if (pod.Metadata?.DeletionTimestamp is not null && phase is not ("Succeeded" or "Failed"))
        {
            reason = "Terminating";
        }

        return new PodSummary(ready, total, reason, restarts, lastRestart);
    }

    private static string ReadinessGates(V1Pod pod)
    {
        var gates = pod.Spec?.ReadinessGates;
        if (gates is null || gates.Count == 0)
        {
            return PrintFormat.None;
        }

        var trueConditions = 0;
        foreach (var gate in gates)
        {
            var condition = pod.Status?.Conditions?.FirstOrDefault(c => c.Type == gate.ConditionType);
            if (condition?.Status == "True")
            {
                trueConditions++;
            }
        }

        return $"{trueConditions}/{gates.Count}";
    }

    private static bool IsRestartable(V1Container? c) => c?.RestartPolicy == "Always";

    /// <summary>The first Initialized condition decides (isPodInitializedConditionTrue).</summary>
    private static bool IsInitialized(V1PodStatus? status) =>
        status?.Conditions?.FirstOrDefault(c => c.Type == "Initialized")?.Status == "True";

    private static bool HasCondition(V1PodStatus? status, string type) =>
        status?.Conditions?.Any(c => c.Type == type && c.Status == "True") == true;

    /// <summary>lastRestartDate.Before(&amp;terminatedDate): an unset finishedAt is Go's zero time, never later.</summary>
    private static DateTime? Later(DateTime? current, DateTime? candidate)
    {
        if (PrintFormat.IsZero(candidate))
        {
            return current;
        }

        return PrintFormat.IsZero(current) || PrintFormat.Utc(current!.Value) < PrintFormat.Utc(candidate!.Value) ? candidate : current;
    }
}
