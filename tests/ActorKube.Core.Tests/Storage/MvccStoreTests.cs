using System.Text;
using ActorKube.Core.Storage;

namespace ActorKube.Core.Tests.Storage;

public class MvccStoreTests
{
    private static byte[] V(string s) => Encoding.UTF8.GetBytes(s);

    private static string S(KeyValue kv) => Encoding.UTF8.GetString(kv.Value.Bytes);

    [Fact]
    public void Put_bumps_the_global_revision_and_tracks_create_mod_and_version()
    {
        var store = new MvccStore();
        var a1 = store.Put("/a", V("1"));
        var b1 = store.Put("/b", V("1"));
        var a2 = store.Put("/a", V("2"));

        Assert.Equal(3, store.Revision);
        Assert.True(a1.Succeeded && b1.Succeeded && a2.Succeeded);
        Assert.Equal((1L, 1L, 1L), (a1.Current!.CreateRevision, a1.Current.ModRevision, a1.Current.Version));
        Assert.Equal((1L, 3L, 2L), (a2.Current!.CreateRevision, a2.Current.ModRevision, a2.Current.Version));
        Assert.Equal("1", S(a2.Previous!));
        Assert.Equal(EventType.Put, a2.Event!.Type);
        Assert.Equal("2", S(store.Get("/a")!));
        Assert.Equal(2, store.KeyCount);
    }

    [Fact]
    public void Compare_and_swap_succeeds_only_on_the_expected_mod_revision()
    {
        var store = new MvccStore();
        Assert.True(store.Put("/a", V("1"), CompareRevision.NotExists).Succeeded);

        var create = store.Put("/a", V("x"), CompareRevision.NotExists);
        Assert.False(create.Succeeded);
        Assert.Equal(1, create.Current!.ModRevision);
        Assert.Equal(1, create.Revision);

        var stale = store.Put("/a", V("x"), 7);
        Assert.False(stale.Succeeded);
        Assert.Equal(1, store.Revision);

        var ok = store.Put("/a", V("2"), 1);
        Assert.True(ok.Succeeded);
        Assert.Equal(2, ok.Revision);

        Assert.False(store.Put("/missing", V("x"), 2).Succeeded);
        Assert.Null(store.Put("/missing", V("x"), 2).Current);
    }

    [Fact]
    public void Delete_writes_a_tombstone_and_recreating_starts_a_new_generation()
    {
        var store = new MvccStore();
        store.Put("/a", V("1"));
        Assert.False(store.Delete("/a", 5).Succeeded);

        var deleted = store.Delete("/a", 1);
        Assert.True(deleted.Succeeded);
        Assert.Equal(2, deleted.Revision);
        Assert.Equal(EventType.Delete, deleted.Event!.Type);
        Assert.Equal(2, deleted.Event.Kv.ModRevision);
        Assert.Equal("1", S(deleted.Event.PrevKv!));
        Assert.Null(store.Get("/a"));
        Assert.Equal(0, store.KeyCount);

        var absent = store.Delete("/a");
        Assert.False(absent.Succeeded);
        Assert.Equal(2, store.Revision);

        var again = store.Put("/a", V("3"), CompareRevision.NotExists);
        Assert.Equal((3L, 3L, 1L), (again.Current!.CreateRevision, again.Current.ModRevision, again.Current.Version));
    }

