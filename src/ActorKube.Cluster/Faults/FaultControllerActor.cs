using Akka.Actor;
using Akka.Event;
using ActorKube.Client;
using ActorKube.Cluster.Network;
using ActorKube.Cluster.Provisioner;
using ActorKube.ControlPlane.Controllers;
using ActorKube.Core.Controllers.Fault;
using ActorKube.Core.Objects;
using ActorKube.Core.Objects.Chaos;
using ActorKube.Core.Time;

namespace ActorKube.Cluster.Faults;

/// <summary>
/// The fault controller (chaos-controller-manager, as Chaos Mesh's): an informer on Faults feeds the work queue,
/// <see cref="FaultReconciler"/> decides, and this actor carries the actions out in order: node commands to the
/// node provisioner (the one way to a node's power and network, DESIGN §2), network commands to its
/// <see cref="NetworkFaultCoordinator"/> child (the processes' transports), then the Fault's finalizer and status
/// writes and its Events through the apiserver. The writes that follow a command wait for its answer; a key with
/// a command in flight is not reconciled again until it comes (or times out and is retried).
/// </summary>
public sealed class FaultControllerActor : ControllerActor
{
    /// <summary>Wall time to wait for the provisioner (a cluster singleton that may be moving).</summary>
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(10);

    private readonly IActorRef _provisioner;
    private readonly IActorRef _network;
    private readonly Informer<V1alpha1Fault> _faults;
    private readonly Dictionary<string, PendingCommand> _pending = new(StringComparer.Ordinal);
    private readonly HashSet<string> _busy = new(StringComparer.Ordinal);
    private readonly HashSet<string> _skipped = new(StringComparer.Ordinal);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private long _requests;

    public FaultControllerActor(IActorRef apiServer, IActorRef provisioner, ClusterClock clock, ControllerSettings? settings)
        : base(ActorNames.ChaosControllerManager, apiServer, clock, settings)
    {
        _provisioner = provisioner;
        _network = Context.ActorOf(NetworkFaultCoordinator.Props(), NetworkFaultCoordinator.Name);
        _faults = Informers.Add(new Informer<V1alpha1Fault>(apiServer));
        _faults.OnAdd = Enqueue;
        _faults.OnUpdate = (_, f) => Enqueue(f);
    }

    public static Props Props(IActorRef apiServer, IActorRef provisioner, ClusterClock clock, ControllerSettings? settings = null) =>
        Akka.Actor.Props.Create(() => new FaultControllerActor(apiServer, provisioner, clock, settings));

    protected override IEnumerable<string> AllKeys() => _faults.Items.Select(f => f.KeyOf()).ToList();

    protected override void Reconcile(string key)
    {
        if (_busy.Contains(key))
        {
            // Looked at again when the provisioner has answered.
            _skipped.Add(key);
            return;
        }

        var fault = _faults.Get(key);
        if (fault is null)
        {
            return;
        }

        var plan = FaultReconciler.Reconcile(fault, _faults.Items, Clock.UtcNow);
        if (plan.RequeueAfter is { } after)
        {
            EnqueueAfter(key, after);
        }

        Run(key, fault, plan.Actions);
    }

