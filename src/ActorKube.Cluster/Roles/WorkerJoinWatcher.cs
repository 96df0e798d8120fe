using Akka.Actor;
using Akka.Cluster;
using ActorKube.Cluster.Hosting;
using ActorKube.Cluster.Provisioner;

namespace ActorKube.Cluster.Roles;

/// <summary>
/// On a control plane: when a worker joins (a new one, or a killed one restarted), the node provisioner
/// resyncs its nodes, so nodes whose worker died run again on a live one. A worker that dies without a
/// replacement leaves its nodes dead, as machines.
/// </summary>
public sealed class WorkerJoinWatcher : ReceiveActor
{
    public WorkerJoinWatcher(IActorRef provisioner)
    {
        var cluster = Akka.Cluster.Cluster.Get(Context.System);
        Receive<ClusterEvent.MemberUp>(e =>
        {
            if (e.Member.HasRole(ClusterRoles.Worker))
            {
                provisioner.Tell(new ResyncNodes());
            }
        });
        cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.MemberUp));
    }

    public static Props Props(IActorRef provisioner) => Akka.Actor.Props.Create(() => new WorkerJoinWatcher(provisioner));

    protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
}
