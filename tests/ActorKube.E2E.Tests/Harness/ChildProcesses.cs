using System.Diagnostics;

namespace ActorKube.E2E.Tests.Harness;

/// <summary>
/// Every process the tests start, so none outlives the test run: a child still alive when the test
/// host exits (a crashed fixture, an aborted run) is killed with its process tree.
/// </summary>
internal static class ChildProcesses
{
    private static readonly HashSet<Process> Live = [];

    static ChildProcesses() => AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();

    public static void Track(Process process)
    {
        lock (Live)
        {
            Live.Add(process);
        }
    }

    public static void Forget(Process process)
    {
        lock (Live)
        {
            Live.Remove(process);
        }
    }

    /// <summary>Kills a child and its tree if it still runs; safe on one that has exited.</summary>
    public static void KillTree(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // exited between the check and the kill
        }
    }

    private static void KillAll()
    {
        Process[] live;
        lock (Live)
        {
            live = [.. Live];
        }

        foreach (var p in live)
        {
            KillTree(p);
        }
    }
}
