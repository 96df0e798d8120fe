using Akka.Actor;
using Akka.Event;
using Akka.Remote.Transport;
using Google.Protobuf;

namespace ActorKube.Cluster.Network;

/// <summary>
/// The Akka.Remote transport adapter that injects network faults between ActorKube's processes (hocon/cluster.conf:
/// <c>applied-adapters = [chaos]</c>). Akka's own adapters cannot delay (the throttler only shapes bandwidth or
/// blackholes, the failure injector only drops) and add their name to every address (akka.trttl.gremlin.tcp://...);
/// this one keeps the addresses as they are (akka.tcp://...), so seeds and logs read the same with or without it.
/// Every association handle is wrapped: what this process writes suffers the table's impairment towards the other
/// process's endpoint (see <see cref="NetworkFaultTable"/>). With no fault in force, a message costs one
/// dictionary miss.
/// </summary>
public sealed class ChaosTransportProvider : ITransportAdapterProvider
{
    public Transport Create(Transport wrappedTransport, ExtendedActorSystem system) => new ChaosTransport(wrappedTransport, system);
}

internal sealed class ChaosTransport : Transport, IAssociationEventListener
{
    private readonly Transport _wrapped;
    private readonly NetworkChaos _chaos;
    private readonly ILoggingAdapter _log;
    private volatile IAssociationEventListener? _upstream;

    public ChaosTransport(Transport wrapped, ExtendedActorSystem system)
    {
        _wrapped = wrapped;
        _chaos = NetworkChaos.Get(system);
        _log = Akka.Event.Logging.GetLogger(system, typeof(ChaosTransport));
        System = system;
        Config = wrapped.Config;
    }

    public override string SchemeIdentifier
    {
        get => _wrapped.SchemeIdentifier;
        protected set { }
    }

    public override long MaximumPayloadBytes
    {
        get => _wrapped.MaximumPayloadBytes;
        protected set { }
    }

    public override async Task<(Address, TaskCompletionSource<IAssociationEventListener>)> Listen()
    {
        var (address, listenerPromise) = await _wrapped.Listen().ConfigureAwait(false);
        var upstream = new TaskCompletionSource<IAssociationEventListener>();
        // The wrapped transport holds inbound associations back until its listener is known; so do we.
        _ = upstream.Task.ContinueWith(
            t =>
            {
                _upstream = t.Result;
                listenerPromise.TrySetResult(this);
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously | TaskContinuationOptions.OnlyOnRanToCompletion,
            TaskScheduler.Default);
        return (address, upstream);
    }

    public void Notify(IAssociationEvent ev) =>
        _upstream!.Notify(ev is InboundAssociation inbound ? new InboundAssociation(new ChaosHandle(inbound.Association, null, _chaos, _log)) : ev);

    public override bool IsResponsibleFor(Address remote) => _wrapped.IsResponsibleFor(remote);

    public override async Task<AssociationHandle> Associate(Address remoteAddress) =>
        new ChaosHandle(await _wrapped.Associate(remoteAddress).ConfigureAwait(false), NetworkFaultTable.Key(remoteAddress.Host, remoteAddress.Port), _chaos, _log);

    public override Task<bool> Shutdown() => _wrapped.Shutdown();

    public override Task<bool> ManagementCommand(object message) => _wrapped.ManagementCommand(message);
}

/// <summary>
/// One association (a TCP connection) with the faults applied to what this process writes on it. The other side is
/// known by the endpoint dialled (a connection this process opened) or by the origin of the ASSOCIATE handshake that
/// comes first on a connection it accepted; until then writes pass unimpaired (the accepting side writes nothing
/// before it has read the handshake).
/// </summary>
internal sealed class ChaosHandle : AssociationHandle, IHandleEventListener
{
    /// <summary>Inbound PDUs looked at for the handshake before giving up (it is the first one).</summary>
    private const int HandshakeLooks = 3;

    private readonly AssociationHandle _wrapped;
    private readonly NetworkChaos _chaos;
    private readonly ILoggingAdapter _log;
    private readonly DelayLine<ByteString> _out;
    private volatile string? _remote;
    private volatile IHandleEventListener? _upstream;
    private int _looks;

    public ChaosHandle(AssociationHandle wrapped, string? remote, NetworkChaos chaos, ILoggingAdapter log)
        : base(wrapped.LocalAddress, wrapped.RemoteAddress)
    {
        _wrapped = wrapped;
        _remote = remote;
        _chaos = chaos;
        _log = log;
        _out = new DelayLine<ByteString>(wrapped.Write);
        ReadHandlerSource.Task.ContinueWith(
            t =>
            {
                _upstream = t.Result;
                _wrapped.ReadHandlerSource.SetResult(this);
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously | TaskContinuationOptions.OnlyOnRanToCompletion,
            TaskScheduler.Default);
    }

    public override bool Write(ByteString payload)
    {
        var impairment = _remote is { } remote ? _chaos.Table.Egress(remote) : Impairment.None;
        if (impairment.Drops(Random.Shared.NextDouble()))
        {
            // Lost on the way: the writer goes on as if it had been sent.
            return true;
        }

        return _out.Send(payload, impairment.Delay);
    }

    public void Notify(IHandleEvent ev)
    {
        if (_remote is null && ev is InboundPayload inbound && _looks++ < HandshakeLooks)
        {
            // Reads of one handle come one at a time: no race on _looks.
            _remote = AssociateHandshake.OriginOf(inbound.Payload);
        }

        _upstream!.Notify(ev);
    }

    [Obsolete("Use the method that states reasons to make sure disassociation reasons are logged.")]
    public override void Disassociate()
    {
        _out.Close();
        _wrapped.Disassociate("the association above the chaos transport was closed", _log);
    }
}
