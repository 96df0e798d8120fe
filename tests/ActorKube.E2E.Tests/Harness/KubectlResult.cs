namespace ActorKube.E2E.Tests.Harness;

/// <summary>What one kubectl run gave: its exit code and output, printable as a failure message.</summary>
public sealed record KubectlResult(string Command, int ExitCode, string Stdout, string Stderr)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The stdout lines without trailing blanks (kubectl pads table columns).</summary>
    public IReadOnlyList<string> Lines =>
        Stdout.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToList();

    public override string ToString() => $"$ {Command}\nexit code {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}
