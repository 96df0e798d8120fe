using ActorKube.Core.Storage;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;

namespace ActorKube.ControlPlane.Etcd;

/// <summary>
/// The emulated etcd: an <see cref="MvccStore"/> made durable by an Akka.Persistence journal.
/// Writes are applied to the store as they arrive (so a later compare in the same batch sees an earlier write),
/// collected while a journal write is in flight, and stored as one <see cref="EtcdBatchStored"/> event per
/// max-batch writes (group commit). Once a batch is stored its watch events go out, then its acks. Reads are
/// served at the last stored revision, so nobody sees a write that could still be lost.
/// </summary>
public sealed class EtcdActor : ReceivePersistentActor
{
    private readonly EtcdSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly EtcdWatchers _watchers = new();
    private readonly List<Batch> _pending = [];
    private readonly Queue<Batch> _inFlight = new();
    private readonly bool _journalNeedsBytes;
    private MvccStore _store;
    private long _committedRevision;
    private bool _flushScheduled;
    private bool _snapshotting;
    private long _sinceSnapshot;
    private long _writes;
    private long _batches;

    public EtcdActor(EtcdSettings settings, string persistenceId)
    {
        _settings = settings;
        PersistenceId = persistenceId;
        _store = new MvccStore(settings.HistoryRevisions);
        _journalNeedsBytes = settings.Storage != EtcdSettings.Memory;

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is EtcdSnapshot snapshot)
            {
                _store = MvccStore.Import(snapshot.Store, _settings.HistoryRevisions);
            }
        });
        Recover<EtcdBatchStored>(Replay);
        Recover<RecoveryCompleted>(_ =>
        {
            _committedRevision = _store.Revision;
            _log.Info("etcd {0} recovered: revision {1}, compact revision {2}, {3} keys", PersistenceId, _store.Revision, _store.CompactRevision, _store.KeyCount);
        });

        Command<EtcdPut>(put =>
        {
            var batch = Collecting();
            var result = _store.Put(put.Key, put.Value, put.ExpectedModRevision);
            if (result.Succeeded)
            {
                batch.Add(EtcdOp.Put(put.Key, put.Value), result.Event!, result.Revision);
                if (_journalNeedsBytes && !put.Value.IsEncoded)
                {
                    // The journal will serialize the batch: encode the value now on another thread, while the batch
                    // before it is being written, rather than all at once on the journal's path when this one goes.
                    ThreadPool.UnsafeQueueUserWorkItem(static v => _ = v.Bytes, put.Value, preferLocal: false);
                }
            }

            batch.Reply(Sender, put.Tag, new EtcdWriteResult(put.Tag, result.Succeeded, result.Revision, result.Current, result.Previous));
            ScheduleFlush();
        });
        Command<EtcdDelete>(delete =>
        {
            var batch = Collecting();
            var result = _store.Delete(delete.Key, delete.ExpectedModRevision);
            if (result.Succeeded)
            {
                batch.Add(EtcdOp.Delete(delete.Key), result.Event!, result.Revision);
            }

            batch.Reply(Sender, delete.Tag, new EtcdWriteResult(delete.Tag, result.Succeeded, result.Revision, result.Current, result.Previous));
            ScheduleFlush();
        });
        Command<EtcdCompact>(Compact);
        Command<EtcdRange>(Range);
        Command<EtcdWatch>(Watch);
        Command<EtcdCancelWatch>(cancel =>
        {
            if (_watchers.Remove(Sender, cancel.Tag, out var found))
            {
                Context.Unwatch(Sender);
            }

            if (found)
            {
                Sender.Tell(new EtcdWatchCanceled(cancel.Tag, _store.CompactRevision, "canceled"));
            }
        });
        Command<EtcdGetStatus>(status =>
            Sender.Tell(new EtcdStatus(status.Tag, _committedRevision, _store.CompactRevision, _store.KeyCount, _writes, _batches)));
        Command<FlushBatches>(_ => Flush());
        Command<Terminated>(t => _watchers.RemoveAll(t.ActorRef));

        Command<SaveSnapshotSuccess>(success =>
        {
            _snapshotting = false;
            DeleteMessages(success.Metadata.SequenceNr);
            DeleteSnapshots(new SnapshotSelectionCriteria(success.Metadata.SequenceNr - 1));
        });
        Command<SaveSnapshotFailure>(failure =>
        {
            _snapshotting = false;
            _log.Warning(failure.Cause, "etcd snapshot at sequence number {0} failed", failure.Metadata.SequenceNr);
        });
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(failure => _log.Warning(failure.Cause, "etcd could not delete journal entries up to {0}", failure.ToSequenceNr));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(failure => _log.Warning(failure.Cause, "etcd could not delete old snapshots"));
    }

    public override string PersistenceId { get; }

    public static Props Props(EtcdSettings settings, string persistenceId = "etcd") =>
        Akka.Actor.Props.Create(() => new EtcdActor(settings, persistenceId));

    /// <summary>The actor under a backoff supervisor: a journal write failure stops it (Akka.Persistence's rule), and the
    /// supervisor starts it again after a backoff, recovering from the journal. Use this for the singleton.</summary>
    public static Props SupervisedProps(EtcdSettings settings, string persistenceId = "etcd") =>
        Akka.Pattern.BackoffSupervisor.Props(Akka.Pattern.Backoff.OnStop(
            Props(settings, persistenceId), persistenceId, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), 0.2, -1));

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        FailOutstanding("journal write failed: " + cause.Message);
        base.OnPersistFailure(cause, @event, sequenceNr); // stops the actor; its supervisor restarts it from the journal
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        base.OnPersistRejected(cause, @event, sequenceNr);
        FailOutstanding("journal rejected the batch: " + cause.Message);

        // Later writes were applied on top of the rejected ones: rebuild the store from the journal.
        throw new InvalidOperationException("etcd batch rejected by the journal; restarting to recover the stored state", cause);
    }

    protected override void PostStop()
    {
        FailOutstanding("etcd stopped");
        _watchers.CancelAll(_store.CompactRevision, "etcd stopped", Self);
        base.PostStop();
    }

    private void Replay(EtcdBatchStored stored)
    {
        if (stored.FirstRevision != _store.Revision + 1)
        {
            throw new InvalidOperationException($"etcd journal batch starts at revision {stored.FirstRevision}, store is at {_store.Revision}");
        }

        foreach (var op in stored.Ops)
        {
            var ok = op.Kind switch
            {
                EtcdOpKind.Put => _store.Put(op.Key, op.Value).Succeeded,
                EtcdOpKind.Delete => _store.Delete(op.Key).Succeeded,
                _ => ReplayCompact(op.Revision),
            };
            if (!ok)
            {
                throw new InvalidOperationException($"etcd journal replay: {op.Kind} {op.Key} failed at revision {_store.Revision}");
            }
        }
    }

    private bool ReplayCompact(long revision)
    {
        if (revision > _store.CompactRevision)
        {
            _store.Compact(revision);
        }

        return true;
    }

    private void Compact(EtcdCompact compact)
    {
        var batch = Collecting();
        string? error = null;
        if (compact.Revision > _committedRevision)
        {
            error = "future revision";
        }
        else
        {
            try
            {
                _store.Compact(compact.Revision);
                batch.Add(EtcdOp.Compact(compact.Revision), null, _store.Revision);
            }
            catch (MvccException e)
            {
                error = e is CompactedException ? "compacted" : "future revision";
            }
        }

        batch.Reply(Sender, compact.Tag, new EtcdCompacted(compact.Tag, _store.CompactRevision, error));
        ScheduleFlush();
    }

    private void Range(EtcdRange range)
    {
        var revision = range.Revision <= 0 ? _committedRevision : range.Revision;
        if (revision > _committedRevision)
        {
            Sender.Tell(new EtcdRangeResult(range.Tag, [], _committedRevision, false, "future revision"));
            return;
        }

        if (revision == 0)
        {
            Sender.Tell(new EtcdRangeResult(range.Tag, [], 0, false));
            return;
        }

        try
        {
            var result = _store.Range(range.Key, range.IsPrefix, revision, range.Limit);
            Sender.Tell(new EtcdRangeResult(range.Tag, result.Kvs, result.Revision, result.More));
        }
        catch (CompactedException)
        {
            Sender.Tell(new EtcdRangeResult(range.Tag, [], _committedRevision, false, "compacted"));
        }
    }

    private void Watch(EtcdWatch watch)
    {
        var start = watch.StartRevision;
        if (start > 0 && start <= _committedRevision)
        {
            IReadOnlyList<StoreEvent> history;
            try
            {
                history = _store.EventsSince(watch.Prefix, start, _committedRevision);
            }
            catch (CompactedException)
            {
                Sender.Tell(new EtcdWatchCanceled(watch.Tag, _store.CompactRevision, "compacted"));
                return;
            }

            for (var i = 0; i < history.Count; i += _settings.MaxBatch)
            {
                var chunk = i == 0 && history.Count <= _settings.MaxBatch ? history : history.Skip(i).Take(_settings.MaxBatch).ToList();
                Sender.Tell(new EtcdWatchEvents(watch.Tag, chunk));
            }
        }

        var from = Math.Max(start, _committedRevision + 1);
        if (_watchers.Add(Sender, watch.Tag, watch.Prefix, from))
        {
            Context.Watch(Sender);
        }
    }

    /// <summary>The batch new writes join: a fresh one when the last is full.</summary>
    private Batch Collecting()
    {
        if (_pending.Count == 0 || _pending[^1].Ops.Count >= _settings.MaxBatch)
        {
            _pending.Add(new Batch(_store.Revision + 1));
        }

        return _pending[^1];
    }

    /// <summary>Flush after the writes already in the mailbox have joined the batch.</summary>
    private void ScheduleFlush()
    {
        if (!_flushScheduled && _inFlight.Count == 0)
        {
            _flushScheduled = true;
            Self.Tell(FlushBatches.Instance);
        }
    }

    private void Flush()
    {
        _flushScheduled = false;
        if (_inFlight.Count > 0 || _pending.Count == 0)
        {
            return;
        }

        var batches = _pending.ToList();
        _pending.Clear();

        // Only the last batch can hold no stored write (failed compares): it is answered with the one before it.
        var last = batches[^1];
        if (last.Ops.Count == 0)
        {
            batches.RemoveAt(batches.Count - 1);
            if (batches.Count == 0)
            {
                last.SendReplies(Self);
                return;
            }

            batches[^1].Replies.AddRange(last.Replies);
        }

        foreach (var batch in batches)
        {
            _inFlight.Enqueue(batch);
        }

        // Nothing is in flight, so the journal's sequence numbers continue from LastSequenceNr (PersistAllAsync
        // assigns them only when the write leaves this receive). The snapshot of a batch is tagged with its number.
        var sequenceNr = LastSequenceNr;
        foreach (var batch in batches)
        {
            batch.SequenceNr = ++sequenceNr;
        }

        PersistAllAsync(batches.Select(b => new EtcdBatchStored(b.FirstRevision, b.Ops)).ToList(), OnStored);
    }

    private void OnStored(EtcdBatchStored stored)
    {
        var batch = _inFlight.Dequeue();
        _committedRevision = batch.LastRevision;
        _writes += batch.Ops.Count;
        _batches++;
        _watchers.Publish(batch.Events, Self);
        batch.SendReplies(Self);

        // Counted in journal events (batches): replay after the snapshot reads at most this many events, and under
        // load (big batches) the store, whose export costs O(store), is not re-exported every few thousand writes.
        _sinceSnapshot++;
        if (_sinceSnapshot >= _settings.SnapshotEvery && !_snapshotting)
        {
            _snapshotting = true;
            _sinceSnapshot = 0;
            var snapshot = new EtcdSnapshot(_store.Export(_committedRevision));
            SnapshotStore.Tell(new SaveSnapshot(new SnapshotMetadata(PersistenceId, batch.SequenceNr, Context.System.Scheduler.Now.UtcDateTime), snapshot), Self);
        }

        if (_inFlight.Count == 0 && _pending.Count > 0)
        {
            ScheduleFlush();
        }
    }

    private void FailOutstanding(string reason)
    {
        foreach (var batch in _inFlight.Concat(_pending))
        {
            foreach (var reply in batch.Replies)
            {
                reply.To.Tell(new EtcdWriteFailed(reply.Tag, reason), Self);
            }
        }

        _inFlight.Clear();
        _pending.Clear();
    }

    private sealed class FlushBatches : INoSerializationVerificationNeeded
    {
        public static readonly FlushBatches Instance = new();
    }

    private readonly record struct Reply(IActorRef To, object? Tag, object Message);

    /// <summary>Writes applied to the store together and stored as one journal event.</summary>
    private sealed class Batch(long firstRevision)
    {
        public long FirstRevision { get; } = firstRevision;

        public List<EtcdOp> Ops { get; } = [];

        public List<StoreEvent> Events { get; } = [];

        public List<Reply> Replies { get; } = [];

        public long LastRevision { get; private set; }

        public long SequenceNr { get; set; }

        public void Add(EtcdOp op, StoreEvent? change, long revision)
        {
            Ops.Add(op);
            if (change is not null)
            {
                Events.Add(change);
            }

            LastRevision = revision;
        }

        public void Reply(IActorRef to, object? tag, object message) => Replies.Add(new Reply(to, tag, message));

        public void SendReplies(IActorRef self)
        {
            foreach (var reply in Replies)
            {
                reply.To.Tell(reply.Message, self);
            }
        }
    }
}
