namespace ActorKube.Cluster.Hosting;

/// <summary>The Akka.Cluster roles of ActorKube's processes (DESIGN §1).</summary>
public static class ClusterRoles
{
    public const string ControlPlane = "control-plane";

    public const string Worker = "worker";
}
