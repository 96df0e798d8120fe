using Akka.Actor;
using ActorKube.Client;
using ActorKube.Core.Objects;

namespace ActorKube.Node.Kubelet;

/// <summary>
/// The kubelet's status manager: writes pod statuses through the apiserver (subresource "status"),
/// at most one write in flight per pod, and only the latest status once the previous write is answered,
/// so a burst of transitions costs one or two writes. Deletes a finished, deleted pod (grace period 0,
/// uid precondition) after its final status is written, as the kubelet does. While the node is partitioned
/// from the control plane it holds the latest status of each pod; on heal it writes them, and again any write
/// whose reply was lost, as the kubelet's status manager catches up by its periodic sync.
/// </summary>
public sealed class StatusManagerActor : ReceiveActor
{
    private const int MaxRetries = 3;

    private readonly IActorRef _apiServer;
    private readonly string _from;
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private bool _partitioned;

    public StatusManagerActor(string nodeName, IActorRef apiServer)
    {
        _apiServer = apiServer;
        _from = $"kubelet/{nodeName}";
        Receive<PodStatusUpdate>(OnUpdate);
        Receive<ApiResponse>(r => r.Tag is WriteTag, OnWritten);
        Receive<ApiResponse>(r => r.Tag is DeleteTag, _ => { });
        Receive<Partition>(_ => _partitioned = true);
        Receive<Heal>(_ => OnHeal());
    }

    public static Props Props(string nodeName, IActorRef apiServer) => Akka.Actor.Props.Create<StatusManagerActor>(nodeName, apiServer);

    private void OnUpdate(PodStatusUpdate m)
    {
        var key = m.Pod.KeyOf();
        if (!_entries.TryGetValue(key, out var e))
        {
            e = new Entry();
            _entries[key] = e;
        }

        if (e.InFlight is not null)
        {
            e.Pending = Merge(e.Pending, m);
            return;
        }

        Send(key, e, m);
    }

    /// <summary>Only the latest status is written; a delete request is never lost.</summary>
    private static PodStatusUpdate Merge(PodStatusUpdate? older, PodStatusUpdate newer) =>
        older is null ? newer
        : !newer.WriteStatus ? older with { DeleteAfter = true }
        : older.DeleteAfter && !newer.DeleteAfter ? newer with { DeleteAfter = true }
        : newer;

    private void Send(string key, Entry e, PodStatusUpdate m)
    {
        if (_partitioned)
        {
            // Nothing reaches the apiserver: keep the latest for when the network is back.
            e.Pending = Merge(e.Pending, m);
            return;
        }

        if (!m.WriteStatus)
        {
            Delete(key, m.Pod);
            _entries.Remove(key);
            return;
        }

        e.InFlight = m;
        e.Seq++;
        // Unconditional (no resourceVersion): the kubelet owns pod status, like its status patches.
        var pod = m.Pod with { Metadata = m.Pod.Metadata with { ResourceVersion = null } };
        var trace = m.Pod.TraceId();
        _apiServer.Tell(new UpdateObject(pod, "status") { Tag = new WriteTag(key, e.Seq), From = _from, TraceId = trace }, Self);
    }

    private void OnWritten(ApiResponse r)
    {
        var tag = (WriteTag)r.Tag!;
        if (!_entries.TryGetValue(tag.Key, out var e) || e.Seq != tag.Seq || e.InFlight is null)
        {
            return;
        }

        var done = e.InFlight;
        e.InFlight = null;
        if (!r.IsSuccess)
        {
            if (r.Code == 404)
            {
                _entries.Remove(tag.Key);
                return;
            }

            if (e.Pending is null && e.Retries++ < MaxRetries)
            {
                Send(tag.Key, e, done);
                return;
            }
        }
        else
        {
            e.Retries = 0;
        }

        if (e.Pending is { } next)
        {
            e.Pending = null;
            Send(tag.Key, e, done.DeleteAfter && !next.DeleteAfter ? next with { DeleteAfter = true } : next);
            return;
        }

        if (done.DeleteAfter)
        {
            if (_partitioned)
            {
                e.Pending = done with { WriteStatus = false };
                return;
            }

            Delete(tag.Key, done.Pod);
        }

        _entries.Remove(tag.Key);
    }

    private void OnHeal()
    {
        if (!_partitioned)
        {
            return;
        }

        _partitioned = false;
        foreach (var key in _entries.Keys.ToList())
        {
            var e = _entries[key];
            // A write in flight when the network went may never be answered: send it again (a new sequence
            // number makes a late reply to the old one stale), merged with what came since.
            var next = e.InFlight is { } inFlight ? Merge(inFlight, e.Pending ?? inFlight) : e.Pending;
            e.InFlight = null;
            e.Pending = null;
            if (next is not null)
            {
                Send(key, e, next);
            }
        }
    }

    private void Delete(string key, V1Pod pod)
    {
        var options = new V1DeleteOptions { GracePeriodSeconds = 0, Preconditions = new V1Preconditions { Uid = pod.Metadata.Uid } };
        _apiServer.Tell(new DeleteObject(Resources.Pods, pod.Metadata.NamespaceProperty, pod.Metadata.Name, options) { Tag = DeleteTag.Instance, From = _from, TraceId = pod.TraceId() }, Self);
    }

    private sealed class Entry
    {
        public PodStatusUpdate? InFlight { get; set; }

        public PodStatusUpdate? Pending { get; set; }

        public int Seq { get; set; }

        public int Retries { get; set; }
    }

    private sealed record WriteTag(string Key, int Seq) : IWireTag;

    private sealed record DeleteTag : IWireTag
    {
        public static readonly DeleteTag Instance = new();
    }
}
