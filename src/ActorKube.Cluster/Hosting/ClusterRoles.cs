namespace ActorKube.Cluster.Hosting;

/// <summary>The Akka.Cluster roles of ActorKube's processes (DESIGN §1).</summary>
public static class ClusterRoles
{
    public const string ControlPlane = "control-plane";

    public const string Worker = "worker";

    /// <summary>Prefix of the role that names a member's process (process:worker-1), so faults can name processes.</summary>
    public const string ProcessPrefix = "process:";

    /// <summary>The role that carries a process's name.</summary>
    public static string Process(string name) => ProcessPrefix + name;

    /// <summary>The process name in a role, or null for the other roles.</summary>
    public static string? ProcessName(string role) => role.StartsWith(ProcessPrefix, StringComparison.Ordinal) ? role[ProcessPrefix.Length..] : null;
}
