using System.Threading.Channels;
using Akka.Actor;
using ActorKube.Client;

namespace ActorKube.Http.Endpoints;

/// <summary>
/// The actor end of one HTTP watch: it subscribes to the apiserver actor's watch cache and hands the
/// events to the response stream through a channel. Stopping it (the client went away, or the timeout
/// passed) ends the subscription: the apiserver watches its subscribers and drops their watches.
/// </summary>
internal sealed class WatchBridgeActor : ReceiveActor
{
    private readonly ChannelWriter<object> events;

    public WatchBridgeActor(IActorRef apiServer, StartWatch start, ChannelWriter<object> events)
    {
        this.events = events;
        Receive<WatchEvents>(m =>
        {
            if (!events.TryWrite(m))
            {
                // Too slow to keep up (the channel is bounded): end the watch, as the apiserver closes slow watchers.
                events.TryComplete(new InvalidOperationException("the watch client is too slow; watch ended"));
                Context.Stop(Self);
            }
        });
        Receive<WatchEnded>(m =>
        {
            events.TryWrite(m);
            events.TryComplete();
            Context.Stop(Self);
        });
        apiServer.Tell(start, Self);
    }

    public static Props Props(IActorRef apiServer, StartWatch start, ChannelWriter<object> events) =>
        Akka.Actor.Props.Create(() => new WatchBridgeActor(apiServer, start, events));

    protected override void PostStop() => events.TryComplete();
}
