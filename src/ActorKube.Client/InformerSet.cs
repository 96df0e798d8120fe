using Akka.Actor;

namespace ActorKube.Client;

/// <summary>The informers of one actor: started together, each message routed to the one it belongs to.</summary>
public sealed class InformerSet
{
    private readonly List<IInformer> _informers = [];

    public Action? OnAllSynced { get; set; }

    public bool AllSynced => _informers.TrueForAll(i => i.HasSynced);

    public TInformer Add<TInformer>(TInformer informer) where TInformer : IInformer
    {
        _informers.Add(informer);
        return informer;
    }

    public void Start(IActorRef apiServer, IActorRef self)
    {
        foreach (var i in _informers)
        {
            i.Start(apiServer, self);
        }
    }

    public void Stop()
    {
        foreach (var i in _informers)
        {
            i.Stop();
        }
    }

    /// <summary>True if one of the informers consumed the message.</summary>
    public bool Handle(object message)
    {
        foreach (var i in _informers)
        {
            var wasSynced = AllSynced;
            if (i.Handle(message))
            {
                if (!wasSynced && AllSynced)
                {
                    OnAllSynced?.Invoke();
                }

                return true;
            }
        }

        return false;
    }
}
