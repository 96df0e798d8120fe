using ActorKube.Core.Api;
using ActorKube.Core.Objects;

namespace ActorKube.Core.Tests.Api;

public class WatchCacheTests
{
    private static V1Pod Pod(string name, string? node = null, long rv = 0, string app = "web") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", ResourceVersion = rv.ToString(System.Globalization.CultureInfo.InvariantCulture), Labels = new Dictionary<string, string> { ["app"] = app } },
        Spec = new V1PodSpec { NodeName = node },
    };

    private static CacheWatcher Watcher(long id, string? node = null, Func<IKubernetesObject<V1ObjectMeta>, bool>? filter = null) =>
        new(id, Resources.Pods, null, filter ?? (_ => true), node, $"w{id}", null, false);

    private static string Key(string name) => Resources.Pods.Key("default", name);

    [Fact]
    public void Added_modified_deleted_reach_a_plain_watcher()
    {
        var cache = new WatchCache();
        var w = Watcher(1);
        Assert.Empty(cache.AddWatcher(w, null)!);
        var d = new List<Delivery>();
        cache.Apply(Resources.Pods, Key("a"), Pod("a", rv: 5), 5, d);
        cache.Apply(Resources.Pods, Key("a"), Pod("a", "n1", 6), 6, d);
        cache.Apply(Resources.Pods, Key("a"), null, 7, d);
        Assert.Equal([CacheEventType.Added, CacheEventType.Modified, CacheEventType.Deleted], d.Select(x => x.Type));
        Assert.Equal("7", d[2].Object.Metadata.ResourceVersion);
        Assert.Null(cache.Get(Resources.Pods, "default", "a"));
        Assert.Equal(7, cache.Revision);
    }

    [Fact]
    public void A_kubelet_watch_on_its_node_sees_a_pod_bound_to_it_as_added_and_unbound_as_deleted()
    {
        var cache = new WatchCache();
        var n1 = Watcher(1, "n1");
        var n2 = Watcher(2, "n2");
        cache.AddWatcher(n1, null);
        cache.AddWatcher(n2, null);
        var d = new List<Delivery>();
        cache.Apply(Resources.Pods, Key("a"), Pod("a", rv: 1), 1, d);
        Assert.Empty(d);
        cache.Apply(Resources.Pods, Key("a"), Pod("a", "n1", 2), 2, d);
        var bound = Assert.Single(d);
        Assert.Same(n1, bound.Watcher);
        Assert.Equal(CacheEventType.Added, bound.Type);
        d.Clear();
        cache.Apply(Resources.Pods, Key("a"), null, 3, d);
        Assert.Equal(CacheEventType.Deleted, Assert.Single(d).Type);
    }

    [Fact]
    public void An_object_that_stops_matching_a_selector_is_deleted_for_that_watcher()
    {
        var cache = new WatchCache();
        var w = Watcher(1, filter: o => o.Metadata.Labels?["app"] == "web");
        cache.AddWatcher(w, null);
        var d = new List<Delivery>();
        cache.Apply(Resources.Pods, Key("a"), Pod("a", rv: 1), 1, d);
        cache.Apply(Resources.Pods, Key("a"), Pod("a", rv: 2, app: "db"), 2, d);
        cache.Apply(Resources.Pods, Key("a"), Pod("a", rv: 3, app: "db"), 3, d);
        Assert.Equal([CacheEventType.Added, CacheEventType.Deleted], d.Select(x => x.Type));
    }

    [Fact]
    public void A_watch_from_a_revision_replays_what_came_after_it()
    {
        var cache = new WatchCache();
        var d = new List<Delivery>();
        for (var i = 1; i <= 5; i++)
        {
            cache.Apply(Resources.Pods, Key($"p{i}"), Pod($"p{i}", rv: i), i, d);
        }

        var replay = cache.AddWatcher(Watcher(1), 3)!;
        Assert.Equal([4L, 5L], replay.Select(x => x.Revision));
    }

    [Fact]
    public void A_watch_from_a_revision_older_than_the_window_is_gone()
    {
        var cache = new WatchCache(historyCapacity: 16);
        var d = new List<Delivery>();
        for (var i = 1; i <= 40; i++)
        {
            cache.Apply(Resources.Pods, Key($"p{i}"), Pod($"p{i}", rv: i), i, d);
        }

        Assert.Null(cache.AddWatcher(Watcher(1), 2));
        Assert.NotNull(cache.AddWatcher(Watcher(2), 30));
    }

    [Fact]
    public void A_watch_without_revision_starts_with_the_current_state_as_added()
    {
        var cache = new WatchCache();
        cache.Load(Resources.Pods, Pod("b", rv: 2), 2);
        cache.Load(Resources.Pods, Pod("a", rv: 1), 2);
        var initial = cache.AddWatcher(Watcher(1), null)!;
        Assert.Equal(["a", "b"], initial.Select(x => x.Object.Metadata.Name));
        Assert.All(initial, x => Assert.Equal(CacheEventType.Added, x.Type));
    }

    [Fact]
    public void List_is_sorted_by_key_filtered_by_namespace_and_pages_after_a_key()
    {
        var cache = new WatchCache();
        cache.Load(Resources.Pods, Pod("c", rv: 3), 3);
        cache.Load(Resources.Pods, Pod("a", rv: 1), 3);
        cache.Load(Resources.Pods, new V1Pod { Metadata = new V1ObjectMeta { Name = "x", NamespaceProperty = "other" } }, 3);
        Assert.Equal(["a", "c"], cache.List(Resources.Pods, "default", null).Select(p => p.Metadata.Name));
        Assert.Equal(3, cache.List(Resources.Pods, null, null).Count);
        Assert.Equal(["c"], cache.List(Resources.Pods, "default", null, Key("a")).Select(p => p.Metadata.Name));
    }

    [Fact]
    public void Removed_watchers_get_nothing()
    {
        var cache = new WatchCache();
        cache.AddWatcher(Watcher(1, "n1"), null);
        cache.AddWatcher(Watcher(2), null);
        Assert.True(cache.RemoveWatcher(1));
        Assert.True(cache.RemoveWatcher(2));
        Assert.False(cache.RemoveWatcher(2));
        var d = new List<Delivery>();
        cache.Apply(Resources.Pods, Key("a"), Pod("a", "n1", 1), 1, d);
        Assert.Empty(d);
        Assert.Equal(0, cache.WatcherCount);
    }
}
