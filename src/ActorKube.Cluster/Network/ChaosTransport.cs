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
/// Every association handle is wrapped: writes suffer the table's egress impairment towards the remote endpoint,
/// reads its ingress impairment (see <see cref="NetworkFaultTable"/> for why one side of each connection does both).
/// With no fault in force, a message costs one dictionary miss.
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
        _upstream!.Notify(ev is InboundAssociation inbound ? new InboundAssociation(new ChaosHandle(inbound.Association, _chaos, _log)) : ev);

    public override bool IsResponsibleFor(Address remote) => _wrapped.IsResponsibleFor(remote);

    public override async Task<AssociationHandle> Associate(Address remoteAddress) =>
        new ChaosHandle(await _wrapped.Associate(remoteAddress).ConfigureAwait(false), _chaos, _log);

    public override Task<bool> Shutdown() => _wrapped.Shutdown();

    public override Task<bool> ManagementCommand(object message) => _wrapped.ManagementCommand(message);
}

/// <summary>One association (a TCP connection) with the faults applied to what passes through it.</summary>
internal sealed class ChaosHandle : AssociationHandle, IHandleEventListener
{
    private readonly AssociationHandle _wrapped;
    private readonly NetworkChaos _chaos;
    private readonly ILoggingAdapter _log;
    private readonly string _remote;
    private readonly DelayLine<ByteString> _out;
    private readonly DelayLine<IHandleEvent> _in;
    private volatile IHandleEventListener? _upstream;

    public ChaosHandle(AssociationHandle wrapped, NetworkChaos chaos, ILoggingAdapter log)
        : base(wrapped.LocalAddress, wrapped.RemoteAddress)
    {
        _wrapped = wrapped;
        _chaos = chaos;
        _log = log;
        _remote = NetworkFaultTable.Key(wrapped.RemoteAddress.Host, wrapped.RemoteAddress.Port);
        _out = new DelayLine<ByteString>(wrapped.Write);
        _in = new DelayLine<IHandleEvent>(ev =>
        {
            _upstream!.Notify(ev);
            return true;
        });
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
        var impairment = _chaos.Table.Egress(_remote);
        if (impairment.Drops(Random.Shared.NextDouble()))
        {
            // Lost on the way: the writer goes on as if it had been sent.
            return true;
        }

        return _out.Send(payload, impairment.Delay);
    }

    public void Notify(IHandleEvent ev)
    {
        if (ev is InboundPayload)
        {
            var impairment = _chaos.Table.Ingress(_remote);
            if (impairment.Drops(Random.Shared.NextDouble()))
            {
                return;
            }

            _in.Send(ev, impairment.Delay);
            return;
        }

        // Disassociated and transport errors come after the payloads that arrived before them.
        _in.Send(ev, TimeSpan.Zero);
    }

    [Obsolete("Use the method that states reasons to make sure disassociation reasons are logged.")]
    public override void Disassociate()
    {
        _out.Close();
        _wrapped.Disassociate("the association above the chaos transport was closed", _log);
    }
}
