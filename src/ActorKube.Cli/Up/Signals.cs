using System.Diagnostics;
using System.Globalization;

namespace ActorKube.Cli.Up;

/// <summary>POSIX signals to other processes (.NET's Process.Kill is SIGKILL only).</summary>
public static class Signals
{
    /// <summary>SIGTERM: ask a process to stop cleanly.</summary>
    public static void Terminate(int pid)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", pid.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false });
        kill?.WaitForExit(5000);
    }

    public static bool IsAlive(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
