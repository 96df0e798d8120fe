using Akka.Actor;
using ActorKube.Client;
using ActorKube.ControlPlane.Controllers.Deployment;
using ActorKube.ControlPlane.Controllers.GarbageCollector;
using ActorKube.ControlPlane.Controllers.NodeLifecycle;
using ActorKube.ControlPlane.Controllers.ReplicaSet;
using ActorKube.Core.Time;

namespace ActorKube.ControlPlane.Controllers;

/// <summary>
/// kube-controller-manager: the parent of one actor per controller. A controller that crashes is
/// restarted alone (its informers re-list), as a controller goroutine would be restarted.
/// </summary>
public sealed class ControllerManagerActor : ReceiveActor
{
    public ControllerManagerActor(IActorRef apiServer, ClusterClock clock, ControllerManagerSettings settings)
    {
        Context.ActorOf(ReplicaSetControllerActor.Props(apiServer, clock, settings.Controllers), ActorNames.ReplicaSetController);
        Context.ActorOf(DeploymentControllerActor.Props(apiServer, clock, settings.Controllers), ActorNames.DeploymentController);
        Context.ActorOf(GarbageCollectorActor.Props(apiServer, clock), ActorNames.GarbageCollector);
        Context.ActorOf(NodeLifecycleControllerActor.Props(apiServer, clock, settings.NodeLifecycle), ActorNames.NodeLifecycleController);
        Context.ActorOf(NamespaceControllerActor.Props(apiServer, clock), ActorNames.NamespaceController);
    }

    public static Props Props(IActorRef apiServer, ClusterClock clock, ControllerManagerSettings settings) =>
        Akka.Actor.Props.Create(() => new ControllerManagerActor(apiServer, clock, settings));

    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(maxNrOfRetries: 10, withinTimeRange: TimeSpan.FromMinutes(1), localOnlyDecider: _ => Directive.Restart);
}

/// <summary>Settings of all controllers, each from its HOCON section.</summary>
public sealed record ControllerManagerSettings(ControllerSettings Controllers, NodeLifecycleSettings NodeLifecycle)
{
    public static ControllerManagerSettings FromConfig(Akka.Configuration.Config actorkube) => new(
        ControllerSettings.FromConfig(actorkube.GetConfig("controllers")),
        NodeLifecycleSettings.FromConfig(actorkube.GetConfig("node-lifecycle")));
}