    private void Run(string key, V1alpha1Fault fault, IReadOnlyList<FaultAction> actions)
    {
        for (var i = 0; i < actions.Count; i++)
        {
            switch (actions[i])
            {
                case FaultCommandAction c:
                    var id = $"{key}#{++_requests}";
                    _busy.Add(key);
                    _pending[id] = new PendingCommand(key, fault, c.Command, actions.Skip(i + 1).ToList());
                    if (c.Command is NodeCommand node)
                    {
                        var message = ToProvisioner(node, id);
                        FlowLog.Message(Name, ActorNames.NodeProvisioner, message.GetType().Name, $"Node/{node.Node}", null, fault.TraceId());
                        _provisioner.Tell(message, Self);
                    }
                    else
                    {
                        FlowLog.Message(Name, NetworkFaultCoordinator.Name, nameof(NetworkCommandRequest), $"Fault/{key}", null, fault.TraceId());
                        _network.Tell(new NetworkCommandRequest((NetworkCommand)c.Command, id), Self);
                    }

                    Timers.StartSingleTimer($"command/{id}", new FaultCommandTimedOut(id), CommandTimeout);
                    return;
                case UpdateFaultStatusAction u:
                    Send(new UpdateObject(u.Fault, "status") { Tag = new FaultWriteTag(key), From = Name, TraceId = fault.TraceId() });
                    break;
                case UpdateFaultAction u:
                    _log.Info("Fault {0}: {1}", key, u.Description);
                    Send(new UpdateObject(u.Fault) { Tag = new FaultWriteTag(key), From = Name, TraceId = fault.TraceId() });
                    break;
                case FaultEventAction e:
                    _log.Info("Fault {0}: {1}", key, e.Message);
                    Recorder.Record(fault, e.Type, e.Reason, e.Message, Self);
                    break;
            }
        }
    }

    protected override bool HandleOther(object message)
    {
        switch (message)
        {
            case NodeCommandResult { RequestId: { } id } r:
                Answered(id, r.Succeeded, r.Message);
                return true;
            case NetworkCommandResult r:
                Answered(r.RequestId, r.Succeeded, r.Message);
                return true;
            case FaultCommandTimedOut t when _pending.Remove(t.RequestId, out var p):
                Done(p.Key);
                _log.Warning(
                    "Fault {0}: {1} did not answer within {2}; trying again",
                    p.Key,
                    p.Command is NodeCommand n ? $"the node provisioner ({n.Kind} {n.Node})" : "the network fault coordinator",
                    CommandTimeout);
                Retry(p.Key);
                return true;
            case NodeCommandResult or FaultCommandTimedOut:
                // The answer to a command that timed out, or the timer of one answered.
                return true;
            default:
                return false;
        }
    }

    protected override void OnReply(ApiResponse response)
    {
        if (response.Tag is not FaultWriteTag tag)
        {
            return;
        }

        if (response.IsSuccess)
        {
            Queue.Forget(tag.Key);
        }
        else if (response.Code != 404)
        {
            // 409: the Fault changed since it was read; decide again from the newer state.
            _log.Debug("Fault {0}: write failed: {1}", tag.Key, response.Error?.Message);
            Retry(tag.Key);
        }
    }

    private void Answered(string id, bool succeeded, string message)
    {
        if (!_pending.Remove(id, out var p))
        {
            // The answer to a command that timed out.
            return;
        }

        Timers.Cancel($"command/{id}");
        Done(p.Key);
        if (succeeded)
        {
            Run(p.Key, p.Fault, p.Remaining);
        }
        else if (FaultReconciler.CommandFailed(p.Fault, p.Command, message, p.Remaining) is { } next)
        {
            _log.Warning("Fault {0}: {1}", p.Key, message);
            Run(p.Key, p.Fault, next);
        }
        else
        {
            _log.Warning("Fault {0}: {1}; trying again", p.Key, message);
            Retry(p.Key);
        }
    }

    private void Done(string key)
    {
        _busy.Remove(key);
        if (_skipped.Remove(key))
        {
            Enqueue(key);
        }
    }

    private static object ToProvisioner(NodeCommand command, string id) => command.Kind switch
    {
        NodeCommandKind.PowerOff => new StopNode(command.Node, id),
        NodeCommandKind.PowerOn => new StartNode(command.Node, id),
        NodeCommandKind.Partition => new PartitionNode(command.Node, id),
        _ => new HealNode(command.Node, id),
    };

    private sealed record PendingCommand(string Key, V1alpha1Fault Fault, FaultCommand Command, IReadOnlyList<FaultAction> Remaining);
}
