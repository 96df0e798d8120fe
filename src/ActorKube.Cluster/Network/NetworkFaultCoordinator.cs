using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using ActorKube.Client;
using ActorKube.Cluster.Hosting;

namespace ActorKube.Cluster.Network;

/// <summary>
/// The fault controller's hand on the network (a child of it, so it moves with the singleton): keeps the
/// NetworkDelay and NetworkLoss faults in force by process name, and sends the whole set, as endpoint rules, to the
/// <see cref="NetworkChaosAgent"/> of every member: on every change, when a member comes up (a restarted worker has a
/// new port) and every few seconds (a message lost to a loss fault, stale rules after a failover). Process names are
/// the members' <c>process:NAME</c> roles. In a single-process cluster there is no network: every injection fails.
/// </summary>
public sealed class NetworkFaultCoordinator : ReceiveActor, IWithTimers
{
    /// <summary>Its name, as a child of the fault controller and in the message-flow log.</summary>
    public const string Name = "network-fault-coordinator";

    public const string NotClustered = "network faults need a multi-process cluster (actorkube up --workers N): in one process no message crosses a network";

    /// <summary>How often the rules are sent again to every member.</summary>
    public static readonly TimeSpan Resend = TimeSpan.FromSeconds(5);

    private readonly Akka.Cluster.Cluster? _cluster;
    private readonly Dictionary<string, Core.Controllers.Fault.NetworkCommand> _faults = new(StringComparer.Ordinal);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private long _version;

    public NetworkFaultCoordinator()
    {
        _cluster = Context.System is ExtendedActorSystem { Provider: IClusterActorRefProvider } ? Akka.Cluster.Cluster.Get(Context.System) : null;
        Receive<NetworkCommandRequest>(Handle);
        Receive<ResendTick>(_ => Broadcast(null));
        Receive<ClusterEvent.MemberUp>(_ => Broadcast(null));
        Receive<ClusterEvent.CurrentClusterState>(_ => { });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props() => Akka.Actor.Props.Create(() => new NetworkFaultCoordinator());

    protected override void PreStart()
    {
        if (_cluster is not null)
        {
            _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(ClusterEvent.MemberUp));
            Timers.StartPeriodicTimer("resend", ResendTick.Instance, Resend);
        }
    }

    protected override void PostStop() => _cluster?.Unsubscribe(Self);

    private void Handle(NetworkCommandRequest request)
    {
        var command = request.Command;
        if (_cluster is null)
        {
            Sender.Tell(new NetworkCommandResult(false, NotClustered, request.RequestId));
            return;
        }

        if (command.Lift)
        {
            _faults.Remove(command.Fault);
        }
        else
        {
            if (NetworkFaultRules.Missing(command, Processes()) is { } missing)
            {
                Sender.Tell(new NetworkCommandResult(false, missing, request.RequestId));
                return;
            }

            _faults[command.Fault] = command;
        }

        var members = Broadcast($"Fault/{command.Fault}");
        Sender.Tell(new NetworkCommandResult(true, $"network faults sent to {members} processes", request.RequestId));
    }

    /// <summary>Sends the rules to every member; returns how many. A change (<paramref name="cause"/>) is in the message-flow log.</summary>
    private int Broadcast(string? cause)
    {
        if (_cluster is null)
        {
            return 0;
        }

        var members = Members().ToList();
        var message = new SetNetworkFaults(++_version, NetworkFaultRules.Resolve(_faults.Values, Processes()));
        // This process first, before anything is sent: a lift must not be held back by the fault it lifts.
        var self = _cluster.SelfAddress;
        NetworkChaos.Get(Context.System).Apply(NetworkFaultTable.For(NetworkFaultTable.Key(self.Host, self.Port), message.Rules));
        foreach (var member in members)
        {
            if (cause is not null)
            {
                FlowLog.Message(Name, $"{NetworkChaosAgent.Name}@{NetworkFaultTable.Key(member.Address.Host, member.Address.Port)}", nameof(SetNetworkFaults), cause, null, null);
            }

            Context.ActorSelection(new RootActorPath(member.Address) / "user" / NetworkChaosAgent.Name).Tell(message);
        }

        if (_faults.Count > 0)
        {
            _log.Debug("Network faults v{0} ({1} rules) sent to {2} processes", message.Version, message.Rules.Count, members.Count);
        }

        return members.Count;
    }

    private IEnumerable<Member> Members() =>
        _cluster!.State.Members.Where(m => m.Status is MemberStatus.Up or MemberStatus.WeaklyUp or MemberStatus.Leaving);

    /// <summary>Process name → endpoints ("host:port") of the members that carry it.</summary>
    private Dictionary<string, IReadOnlyList<string>> Processes() =>
        Members()
            .SelectMany(m => m.Roles.Select(ClusterRoles.ProcessName).OfType<string>().Select(name => (name, address: NetworkFaultTable.Key(m.Address.Host, m.Address.Port))))
            .GroupBy(p => p.name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(p => p.address).ToList(), StringComparer.Ordinal);

    private sealed class ResendTick
    {
        public static readonly ResendTick Instance = new();
    }
}
