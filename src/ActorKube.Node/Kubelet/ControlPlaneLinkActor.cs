using Akka.Actor;

namespace ActorKube.Node.Kubelet;

/// <summary>
/// The node's network path to the control plane: every request of the kubelet, its status manager and its
/// pods' event recorder passes here on its way to the apiserver (forwarded, so replies and watch events go
/// straight back to the requester). <see cref="Partition"/> cuts it: requests are dropped, as a cut cable
/// would lose them, until <see cref="Heal"/>. What the apiserver sends back meanwhile the kubelet ignores.
/// </summary>
public sealed class ControlPlaneLinkActor : ReceiveActor
{
    public const string Name = "control-plane-link";

    private readonly IActorRef _apiServer;

    public ControlPlaneLinkActor(IActorRef apiServer, bool partitioned)
    {
        _apiServer = apiServer;
        if (partitioned)
        {
            Cut();
        }
        else
        {
            Connected();
        }
    }

    public static Props Props(IActorRef apiServer, bool partitioned) =>
        Akka.Actor.Props.Create(() => new ControlPlaneLinkActor(apiServer, partitioned));

    private void Connected()
    {
        Receive<Partition>(_ => Become(Cut));
        Receive<Heal>(_ => { });
        ReceiveAny(m => _apiServer.Forward(m));
    }

    private void Cut()
    {
        Receive<Heal>(_ => Become(Connected));
        Receive<Partition>(_ => { });
        ReceiveAny(_ => { });
    }
}