    [Fact]
    public void Range_by_prefix_is_sorted_and_reads_old_revisions()
    {
        var store = new MvccStore();
        store.Put("/registry/pods/ns/b", V("b1"));      // 1
        store.Put("/registry/pods/ns/a", V("a1"));      // 2
        store.Put("/registry/podsx/ns/z", V("other"));  // 3
        store.Put("/registry/pods/ns/a", V("a2"));      // 4
        store.Delete("/registry/pods/ns/b");            // 5
        store.Put("/registry/pods/ns/c", V("c1"));      // 6

        var latest = store.Range("/registry/pods/", isPrefix: true);
        Assert.Equal(["/registry/pods/ns/a", "/registry/pods/ns/c"], latest.Kvs.Select(k => k.Key));
        Assert.Equal(6, latest.Revision);

        var at3 = store.Range("/registry/pods/", isPrefix: true, revision: 3);
        Assert.Equal(["a1", "b1"], at3.Kvs.Select(S));
        Assert.Equal(3, at3.Revision);

        var limited = store.Range("/registry/pods/", isPrefix: true, revision: 4, limit: 1);
        Assert.Equal(["a2"], limited.Kvs.Select(S));
        Assert.True(limited.More);

        Assert.Empty(store.Range("/registry/pods/ns/b").Kvs);
        Assert.Equal("b1", S(store.Range("/registry/pods/ns/b", revision: 4).Kvs.Single()));
        Assert.Equal(3, store.Range("", isPrefix: true).Kvs.Count);
        Assert.Throws<FutureRevisionException>(() => store.Range("/", isPrefix: true, revision: 7));
    }

    [Fact]
    public void Events_since_a_revision_catch_a_watch_up_in_order_under_its_prefix()
    {
        var store = new MvccStore();
        store.Put("/a/1", V("1"));  // 1
        store.Put("/b/1", V("1"));  // 2
        store.Put("/a/1", V("2"));  // 3
        store.Delete("/a/1");       // 4
        store.Put("/a/2", V("1"));  // 5

        var events = store.EventsSince("/a/", 2);
        Assert.Equal([3L, 4L, 5L], events.Select(e => e.Kv.ModRevision));
        Assert.Equal([EventType.Put, EventType.Delete, EventType.Put], events.Select(e => e.Type));
        Assert.Equal("2", S(events[1].PrevKv!));
        Assert.Equal([3L], store.EventsSince("/a/", 2, endRevision: 3).Select(e => e.Kv.ModRevision));
        Assert.Empty(store.EventsSince("/a/", 6));
    }

    [Fact]
    public void Compaction_removes_old_history_and_fails_reads_before_it()
    {
        var store = new MvccStore();
        store.Put("/a", V("1"));   // 1
        store.Put("/a", V("2"));   // 2
        store.Put("/b", V("1"));   // 3
        store.Delete("/b");        // 4
        store.Put("/a", V("3"));   // 5

        store.Compact(4);

        Assert.Equal(4, store.CompactRevision);
        Assert.Throws<CompactedException>(() => store.Range("/a", revision: 3));
        Assert.Throws<CompactedException>(() => store.EventsSince("/", 3));
        Assert.Throws<CompactedException>(() => store.Compact(4));
        Assert.Throws<FutureRevisionException>(() => store.Compact(6));
        Assert.Equal("2", S(store.Range("/a", revision: 4).Kvs.Single()));
        Assert.Equal([4L, 5L], store.EventsSince("/", 4).Select(e => e.Kv.ModRevision));

        store.Compact(5);
        Assert.Equal(1, store.IndexedKeys); // /b's tombstone is gone
        Assert.Equal("3", S(store.Get("/a")!));
    }

