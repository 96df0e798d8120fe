using System.Globalization;
using System.Runtime.InteropServices;
using Akka.Actor;
using Akka.Event;
using ActorKube.Client;
using ActorKube.ControlPlane.Etcd;
using ActorKube.Core.Api;
using ActorKube.Core.Objects;
using ActorKube.Core.Selectors;
using ActorKube.Core.Storage;
using ActorKube.Core.Time;
using Serilog.Events;
using WatchEventType = ActorKube.Client.WatchEventType;

namespace ActorKube.ControlPlane.ApiServer;

/// <summary>
/// kube-apiserver: the single entry to the cluster state. Validates and defaults requests (ApiStrategy),
/// writes through the etcd actor with compare-and-swap on the mod revision, and serves reads and watches
/// from its watch cache, which it fills from one etcd watch. Every failure is an ApiResponse with a Status.
/// </summary>
public sealed class ApiServerActor : ReceiveActor, IWithStash, IWithTimers
{
    // Tags of the apiserver's own etcd range and watch; its writes are tagged with request ids (longs).
    private const string InitTag = "apiserver-load";
    private const string WatchTag = "apiserver-watch";

    private readonly IActorRef _etcd;

    // The etcd actor that answered the load: watched, because its watch of the cache dies with it. In a
    // multi-process cluster _etcd is a singleton proxy, and the singleton moving to another control plane
    // is only seen this way.
    private IActorRef? _etcdInstance;
    private readonly ClusterClock _clock;
    private readonly ApiServerSettings _settings;
    private WatchCache _cache;
    private readonly Dictionary<long, Pending> _pending = [];
    private readonly Dictionary<StoredValue, IKubernetesObject<V1ObjectMeta>> _ownWrites = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<IActorRef, Dictionary<object, long>> _watchesBySubscriber = [];
    private readonly Dictionary<string, ResourceInfo> _byPrefix;
    private readonly Dictionary<string, ResourceInfo>.AlternateLookup<ReadOnlySpan<char>> _byPrefixSpan;

    // Reused by every batch of etcd events (the apiserver handles one at a time).
    private readonly List<Delivery> _deliveries = [];
    private readonly Dictionary<CacheWatcher, int> _deliveryCounts = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<CacheWatcher, (WatchEvent[] Events, int Filled)> _eventsByWatcher = new(ReferenceEqualityComparer.Instance);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private long _nextRequestId;
    private long _nextWatchId;

    public ApiServerActor(IActorRef etcd, ClusterClock clock, ApiServerSettings settings)
    {
        _etcd = etcd;
        _clock = clock;
        _settings = settings;
        _cache = new WatchCache(settings.WatchCacheSize);
        _byPrefix = Resources.All.ToDictionary(r => r.KeyPrefix, StringComparer.Ordinal);
        _byPrefixSpan = _byPrefix.GetAlternateLookup<ReadOnlySpan<char>>();
        Starting();
    }

