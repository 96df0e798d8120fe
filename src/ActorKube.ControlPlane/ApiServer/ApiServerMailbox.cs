using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace ActorKube.ControlPlane.ApiServer;

/// <summary>
/// The apiserver's mailbox: one FIFO per <see cref="PriorityLevel"/>. Exempt messages (etcd's replies) go first; the
/// control plane's requests go before the others, but when both wait every <see cref="ControlPlaneShare"/>th message
/// is a Default one, so kubelets and clients are slowed, never starved (APF shares, not strict priority).
/// </summary>
public sealed class ApiServerMessageQueue : IMessageQueue, IUnboundedDequeBasedMessageQueueSemantics
{
    /// <summary>Control-plane requests served in a row while Default ones wait.</summary>
    public const int ControlPlaneShare = 4;

    private readonly ConcurrentQueue<Envelope> _exempt = new();
    private readonly ConcurrentQueue<Envelope> _controlPlane = new();
    private readonly ConcurrentQueue<Envelope> _default = new();

    // Unstashed messages: pushed and popped by the actor only (Akka's priority mailboxes do the same).
    private readonly Stack<Envelope> _prepend = new();
    private int _inARow;

    public bool HasMessages => _prepend.Count > 0 || !_exempt.IsEmpty || !_controlPlane.IsEmpty || !_default.IsEmpty;

    public int Count => _prepend.Count + _exempt.Count + _controlPlane.Count + _default.Count;

    public void Enqueue(IActorRef receiver, Envelope envelope)
    {
        var queue = RequestPriority.Of(envelope.Message) switch
        {
            PriorityLevel.Exempt => _exempt,
            PriorityLevel.ControlPlane => _controlPlane,
            _ => _default,
        };
        queue.Enqueue(envelope);
    }

    public bool TryDequeue(out Envelope envelope)
    {
        if (_prepend.Count > 0)
        {
            envelope = _prepend.Pop();
            return true;
        }

        if (_exempt.TryDequeue(out envelope))
        {
            return true;
        }

        if ((_inARow < ControlPlaneShare || _default.IsEmpty) && _controlPlane.TryDequeue(out envelope))
        {
            _inARow++;
            return true;
        }

        _inARow = 0;
        return _default.TryDequeue(out envelope) || _controlPlane.TryDequeue(out envelope);
    }

    public void EnqueueFirst(Envelope envelope) => _prepend.Push(envelope);

    public void CleanUp(IActorRef owner, IMessageQueue deadletters)
    {
        while (TryDequeue(out var envelope))
        {
            deadletters.Enqueue(owner, envelope);
        }
    }
}

/// <summary>The mailbox type of <see cref="ApiServerMessageQueue"/>, configured at <see cref="Id"/>.</summary>
public sealed class ApiServerMailbox(Settings settings, Config config) : MailboxType(settings, config), IProducesMessageQueue<ApiServerMessageQueue>
{
    /// <summary>The mailbox's configuration path, for Props.WithMailbox.</summary>
    public const string Id = "actorkube-apiserver-mailbox";

    /// <summary>The configuration that declares the mailbox (part of every actor system that runs an apiserver).</summary>
    public static readonly Config Declaration = ConfigurationFactory.ParseString(
        $"{Id}.mailbox-type = \"{typeof(ApiServerMailbox).FullName}, {typeof(ApiServerMailbox).Assembly.GetName().Name}\"");

    public override IMessageQueue Create(IActorRef owner, ActorSystem system) => new ApiServerMessageQueue();
}