    [Fact]
    public void Auto_compaction_keeps_the_last_revisions_and_bounds_history()
    {
        var store = new MvccStore(historyRevisions: 100);
        for (var i = 0; i < 10_000; i++)
        {
            store.Put("/hot", V(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        Assert.InRange(store.Revision - store.CompactRevision, 100, 113);
        Assert.Equal("9999", S(store.Get("/hot")!));
        Assert.Equal("9899", S(store.Get("/hot", store.Revision - 100)!));
        Assert.Throws<CompactedException>(() => store.EventsSince("/", store.Revision - 200));
    }

    [Fact]
    public void Snapshot_round_trip_keeps_state_history_and_revisions()
    {
        var store = new MvccStore();
        store.Put("/a", V("1"));   // 1
        store.Put("/b", V("1"));   // 2
        store.Put("/a", V("2"));   // 3
        store.Delete("/b");        // 4
        store.Put("/c", V(""));    // 5
        store.Compact(2);

        // Frozen (a snapshot kept in memory) and through the binary format (a snapshot store that keeps bytes).
        var export = store.Export();
        foreach (var copy in new[] { MvccStore.Import(export), MvccStore.Import(export.ToBytes()) })
        {
            Assert.Equal(5, copy.Revision);
            Assert.Equal(2, copy.CompactRevision);
            Assert.Equal(2, copy.KeyCount);
            Assert.Equal(store.Range("", true).Kvs, copy.Range("", true).Kvs, KeyValueComparer.Instance);
            Assert.Equal(store.Range("", true, revision: 3).Kvs, copy.Range("", true, revision: 3).Kvs, KeyValueComparer.Instance);
            Assert.Equal(store.EventsSince("", 2).Select(e => (e.Type, e.Kv.ModRevision, e.PrevKv?.ModRevision)),
                copy.EventsSince("", 2).Select(e => (e.Type, e.Kv.ModRevision, e.PrevKv?.ModRevision)));
            Assert.Equal(6, copy.Put("/d", V("x")).Revision);
        }
    }

    [Fact]
    public void An_export_is_frozen_later_writes_and_compactions_do_not_change_it()
    {
        var store = new MvccStore();
        store.Put("/a", V("1"));
        store.Put("/a", V("2"));
        var export = store.Export();
        store.Put("/a", V("3"));
        store.Put("/b", V("1"));
        store.Compact(3);

        var copy = MvccStore.Import(export.ToBytes());
        Assert.Equal(2, copy.Revision);
        Assert.Equal("2", S(copy.Get("/a")!));
        Assert.Equal("1", S(copy.Get("/a", revision: 1)!));
        Assert.Null(copy.Get("/b"));
    }

    [Fact]
    public void Snapshot_up_to_a_revision_leaves_later_writes_out()
    {
        var store = new MvccStore();
        store.Put("/a", V("1"));
        store.Put("/a", V("2"));
        store.Put("/b", V("1"));

        var copy = MvccStore.Import(store.Export(upToRevision: 2));

        Assert.Equal(2, copy.Revision);
        Assert.Equal("2", S(copy.Get("/a")!));
        Assert.Null(copy.Get("/b"));
        Assert.Equal(3, copy.Put("/b", V("1")).Revision);
    }

    [Fact]
    public void Prefix_range_over_many_keys_touches_only_the_prefix()
    {
        var store = new MvccStore();
        for (var i = 0; i < 100_000; i++)
        {
            store.Put($"/registry/pods/ns{i % 10}/p{i:D6}", V("x"));
        }

        store.Put("/registry/nodes/n1", V("x"));
        var result = store.Range("/registry/pods/ns3/", isPrefix: true);
        Assert.Equal(10_000, result.Kvs.Count);
        Assert.All(result.Kvs, kv => Assert.StartsWith("/registry/pods/ns3/", kv.Key, StringComparison.Ordinal));
        Assert.Equal(result.Kvs.Select(k => k.Key).Order(StringComparer.Ordinal), result.Kvs.Select(k => k.Key));
        Assert.Single(store.Range("/registry/nodes/", isPrefix: true).Kvs);
    }

    private sealed class KeyValueComparer : IEqualityComparer<KeyValue>
    {
        public static readonly KeyValueComparer Instance = new();

        public bool Equals(KeyValue? x, KeyValue? y) =>
            x is not null && y is not null && x.Key == y.Key && x.ModRevision == y.ModRevision && x.CreateRevision == y.CreateRevision
            && x.Version == y.Version && x.Value.Bytes.AsSpan().SequenceEqual(y.Value.Bytes);

        public int GetHashCode(KeyValue obj) => obj.Key.GetHashCode(StringComparison.Ordinal);
    }
}