    public IStash Stash { get; set; } = null!;

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef etcd, ClusterClock clock, ApiServerSettings? settings = null) =>
        Akka.Actor.Props.Create(() => new ApiServerActor(etcd, clock, settings ?? new ApiServerSettings()));

    /// <summary>The apiserver of a cluster process: with its priority mailbox (<see cref="ApiServerMailbox"/>, whose
    /// <see cref="ApiServerMailbox.Declaration"/> the actor system must hold).</summary>
    public static Props PropsWithPriorities(IActorRef etcd, ClusterClock clock, ApiServerSettings? settings = null) =>
        Props(etcd, clock, settings).WithMailbox(ApiServerMailbox.Id);

    protected override void PreStart() => LoadFromEtcd();

    /// <summary>Range everything, and ask again until etcd answers: while it restarts under its supervisor, messages to it are lost.</summary>
    private void LoadFromEtcd()
    {
        _etcd.Tell(new EtcdRange(InitTag, "/registry/", IsPrefix: true));
        Timers.StartSingleTimer("load", RetryLoad.Instance, TimeSpan.FromSeconds(1));
    }

    private void Starting()
    {
        Receive<RetryLoad>(_ => LoadFromEtcd());
        Receive<EtcdRangeResult>(r => r.Tag is InitTag, r =>
        {
            Timers.Cancel("load");
            if (!Equals(Sender, _etcdInstance))
            {
                if (_etcdInstance is not null)
                {
                    Context.Unwatch(_etcdInstance);
                }

                _etcdInstance = Context.Watch(Sender);
            }

            if (r.Error is not null)
            {
                _log.Error("apiserver could not read etcd: {0}", r.Error);
                throw new InvalidOperationException(r.Error);
            }

            foreach (var kv in r.Kvs)
            {
                if (TryResource(kv.Key, out var res))
                {
                    _cache.Load(res, Decode(res, kv), kv.ModRevision);
                }
            }

            _cache.SetRevision(r.Revision);
            _etcd.Tell(new EtcdWatch(WatchTag, "/registry/", r.Revision + 1));
            Become(Ready);
            Stash.UnstashAll();
            EnsureSystemNamespaces();
            Timers.StartPeriodicTimer("bookmarks", SendBookmarks.Instance, _settings.BookmarkInterval);
            Timers.StartPeriodicTimer("event-ttl", ExpireEvents.Instance, TimeSpan.FromSeconds(Math.Max(1, _clock.ToWall(TimeSpan.FromMinutes(1)).TotalSeconds)));
        });
        ReceiveAny(_ => Stash.Stash());
    }

    private void Ready()
    {
        Receive<EtcdWatchEvents>(OnEtcdEvents);
        Receive<EtcdWriteResult>(OnWriteResult);
        Receive<EtcdWatchCanceled>(c => c.Tag is WatchTag, c =>
        {
            // etcd restarted (or our start revision was compacted): rebuild the cache from a fresh range.
            // Watchers must re-list; writes in flight have an unknown outcome.
            _log.Warning("etcd watch cancelled ({0}); reloading the watch cache", c.Reason);
            Reload();
        });
        Receive<EtcdWriteFailed>(f =>
        {
            if (f.Tag is long id && _pending.Remove(id, out var p))
            {
                Reply(p.ReplyTo, p.Request, ApiResponse.Fail(p.Request.Tag, StatusErrors.Internal($"etcd could not store the write: {f.Reason}")));
            }
        });
        Receive<CreateObject>(r => Guard(r, () => Create(r, Sender)));
        Receive<GetObject>(r => Guard(r, () => Get(r)));
        Receive<ListObjects>(r => Guard(r, () => List(r)));
        Receive<UpdateObject>(r => Guard(r, () => Update(r, Sender, 0)));
        Receive<PatchObject>(r => Guard(r, () => Patch(r, Sender, 0)));
        Receive<DeleteObject>(r => Guard(r, () => Delete(r, Sender, 0)));
        Receive<BindPod>(r => Guard(r, () => Bind(r, Sender, 0)));
        Receive<EvictPod>(r => Guard(r, () => Delete(new DeleteObject(Resources.Pods, r.Namespace, r.PodName, r.Options) { Tag = r.Tag, TraceId = r.TraceId, From = r.From }, Sender, 0)));
        Receive<StartWatch>(r => Guard(r, () => Watch(r)));
        Receive<CancelWatch>(c => CancelWatchOf(Sender, c.WatchTag));
        Receive<Terminated>(t => Equals(t.ActorRef, _etcdInstance), _ =>
        {
            _log.Warning("the etcd actor stopped (restart, or the singleton moved); reloading the watch cache");
            _etcdInstance = null;
            Reload();
        });
        Receive<Terminated>(t => RemoveSubscriber(t.ActorRef));
        Receive<SendBookmarks>(_ => Bookmarks());
        Receive<ExpireEvents>(_ => ExpireOldEvents());
        Receive<ApiResponse>(_ => { });
    }

    private void Reload()
    {
        foreach (var w in _cache.Watchers.ToList())
        {
            ((IActorRef)w.Subscriber).Tell(new WatchEnded(w.Tag, StatusErrors.Gone("the watch cache was reloaded from etcd; list again")));
        }

        foreach (var p in _pending.Values)
        {
            Reply(p.ReplyTo, p.Request, ApiResponse.Fail(p.Request.Tag, StatusErrors.Timeout("etcd restarted; the request may or may not have been stored")));
        }

        _pending.Clear();
        _ownWrites.Clear();
        _watchesBySubscriber.Clear();
        _cache = new WatchCache(_settings.WatchCacheSize);
        Timers.CancelAll();
        Become(Starting);
        LoadFromEtcd();
    }

    // ---- requests ----

    private void Guard(ApiRequest request, Action handle)
    {
        try
        {
            handle();
        }
        catch (ApiException e)
        {
            Reply(Sender, request, ApiResponse.Fail(request.Tag, e.Status));
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or ArgumentException or InvalidCastException)
        {
            Reply(Sender, request, ApiResponse.Fail(request.Tag, StatusErrors.BadRequest(e.Message)));
        }
    }

    private void Reply(IActorRef to, ApiRequest request, object response)
    {
        if (request is ListObjects list && response is ApiResponse failed)
        {
            response = new ApiListResponse(list.Tag, list.Resource, [], _cache.Revision, null, failed.Error);
        }
        else if (request is StartWatch && response is ApiResponse failedWatch)
        {
            response = new WatchEnded(request.Tag, failedWatch.Error);
        }

        to.Tell(response);
    }

    private void Create(CreateObject req, IActorRef replyTo)
    {
        var r = Resources.TryForType(req.Object.GetType(), out var res)
            ? res
            : throw new ApiException(StatusErrors.NotFoundKind($"the server could not find the requested resource ({req.Object.GetType().Name})"));
        var ns = NamespaceFor(r, req.Object.Metadata?.NamespaceProperty);
        LogRequest(req, req.Object.Kind ?? r.Kind, ns, req.Object.Metadata?.Name ?? req.Object.Metadata?.GenerateName, null, req.Object.TraceId());
        if (ns is not null)
        {
            var nsObj = _cache.Get(Resources.Namespaces, null, ns) ?? throw new ApiException(StatusErrors.NotFound(Resources.Namespaces, ns));
            if (nsObj.Metadata.DeletionTimestamp is not null && r != Resources.Events)
            {
                throw new ApiException(StatusErrors.Forbidden(r, req.Object.Metadata?.Name, $"unable to create new content in namespace {ns} because it is being terminated"));
            }
        }

        var traceId = req.TraceId ?? req.Object.TraceId() ?? NewTraceId();
        var obj = ApiStrategy.PrepareCreate(r, req.Object, ns, _clock.UtcNow, traceId, req.HandsOver);
        if (_cache.Get(r, ns, obj.Metadata.Name) is not null)
        {
            throw new ApiException(StatusErrors.AlreadyExists(r, obj.Metadata.Name));
        }

        if (req.DryRun)
        {
            replyTo.Tell(ApiResponse.Ok(req.Tag, obj) with { Created = true });
            return;
        }

        Write(r, obj, Revisions.NotExists, req, replyTo, 0);
    }

    private void Get(GetObject req)
    {
        var obj = _cache.Get(req.Resource, NamespaceFor(req.Resource, req.Namespace), req.Name)
            ?? throw new ApiException(StatusErrors.NotFound(req.Resource, req.Name));
        LogRequest(req, req.Resource.Kind, req.Namespace, req.Name, obj.Metadata.ResourceVersion, obj.TraceId(), LogEventLevel.Debug);
        Sender.Tell(ApiResponse.Ok(req.Tag, req.Subresource == "scale" ? ApiStrategy.ToScale(req.Resource, obj) : obj));
    }

    private void List(ListObjects req)
    {
        var (filter, _) = Filters(req.Resource, req.LabelSelector, req.FieldSelector);
        string? startAfter = null;
        if (!string.IsNullOrEmpty(req.Continue))
        {
            try
            {
                startAfter = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(req.Continue));
            }
            catch (FormatException)
            {
                throw new ApiException(StatusErrors.BadRequest("continue key is not valid: illegal base64 data"));
            }
        }

        var items = _cache.List(req.Resource, req.Resource.Namespaced ? req.Namespace : null, filter, startAfter);
        string? next = null;
        if (req.Limit > 0 && items.Count > req.Limit)
        {
            items = items.GetRange(0, (int)req.Limit);
            var last = items[^1];
            next = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(req.Resource.Key(last.Metadata.NamespaceProperty, last.Metadata.Name)));
        }

        LogRequest(req, req.Resource.Kind + "List", req.Namespace, null, null, req.TraceId, LogEventLevel.Debug);
        Sender.Tell(new ApiListResponse(req.Tag, req.Resource, items, _cache.Revision, next));
    }

    private void Update(UpdateObject req, IActorRef replyTo, int attempt)
    {
        var r = req.Resource ?? (Resources.TryForType(req.Object.GetType(), out var res) ? res : throw new ApiException(StatusErrors.BadRequest($"unknown kind {req.Object.GetType().Name}")));
        var ns = NamespaceFor(r, req.Object.Metadata?.NamespaceProperty);
        var name = req.Object.Metadata?.Name ?? throw new ApiException(StatusErrors.BadRequest("name is required"));
        var old = _cache.Get(r, ns, name) ?? throw new ApiException(StatusErrors.NotFound(r, name));
        if (attempt == 0)
        {
            LogRequest(req, r.Kind + (req.Subresource is null ? "" : "/" + req.Subresource), ns, name, req.Object.Metadata?.ResourceVersion, req.TraceId ?? old.TraceId(), r == Resources.Leases ? LogEventLevel.Verbose : LogEventLevel.Information);
        }

        IKubernetesObject<V1ObjectMeta> updated;
        if (req.Subresource == "scale")
        {
            updated = ApiStrategy.ApplyScale(r, old, req.Object as V1Scale ?? throw new ApiException(StatusErrors.BadRequest("scale subresource takes an autoscaling/v1 Scale")));
        }
        else
        {
            updated = ApiStrategy.PrepareUpdate(r, req.Object, old, req.Subresource);
        }

        WriteUpdate(r, updated, old, req, replyTo, attempt);
    }

    private void WriteUpdate(ResourceInfo r, IKubernetesObject<V1ObjectMeta> updated, IKubernetesObject<V1ObjectMeta> old, ApiRequest req, IActorRef replyTo, int attempt, IReadOnlyList<string>? warnings = null)
    {
        if (req.DryRun)
        {
            replyTo.Tell(ApiResponse.Ok(req.Tag, Shape(req, r, updated)) with { Warnings = warnings });
            return;
        }

        if (ApiStrategy.ShouldDeleteAfterUpdate(updated))
        {
            Remove(r, old, req, replyTo, attempt);
            return;
        }

        Write(r, updated, old.ResourceVersionNumber(), req, replyTo, attempt, warnings);
    }

    private void Patch(PatchObject req, IActorRef replyTo, int attempt)
    {
        var r = req.Resource;
        var ns = NamespaceFor(r, req.Namespace);
        var old = _cache.Get(r, ns, req.Name);
        if (attempt == 0)
        {
            LogRequest(req, r.Kind + (req.Subresource is null ? "" : "/" + req.Subresource), ns, req.Name, old?.Metadata.ResourceVersion, req.TraceId ?? old?.TraceId());
        }

        if (old is null)
        {
            if (req.Type != PatchType.Apply)
            {
                throw new ApiException(StatusErrors.NotFound(r, req.Name));
            }

            // Server-side apply of a new object is a create.
            var created = (IKubernetesObject<V1ObjectMeta>)KubeSerializer.FromJson(KubeSerializer.ApplyBodyToJson(req.Patch, r), r.ClrType);
            created.Metadata ??= new V1ObjectMeta();
            created.Metadata.Name ??= req.Name;
            created.Metadata.NamespaceProperty ??= ns;
            Create(new CreateObject(created) { Tag = req.Tag, TraceId = req.TraceId, DryRun = req.DryRun, From = req.From }, replyTo);
            return;
        }

        var currentJson = KubeSerializer.ToJson(req.Subresource == "scale" ? ApiStrategy.ToScale(r, old) : old);
        var patchJson = req.Type == PatchType.Apply ? KubeSerializer.ApplyBodyToJson(req.Patch, r) : req.Patch;
        var patchedJson = req.Type switch
        {
            PatchType.Merge => Patches.ApplyMergePatch(currentJson, req.Patch),
            PatchType.Json => Patches.ApplyJsonPatch(currentJson, req.Patch),
            PatchType.StrategicMerge => Patches.ApplyStrategicMergePatch(currentJson, req.Patch, r),
            PatchType.Apply => Patches.ApplyStrategicMergePatch(currentJson, patchJson, r),
            _ => throw new ApiException(StatusErrors.UnsupportedMediaType($"unsupported patch type {req.Type}")),
        };
        var warnings = req.FieldValidation == FieldValidation.Ignore ? null : CheckPatchedFields(req, r, patchJson, patchedJson);
        IKubernetesObject<V1ObjectMeta> updated;
        if (req.Subresource == "scale")
        {
            updated = ApiStrategy.ApplyScale(r, old, KubeSerializer.FromJson<V1Scale>(patchedJson));
        }
        else
        {
            var patched = (IKubernetesObject<V1ObjectMeta>)KubeSerializer.FromJson(patchedJson, r.ClrType);
            updated = ApiStrategy.PrepareUpdate(r, patched, old, req.Subresource);
        }

        WriteUpdate(r, updated, old, req, replyTo, attempt, warnings);
    }

    /// <summary>
    /// fieldValidation of a patch (apiserver patch.go): duplicate fields in the patch, unknown fields in the
    /// patched object. Strict fails with a 422; Warn returns the problems as warnings.
    /// </summary>
    private static List<string>? CheckPatchedFields(PatchObject req, ResourceInfo r, string patchJson, string patchedJson)
    {
        var type = req.Subresource == "scale" ? typeof(V1Scale) : r.ClrType;
        var problems = StrictDecoding.FindDuplicateFields(System.Text.Encoding.UTF8.GetBytes(patchJson)).Concat(
            StrictDecoding.FindProblems(System.Text.Encoding.UTF8.GetBytes(patchedJson), type)).ToList();
        if (problems.Count == 0)
        {
            return null;
        }

        if (req.FieldValidation == FieldValidation.Strict)
        {
            var shown = req.Type == PatchType.StrategicMerge ? GoFormat.Value(System.Text.Json.Nodes.JsonNode.Parse(patchJson)) : patchedJson;
            throw new ApiException(StrictDecoding.PatchError(shown, problems));
        }

        return problems;
    }

    private void Delete(DeleteObject req, IActorRef replyTo, int attempt)
    {
        var r = req.Resource;
        var ns = NamespaceFor(r, req.Namespace);
        var old = _cache.Get(r, ns, req.Name) ?? throw new ApiException(StatusErrors.NotFound(r, req.Name));
        if (attempt == 0)
        {
            LogRequest(req, r.Kind, ns, req.Name, old.Metadata.ResourceVersion, req.TraceId ?? old.TraceId());
        }

        var plan = ApiStrategy.PlanDelete(r, old, req.Options, _clock.UtcNow);
        if (req.DryRun)
        {
            replyTo.Tell(ApiResponse.Ok(req.Tag, plan.Updated ?? old));
            return;
        }

        if (plan.RemoveNow)
        {
            Remove(r, old, req, replyTo, attempt);
        }
        else if (plan.Updated is { } updated)
        {
            Write(r, updated, old.ResourceVersionNumber(), req, replyTo, attempt);
        }
        else
        {
            replyTo.Tell(ApiResponse.Ok(req.Tag, old));
        }
    }

    private void Bind(BindPod req, IActorRef replyTo, int attempt)
    {
        var pod = _cache.Get(Resources.Pods, req.Namespace, req.PodName) as V1Pod ?? throw new ApiException(StatusErrors.NotFound(Resources.Pods, req.PodName));
        if (attempt == 0)
        {
            LogRequest(req, "Binding", req.Namespace, req.PodName, pod.Metadata.ResourceVersion, req.TraceId ?? pod.TraceId());
        }

        if (!string.IsNullOrEmpty(req.NodeName) && _cache.Get(Resources.Nodes, null, req.NodeName) is null)
        {
            throw new ApiException(StatusErrors.NotFound(Resources.Nodes, req.NodeName));
        }

        var bound = ApiStrategy.PrepareBinding(pod, req.NodeName, req.PodUid, _clock.UtcNow);
        if (req.DryRun)
        {
            replyTo.Tell(ApiResponse.Ok(req.Tag, bound));
            return;
        }

        Write(Resources.Pods, bound, pod.ResourceVersionNumber(), req, replyTo, attempt);
    }

    private void Watch(StartWatch req)
    {
        var (filter, nodeIndex) = Filters(req.Resource, req.LabelSelector, req.FieldSelector);
        long? since = null;
        if (!string.IsNullOrEmpty(req.ResourceVersion) && req.ResourceVersion != "0")
        {
            since = long.TryParse(req.ResourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var rv)
                ? rv
                : throw new ApiException(StatusErrors.BadRequest($"invalid resource version \"{req.ResourceVersion}\""));
        }

        var subscriber = Sender;
        var id = ++_nextWatchId;
        var ns = req.Resource.Namespaced && !string.IsNullOrEmpty(req.Namespace) ? req.Namespace : null;
        var watcher = new CacheWatcher(id, req.Resource, ns, filter, nodeIndex, subscriber, req.Tag, req.AllowBookmarks);
        var initial = _cache.AddWatcher(watcher, since);
        if (initial is null)
        {
            subscriber.Tell(new WatchEnded(req.Tag, StatusErrors.Gone($"too old resource version: {since} ({_cache.OldestRevision})")));
            return;
        }

        LogRequest(req, "Watch " + req.Resource.Kind, ns, req.FieldSelector ?? req.LabelSelector, req.ResourceVersion, req.TraceId, LogEventLevel.Debug);
        if (!_watchesBySubscriber.TryGetValue(subscriber, out var tags))
        {
            tags = [];
            _watchesBySubscriber[subscriber] = tags;
            Context.Watch(subscriber);
        }

        if (req.Tag is not null)
        {
            if (tags.TryGetValue(req.Tag, out var previous))
            {
                _cache.RemoveWatcher(previous);
            }

            tags[req.Tag] = id;
        }

        if (initial.Count > 0)
        {
            subscriber.Tell(new WatchEvents(req.Tag, initial.Select(ToWatchEvent).ToList()));
        }
    }

    private void CancelWatchOf(IActorRef subscriber, object? tag)
    {
        if (tag is not null && _watchesBySubscriber.TryGetValue(subscriber, out var tags) && tags.Remove(tag, out var id))
        {
            _cache.RemoveWatcher(id);
        }
    }

    private void RemoveSubscriber(IActorRef subscriber)
    {
        if (_watchesBySubscriber.Remove(subscriber, out var tags))
        {
            foreach (var id in tags.Values)
            {
                _cache.RemoveWatcher(id);
            }
        }

        foreach (var w in _cache.Watchers.Where(w => Equals(w.Subscriber, subscriber)).Select(w => w.Id).ToList())
        {
            _cache.RemoveWatcher(w);
        }
    }

    // ---- etcd ----

    private void Write(ResourceInfo r, IKubernetesObject<V1ObjectMeta> obj, long expectedModRevision, ApiRequest req, IActorRef replyTo, int attempt, IReadOnlyList<string>? warnings = null)
    {
        // The value etcd stores is this object, serialized only when something reads its bytes (the journal, a
        // snapshot, another process) and without its resourceVersion: as in etcd3 storage, the version is the key's
        // mod revision. obj gets that resourceVersion when the write comes back; nothing else in it changes after
        // this, and the storage encoding never reads that field, so etcd and the watch cache share one object.
        var value = StoredValue.Deferred(obj, KubeSerializer.ToStorageBytes);
        var id = ++_nextRequestId;
        var key = r.Key(obj.Metadata.NamespaceProperty, obj.Metadata.Name);
        _pending[id] = new Pending(req, replyTo, r, key, obj, attempt, false, value, warnings);
        _ownWrites[value] = obj;
        if (FlowLog.IsEnabled(LogEventLevel.Debug))
        {
            FlowLog.Message(ActorNames.ApiServer, ActorNames.Etcd, "Put", key, expectedModRevision.ToString(CultureInfo.InvariantCulture), obj.TraceId(), LogEventLevel.Debug);
        }

        _etcd.Tell(new EtcdPut(id, key, value, expectedModRevision));
    }

    private void Remove(ResourceInfo r, IKubernetesObject<V1ObjectMeta> old, ApiRequest req, IActorRef replyTo, int attempt)
    {
        var id = ++_nextRequestId;
        var key = r.Key(old.Metadata.NamespaceProperty, old.Metadata.Name);
        _pending[id] = new Pending(req, replyTo, r, key, old, attempt, true, null, null);
        if (FlowLog.IsEnabled(LogEventLevel.Debug))
        {
            FlowLog.Message(ActorNames.ApiServer, ActorNames.Etcd, "Delete", key, old.Metadata.ResourceVersion, old.TraceId(), LogEventLevel.Debug);
        }

        _etcd.Tell(new EtcdDelete(id, key, old.ResourceVersionNumber()));
    }

    private void OnWriteResult(EtcdWriteResult result)
    {
        if (result.Tag is not long id || !_pending.Remove(id, out var p))
        {
            return;
        }

        if (p.Value is not null)
        {
            // The watch event of this write came before this ack and took the entry out, unless etcd sent a copy
            // of the value (another process): then it never will, or the write failed and there is no event.
            _ownWrites.Remove(p.Value);
        }

        if (result.Succeeded)
        {
            // The watch events of this batch came first, so the cache already holds the stored object.
            var stored = p.IsDelete ? p.Object : _cache.Get(p.Resource, p.Object.Metadata.NamespaceProperty, p.Object.Metadata.Name) ?? p.Object;
            if (p.IsDelete)
            {
                stored.Metadata.ResourceVersion ??= result.Revision.ToString(CultureInfo.InvariantCulture);
            }

            p.ReplyTo.Tell(ApiResponse.Ok(p.Request.Tag, Shape(p.Request, p.Resource, stored)) with { Warnings = p.Warnings, Created = p.Request is CreateObject });
            return;
        }

        // Lost a compare-and-swap. A create: the name exists. A conditional update: Conflict.
        // An unconditional update (no resourceVersion from the client) retries on the new state.
        var name = p.Object.Metadata.Name;
        if (p.Request is CreateObject)
        {
            Reply(p.ReplyTo, p.Request, ApiResponse.Fail(p.Request.Tag, StatusErrors.AlreadyExists(p.Resource, name)));
            return;
        }

        var unconditional = p.Request switch
        {
            UpdateObject u => string.IsNullOrEmpty(u.Object.Metadata?.ResourceVersion),
            PatchObject or BindPod or DeleteObject or EvictPod => true,
            _ => false,
        };
        if (!unconditional || p.Attempt >= _settings.MaxUpdateRetries || result.Current is null)
        {
            Reply(p.ReplyTo, p.Request, ApiResponse.Fail(p.Request.Tag, result.Current is null ? StatusErrors.NotFound(p.Resource, name) : StatusErrors.StaleResourceVersion(p.Resource, name)));
            return;
        }

        var retry = p.Request;
        try
        {
            switch (retry)
            {
                case UpdateObject u:
                    Update(u, p.ReplyTo, p.Attempt + 1);
                    break;
                case PatchObject pa:
                    Patch(pa, p.ReplyTo, p.Attempt + 1);
                    break;
                case BindPod b:
                    Bind(b, p.ReplyTo, p.Attempt + 1);
                    break;
                case DeleteObject d:
                    Delete(d, p.ReplyTo, p.Attempt + 1);
                    break;
            }
        }
        catch (ApiException e)
        {
            Reply(p.ReplyTo, retry, ApiResponse.Fail(retry.Tag, e.Status));
        }
    }

    private void OnEtcdEvents(EtcdWatchEvents batch)
    {
        var deliveries = _deliveries;
        deliveries.Clear();
        foreach (var ev in batch.Events)
        {
            // Never go back: an event at or below the cache's revision is already reflected (a watch from before a reload).
            if (ev.Kv.ModRevision <= _cache.Revision || !TryResource(ev.Kv.Key, out var r))
            {
                continue;
            }

            if (ev.Type == EventType.Put)
            {
                _cache.Apply(r, ev.Kv.Key, Decode(r, ev.Kv), ev.Kv.ModRevision, deliveries);
            }
            else
            {
                _cache.Apply(r, ev.Kv.Key, null, ev.Kv.ModRevision, deliveries);
            }
        }

        if (deliveries.Count == 0)
        {
            return;
        }

        // One message per watcher per etcd batch, events in revision order, each in an array of its exact size
        // (deliveries are in revision order already; the lists of this turn are reused by the next).
        var counts = _deliveryCounts;
        counts.Clear();
        foreach (var d in deliveries)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(counts, d.Watcher, out _)++;
        }

        var byWatcher = _eventsByWatcher;
        byWatcher.Clear();
        foreach (var (w, n) in counts)
        {
            byWatcher[w] = (new WatchEvent[n], 0);
        }

        foreach (var d in deliveries)
        {
            ref var slot = ref CollectionsMarshal.GetValueRefOrNullRef(byWatcher, d.Watcher);
            slot.Events[slot.Filled++] = ToWatchEvent(d);
        }

        deliveries.Clear();
        var logDeliveries = FlowLog.IsEnabled(LogEventLevel.Debug);
        foreach (var (w, (events, _)) in byWatcher)
        {
            var subscriber = (IActorRef)w.Subscriber;
            if (logDeliveries)
            {
                foreach (var e in events)
                {
                    FlowLog.Message(ActorNames.ApiServer, subscriber.Path.Name, "WatchEvent " + e.Type.ToString().ToUpperInvariant(), e.Object?.Describe(), e.ResourceVersion.ToString(CultureInfo.InvariantCulture), e.Object?.TraceId(), w.Resource == Resources.Leases ? LogEventLevel.Verbose : LogEventLevel.Debug);
                }
            }

            subscriber.Tell(new WatchEvents(w.Tag, events));
        }

        byWatcher.Clear();
    }

    private IKubernetesObject<V1ObjectMeta> Decode(ResourceInfo r, KeyValue kv)
    {
        if (!_ownWrites.Remove(kv.Value, out var obj))
        {
            obj = KubeSerializer.FromBytes(r, kv.Value.Bytes);
        }

        obj.Metadata.ResourceVersion = kv.ModRevision.ToString(CultureInfo.InvariantCulture);
        return obj;
    }

    private bool TryResource(string key, out ResourceInfo resource)
    {
        // "/registry/<plural>/..." (or "/registry/<group>/<plural>/..." for other groups)
        var second = key.IndexOf('/', "/registry/".Length);
        if (second > 0 && _byPrefixSpan.TryGetValue(key.AsSpan(0, second + 1), out resource!))
        {
            return true;
        }

        var third = second > 0 ? key.IndexOf('/', second + 1) : -1;
        return third > 0 ? _byPrefixSpan.TryGetValue(key.AsSpan(0, third + 1), out resource!) : (resource = null!) is not null;
    }

    // ---- helpers ----

    private static IKubernetesObject<V1ObjectMeta> Shape(ApiRequest req, ResourceInfo r, IKubernetesObject<V1ObjectMeta> obj) =>
        (req is UpdateObject { Subresource: "scale" } or PatchObject { Subresource: "scale" }) ? ApiStrategy.ToScale(r, obj) : obj;

    private static WatchEvent ToWatchEvent(Delivery d) => new(
        d.Type switch
        {
            CacheEventType.Added => WatchEventType.Added,
            CacheEventType.Modified => WatchEventType.Modified,
            _ => WatchEventType.Deleted,
        },
        d.Object,
        d.Revision);

    private static (Func<IKubernetesObject<V1ObjectMeta>, bool> Filter, string? NodeIndex) Filters(ResourceInfo r, string? labelSelector, string? fieldSelector)
    {
        var labels = string.IsNullOrWhiteSpace(labelSelector) ? null : LabelSelector.Parse(labelSelector);
        var fields = string.IsNullOrWhiteSpace(fieldSelector) ? null : FieldSelector.Parse(fieldSelector, r);
        string? nodeIndex = null;
        if (r == Resources.Pods && fields is not null && fields.TryGetEquality("spec.nodeName", out var node))
        {
            nodeIndex = node;
        }

        if (labels is null && fields is null)
        {
            return (static _ => true, null);
        }

        return (o => (labels is null || labels.Matches(o.Metadata.Labels)) && (fields is null || fields.Matches(o)), nodeIndex);
    }

    private static string? NamespaceFor(ResourceInfo r, string? ns) =>
        !r.Namespaced ? null : string.IsNullOrEmpty(ns) ? WellKnown.NamespaceDefault : ns;

    private static string NewTraceId() => Guid.NewGuid().ToString("N")[..16];

    private void LogRequest(ApiRequest req, string kind, string? ns, string? name, string? rv, string? trace, LogEventLevel level = LogEventLevel.Information)
    {
        if (FlowLog.IsEnabled(level))
        {
            FlowLog.Message(req.From ?? Sender.Path.Name, ActorNames.ApiServer, req.GetType().Name, $"{kind}/{(ns is null ? "" : ns + "/")}{name}", rv, req.TraceId ?? trace, level);
        }
    }

    private void EnsureSystemNamespaces()
    {
        foreach (var ns in new[] { WellKnown.NamespaceDefault, WellKnown.NamespaceSystem, WellKnown.NamespaceNodeLease, "kube-public" })
        {
            if (_cache.Get(Resources.Namespaces, null, ns) is null)
            {
                Self.Tell(new CreateObject(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }) { From = ActorNames.ApiServer, TraceId = "bootstrap" });
            }
        }
    }

    private void Bookmarks()
    {
        var rv = _cache.Revision;
        foreach (var w in _cache.Watchers.Where(w => w.Bookmarks).ToList())
        {
            ((IActorRef)w.Subscriber).Tell(new WatchEvents(w.Tag, [new WatchEvent(WatchEventType.Bookmark, null, rv)]));
        }
    }

    private void ExpireOldEvents()
    {
        // --event-ttl: Events older than the TTL are deleted (etcd leases in the real apiserver).
        var cutoff = _clock.UtcNow - _settings.EventTtl;
        foreach (var ev in _cache.List(Resources.Events, null, o => ((Corev1Event)o).LastTimestamp is { } t ? t < cutoff : o.Metadata.CreationTimestamp < cutoff).Take(5000))
        {
            Remove(Resources.Events, ev, new DeleteObject(Resources.Events, ev.Metadata.NamespaceProperty, ev.Metadata.Name) { From = ActorNames.ApiServer }, Self, 0);
        }
    }

    private sealed record Pending(ApiRequest Request, IActorRef ReplyTo, ResourceInfo Resource, string Key, IKubernetesObject<V1ObjectMeta> Object, int Attempt, bool IsDelete, StoredValue? Value, IReadOnlyList<string>? Warnings);

    private sealed class SendBookmarks : INoSerializationVerificationNeeded
    {
        public static readonly SendBookmarks Instance = new();
    }

    private sealed class RetryLoad : INoSerializationVerificationNeeded
    {
        public static readonly RetryLoad Instance = new();
    }

    private sealed class ExpireEvents : INoSerializationVerificationNeeded
    {
        public static readonly ExpireEvents Instance = new();
    }
}
