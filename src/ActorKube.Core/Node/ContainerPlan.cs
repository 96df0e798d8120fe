namespace ActorKube.Core.Node;

/// <summary>One step of what an emulated container does, at an offset from its start.</summary>
public abstract record PlanStep(TimeSpan At);

/// <summary>Prints a line to the container log.</summary>
public sealed record PrintStep(TimeSpan At, string Line) : PlanStep(At);

/// <summary>The main process exits with this code.</summary>
public sealed record ExitStep(TimeSpan At, int ExitCode) : PlanStep(At);

/// <summary>The main process runs until it is stopped.</summary>
public sealed record RunForeverStep(TimeSpan At) : PlanStep(At);

/// <summary>From At on, prints Lines (offsets relative to each round) every Period, forever (`while true; do ...; done`).</summary>
public sealed record LoopStep(TimeSpan At, TimeSpan Period, IReadOnlyList<PrintStep> Lines) : PlanStep(At);

/// <summary>
/// What an emulated container does, as data: lines printed at offsets, then an exit or running forever.
/// Steps are in time order; the last one is an exit, run-forever or loop.
/// </summary>
public sealed record ContainerPlan(IReadOnlyList<PlanStep> Steps)
{
    public static ContainerPlan Forever(params PrintStep[] lines) => new([.. lines, new RunForeverStep(lines.Length == 0 ? TimeSpan.Zero : lines[^1].At)]);

    public static ContainerPlan ExitAt(TimeSpan at, int code, params PrintStep[] lines) => new([.. lines, new ExitStep(at, code)]);

    /// <summary>The exit, if the container exits by itself.</summary>
    public ExitStep? Exit => Steps.Count > 0 ? Steps[^1] as ExitStep : null;

    public bool RunsForever => Exit is null;

    /// <summary>The log lines printed within <paramref name="elapsed"/> of the start, at most <paramref name="maxLines"/> (the last ones).</summary>
    public IReadOnlyList<string> LinesUntil(TimeSpan elapsed, int maxLines)
    {
        var lines = new List<string>();
        foreach (var step in Steps)
        {
            if (step.At > elapsed)
            {
                break;
            }

            switch (step)
            {
                case PrintStep p:
                    lines.Add(p.Line);
                    break;
                case LoopStep loop when loop.Period > TimeSpan.Zero && loop.Lines.Count > 0:
                    var rounds = (long)((elapsed - loop.At) / loop.Period) + 1;
                    var maxRounds = (maxLines / loop.Lines.Count) + 2;
                    var first = Math.Max(0, rounds - maxRounds);
                    for (var r = first; r < rounds; r++)
                    {
                        foreach (var l in loop.Lines)
                        {
                            if (loop.At + (loop.Period * r) + l.At <= elapsed)
                            {
                                lines.Add(l.Line);
                            }
                        }
                    }

                    break;
            }
        }

        return lines.Count > maxLines ? lines.GetRange(lines.Count - maxLines, maxLines) : lines;
    }
}
