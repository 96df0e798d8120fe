using Akka.Actor;
using ActorKube.Core.Time;

namespace ActorKube.Cluster.Roles;

/// <summary>/user/cluster-info on a control plane: answers with the cluster's clock.</summary>
public sealed class ClusterInfoActor : ReceiveActor
{
    public const string Name = "cluster-info";

    public ClusterInfoActor(ClusterClock clock)
    {
        var info = new ClusterClockInfo(clock.Scale, clock.EmulatedEpoch.ToUnixTimeMilliseconds(), clock.WallEpoch.ToUnixTimeMilliseconds());
        Receive<GetClusterClock>(_ => Sender.Tell(info));
    }

    public static Props Props(ClusterClock clock) => Akka.Actor.Props.Create(() => new ClusterInfoActor(clock));
}
