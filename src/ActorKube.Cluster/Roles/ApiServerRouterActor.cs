using Akka.Actor;
using Akka.Cluster;
using ActorKube.Client;
using ActorKube.Core.Api;

namespace ActorKube.Cluster.Roles;

/// <summary>
/// A worker's way to the apiserver: it has none of its own, so its kubelets talk to this actor, which
/// forwards every request (sender kept, so replies and watch events go straight back) to the apiserver
/// of the oldest reachable control-plane member. When that apiserver goes away, every watch that went
/// through it ends with a 410 so the informers re-list against the next one, as client-go does when
/// its apiserver connection breaks.
/// </summary>
public sealed class ApiServerRouterActor : ReceiveActor, IWithStash
{
    private const int MaxBuffered = 10_000;
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly SortedSet<Member> _controlPlanes = new(Member.AgeOrdering);
    private readonly HashSet<(IActorRef Subscriber, object? Tag)> _watches = [];
    private IActorRef? _target;
    private Address? _targetAddress;
    private int _buffered;

    public ApiServerRouterActor()
    {
        Receive<ClusterEvent.CurrentClusterState>(state =>
        {
            foreach (var m in state.Members.Where(IsUpControlPlane).Where(m => !state.Unreachable.Contains(m)))
            {
                _controlPlanes.Add(m);
            }

            Retarget();
        });
        Receive<ClusterEvent.MemberUp>(e => Added(e.Member));
        Receive<ClusterEvent.ReachableMember>(e => Added(e.Member));
        Receive<ClusterEvent.UnreachableMember>(e => Removed(e.Member));
        Receive<ClusterEvent.MemberRemoved>(e => Removed(e.Member));
        Receive<ActorIdentity>(OnIdentity);
        Receive<Terminated>(t =>
        {
            if (Equals(t.ActorRef, _target))
            {
                Lost();
                Retarget();
            }
        });
        Receive<StartWatch>(w =>
        {
            _watches.Add((Sender, w.Tag));
            Route(w);
        });
        Receive<CancelWatch>(c =>
        {
            _watches.Remove((Sender, c.WatchTag));
            Route(c);
        });
        Receive<ApiRequest>(Route);
    }

    public IStash Stash { get; set; } = null!;

    public static Props Props() => Akka.Actor.Props.Create(() => new ApiServerRouterActor());

    protected override void PreStart() =>
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private static bool IsUpControlPlane(Member m) => m.Status == MemberStatus.Up && m.HasRole(Hosting.ClusterRoles.ControlPlane);

    private void Route(object message)
    {
        if (_target is not null)
        {
            _target.Forward(message);
            return;
        }

        // No apiserver known yet (the control plane is still joining): keep the request for a while.
        if (_buffered < MaxBuffered)
        {
            _buffered++;
            Stash.Stash();
        }
        else if (message is ApiRequest request)
        {
            Sender.Tell(ApiResponse.Fail(request.Tag, StatusErrors.ServiceUnavailable("no apiserver is reachable from this worker")));
        }
    }

    private void Added(Member m)
    {
        if (IsUpControlPlane(m))
        {
            _controlPlanes.Add(m);
            if (_target is null)
            {
                Retarget();
            }
        }
    }

    private void Removed(Member m)
    {
        _controlPlanes.Remove(m);
        if (m.Address == _targetAddress)
        {
            Lost();
            Retarget();
        }
    }

    private void Retarget()
    {
        if (_target is not null || _controlPlanes.Count == 0)
        {
            return;
        }

        _targetAddress = _controlPlanes.Min!.Address;
        Context.ActorSelection(new RootActorPath(_targetAddress) / "user" / ActorNames.ApiServer).Tell(new Identify(_targetAddress));
    }

    private void OnIdentity(ActorIdentity id)
    {
        if (!Equals(id.MessageId, _targetAddress))
        {
            return;
        }

        if (id.Subject is null)
        {
            // The control plane is up but its apiserver is not started yet: ask again shortly.
            Context.System.Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(500), Context.ActorSelection(new RootActorPath(_targetAddress) / "user" / ActorNames.ApiServer), new Identify(_targetAddress), Self);
            return;
        }

        _target = Context.Watch(id.Subject);
        _buffered = 0;
        Stash.UnstashAll();
    }

    /// <summary>The apiserver went away: its watches are gone with it, so their subscribers must re-list.</summary>
    private void Lost()
    {
        if (_target is not null)
        {
            Context.Unwatch(_target);
        }

        _target = null;
        _targetAddress = null;
        foreach (var (subscriber, tag) in _watches)
        {
            subscriber.Tell(new WatchEnded(tag, StatusErrors.Gone("the apiserver this watch went through is gone; list again")));
        }

        _watches.Clear();
    }
}
