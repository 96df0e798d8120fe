using ActorKube.Core.Storage;
using Akka.Actor;

namespace ActorKube.ControlPlane.Etcd;

/// <summary>The etcd actor's watches: who watches which prefix from which revision, and the per-batch fan-out.</summary>
internal sealed class EtcdWatchers
{
    private readonly Dictionary<IActorRef, List<Watch>> _byWatcher = [];

    public int Count { get; private set; }

    /// <summary>Adds a watch; returns true when it is the watcher's first (so the caller death-watches it).</summary>
    public bool Add(IActorRef watcher, object? tag, string prefix, long fromRevision)
    {
        var first = !_byWatcher.TryGetValue(watcher, out var watches);
        if (watches is null)
        {
            watches = [];
            _byWatcher.Add(watcher, watches);
        }

        watches.Add(new Watch(tag, prefix, fromRevision));
        Count++;
        return first;
    }

    /// <summary>Removes the watcher's watch with this tag; returns true when the watcher has no watch left.</summary>
    public bool Remove(IActorRef watcher, object? tag, out bool found)
    {
        found = false;
        if (!_byWatcher.TryGetValue(watcher, out var watches))
        {
            return false;
        }

        var removed = watches.RemoveAll(w => Equals(w.Tag, tag));
        found = removed > 0;
        Count -= removed;
        if (watches.Count > 0)
        {
            return false;
        }

        _byWatcher.Remove(watcher);
        return true;
    }

    public void RemoveAll(IActorRef watcher)
    {
        if (_byWatcher.Remove(watcher, out var watches))
        {
            Count -= watches.Count;
        }
    }

    /// <summary>Sends each watch the events of one stored batch under its prefix (one message per watch, none if empty).</summary>
    public void Publish(IReadOnlyList<StoreEvent> events, IActorRef self)
    {
        if (events.Count == 0)
        {
            return;
        }

        foreach (var (watcher, watches) in _byWatcher)
        {
            foreach (var watch in watches)
            {
                List<StoreEvent>? matched = null;
                foreach (var e in events)
                {
                    if (e.Kv.ModRevision >= watch.FromRevision && e.Kv.Key.StartsWith(watch.Prefix, StringComparison.Ordinal))
                    {
                        (matched ??= new List<StoreEvent>(watch.Prefix.Length == 0 ? events.Count : 4)).Add(e);
                    }
                }

                if (matched is not null)
                {
                    watcher.Tell(new EtcdWatchEvents(watch.Tag, matched), self);
                }
            }
        }
    }

    /// <summary>Tells every watch it ended (the actor is stopping), so its owner can watch again after recovery.</summary>
    public void CancelAll(long compactRevision, string reason, IActorRef self)
    {
        foreach (var (watcher, watches) in _byWatcher)
        {
            foreach (var watch in watches)
            {
                watcher.Tell(new EtcdWatchCanceled(watch.Tag, compactRevision, reason), self);
            }
        }

        _byWatcher.Clear();
        Count = 0;
    }

    private sealed record Watch(object? Tag, string Prefix, long FromRevision);
}
