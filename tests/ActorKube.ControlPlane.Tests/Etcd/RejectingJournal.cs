using System.Collections.Immutable;
using ActorKube.ControlPlane.Etcd;
using Akka.Persistence;
using Akka.Persistence.Journal;

namespace ActorKube.ControlPlane.Tests.Etcd;

/// <summary>In-memory journal that rejects every write holding a batch with a key containing "/poison".</summary>
public sealed class RejectingJournal : MemoryJournal
{
    public const string Config = """
        akka.persistence.journal.plugin = "akka.persistence.journal.rejecting"
        akka.persistence.journal.rejecting {
          class = "ActorKube.ControlPlane.Tests.Etcd.RejectingJournal, ActorKube.ControlPlane.Tests"
          plugin-dispatcher = "akka.actor.default-dispatcher"
        }
        """;

    protected override async Task<IImmutableList<Exception?>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        var writes = messages.ToList();
        var results = new List<Exception?>();
        foreach (var write in writes)
        {
            var poisoned = ((IEnumerable<IPersistentRepresentation>)write.Payload)
                .Any(p => p.Payload is EtcdBatchStored b && b.Ops.Any(o => o.Key.Contains("/poison", StringComparison.Ordinal)));
            if (poisoned)
            {
                results.Add(new InvalidOperationException("poisoned batch"));
            }
            else
            {
                var stored = await base.WriteMessagesAsync([write], cancellationToken);
                results.Add(stored?.FirstOrDefault());
            }
        }

        return results.ToImmutableList();
    }
}
