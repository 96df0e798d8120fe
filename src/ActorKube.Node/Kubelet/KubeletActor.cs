using System.Globalization;
using Akka.Actor;
using ActorKube.Client;
using ActorKube.Core.Api;
using ActorKube.Core.Node;
using ActorKube.Core.Objects;
using ActorKube.Core.Time;
using ActorKube.Node.ContainerRuntime;
using ActorKube.Node.Pod;
using Serilog.Events;

namespace ActorKube.Node.Kubelet;

/// <summary>
/// The kubelet of one emulated node: registers its Node, renews its Lease, reports node status, watches
/// the pods bound to it (field selector spec.nodeName) and runs one pod actor per pod, with a container
/// runtime and a status manager as children. PowerOff makes it silent; PowerOn boots it again. Everything the
/// node sends to the control plane goes through its <see cref="ControlPlaneLinkActor"/>, which a Partition cuts:
/// the pods keep running, the node goes silent, and on Heal the kubelet re-lists its pods (stopping those the
/// control plane deleted meanwhile) and reports its status again.
/// </summary>
public sealed class KubeletActor : ReceiveActor, IWithTimers
{
    private const string StatusManagerName = "status-manager";

    private readonly string _nodeName;
    private readonly NodeConfig _config;
    private readonly IActorRef _apiServer;
    private readonly ClusterClock _clock;
    private readonly KubeletSettings _settings;
    private readonly string _from;
    private readonly string _podCidr;
    private readonly string _internalIp;
    private readonly Dictionary<string, PodEntry> _pods = new(StringComparer.Ordinal);
    private readonly LinkedList<string> _journal = new();
    private EventRecorder _recorder = null!;
    private Informer<V1Pod>? _informer;
    private IActorRef _link = ActorRefs.Nobody;
    private PodIpAllocator _ips;
    private IActorRef _runtime = ActorRefs.Nobody;
    private IActorRef _statusManager = ActorRefs.Nobody;
    private IReadOnlyList<V1ContainerImage> _images = [];
    private string? _nodeUid;
    private bool _registered;
    private bool _leaseCreated;
    private bool _powerOnPending;
    private bool _partitioned;
    private int _boot;
    private string _bootId = "";
    private DateTime _readySince;
    private DateTime _lastStatusReport;
    private string _lastStatusFingerprint = "";

    public KubeletActor(string nodeName, NodeConfig config, IActorRef apiServer, ClusterClock clock, KubeletSettings settings)
    {
        _nodeName = nodeName;
        _config = config;
        _apiServer = apiServer;
        _clock = clock;
        _settings = settings;
        _from = $"kubelet/{nodeName}";
        var index = config.IndexFor(nodeName);
        _podCidr = PodCidrAllocator.NodeCidr(index, settings.ClusterCidr);
        _internalIp = PodCidrAllocator.NodeInternalIp(index);
        _ips = new PodIpAllocator(_podCidr);
        Running();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string nodeName, NodeConfig config, IActorRef apiServer, ClusterClock clock, KubeletSettings settings) =>
        Akka.Actor.Props.Create<KubeletActor>(nodeName, config, apiServer, clock, settings);

    protected override void PreStart() => Boot();

    protected override void PostStop() => _informer?.Stop();

    // ---- powered on ----

    private void Running()
    {
        Receive<ApiListResponse>(m => _informer?.Handle(m) ?? false);
        Receive<WatchEvents>(m => _informer?.Handle(m) ?? false);
        Receive<WatchEnded>(m => _informer?.Handle(m) ?? false);
        Receive<ApiResponse>(r => r.Tag is EventTag, _ => { });
        Receive<ApiResponse>(r => r.Tag is Op, OnApiResponse);
        Receive<Tick>(t => t.Boot == _boot && t.Kind == TickKind.Register, _ => Register());
        Receive<Tick>(t => t.Boot == _boot && t.Kind == TickKind.Lease, _ => RenewLease());
        Receive<Tick>(t => t.Boot == _boot && t.Kind == TickKind.NodeStatus, _ => SyncNodeStatus(force: false));
        Receive<NodeImagesChanged>(m => _images = m.Images);
        Receive<PodSandboxReleased>(m =>
        {
            if (_pods.TryGetValue(m.Key, out var e) && e.Uid == m.Uid && e.Ip is not null)
            {
                _ips.Release(e.Ip);
                e.Ip = null;
            }
        });
        Receive<Terminated>(OnChildTerminated);
        Receive<GetPodLogs>(OnGetPodLogs);
        Receive<GetNodeLogs>(m => Sender.Tell(_partitioned ? new LogsResult(null, Unreachable("i/o timeout")) : new LogsResult(Journal(m.TailLines), null)));
        Receive<PowerOff>(_ => OnPowerOff());
        Receive<PowerOn>(_ => { });
        Receive<Partition>(_ => OnPartition());
        Receive<Heal>(_ => OnHeal());
    }

    private void Boot()
    {
        _boot++;
        _bootId = Guid.NewGuid().ToString();
        _registered = false;
        _leaseCreated = false;
        _images = [];
        _ips = new PodIpAllocator(_podCidr);
        _readySince = _clock.UtcNow;
        _lastStatusFingerprint = "";
        _link = Context.Watch(Context.ActorOf(ControlPlaneLinkActor.Props(_apiServer, _partitioned), ControlPlaneLinkActor.Name));
        _recorder = new EventRecorder(_link, "kubelet", _clock, _nodeName);
        _runtime = Context.Watch(Context.ActorOf(ContainerRuntimeActor.Props(_nodeName, _clock, _settings.Emulation, _settings.MaxLogLines), ActorNames.ContainerRuntime));
        _statusManager = Context.Watch(Context.ActorOf(StatusManagerActor.Props(_nodeName, _link), StatusManagerName));
        if (_partitioned)
        {
            _statusManager.Tell(Partition.Instance);
        }

        Log("Starting kubelet", $"version=\"{NodeObjects.KubeletVersion}\" boot=\"{_bootId}\"");
        Register();

        _informer = new Informer<V1Pod>(_link, fieldSelector: $"spec.nodeName={_nodeName}", name: $"pods-{_nodeName}")
        {
            OnAdd = EnsurePod,
            OnUpdate = (_, pod) => EnsurePod(pod),
            OnDelete = OnPodDeleted,
        };
        _informer.Start(_link, Self);
        Timers.StartPeriodicTimer("lease", new Tick(TickKind.Lease, _boot), _clock.ToWall(_settings.NodeLeaseRenewInterval));
        Timers.StartPeriodicTimer("node-status", new Tick(TickKind.NodeStatus, _boot), _clock.ToWall(_settings.NodeStatusUpdateFrequency));
    }

    private void Register()
    {
        var node = NodeObjects.Node(_nodeName, _config, _podCidr, BuildStatus());
        _link.Tell(new CreateObject(node) { Tag = Op.RegisterNode, From = _from }, Self);
    }

    private V1NodeStatus BuildStatus() => NodeObjects.Status(_nodeName, _config, _internalIp, _images, _clock.UtcNow, _readySince, _bootId);

    private void OnApiResponse(ApiResponse r)
    {
        switch ((Op)r.Tag!)
        {
            case Op.RegisterNode when r.IsSuccess:
                _nodeUid = r.Object?.Metadata.Uid;
                OnRegistered();
                break;
            case Op.RegisterNode when r.Error?.Reason == "AlreadyExists":
                // The node existed (a reboot): take it over and write a fresh status.
                OnRegistered();
                SyncNodeStatus(force: true);
                break;
            case Op.RegisterNode:
                Log("Unable to register node with API server", $"err=\"{r.Error?.Message}\"");
                Timers.StartSingleTimer("register", new Tick(TickKind.Register, _boot), _clock.ToWall(_settings.RegistrationRetry));
                break;
            case Op.CreateLease when r.IsSuccess || r.Error?.Reason == "AlreadyExists":
                _leaseCreated = true;
                break;
            case Op.UpdateLease when r.Code == 404:
                _leaseCreated = false;
                RenewLease();
                break;
            case Op.NodeStatus when r.Code == 404:
                // Someone deleted the Node: register again, as the kubelet does after a restart.
                _registered = false;
                Register();
                break;
            default:
                break;
        }
    }

    private void OnRegistered()
    {
        if (_registered)
        {
            return;
        }

        _registered = true;
        _lastStatusReport = _clock.UtcNow;
        _lastStatusFingerprint = Fingerprint();
        Log("Successfully registered node", $"node=\"{_nodeName}\"");
        RenewLease();
    }

    private void RenewLease()
    {
        if (!_registered)
        {
            return;
        }

        var lease = NodeObjects.Lease(_nodeName, _nodeUid, _settings.NodeLeaseDurationSeconds, _clock.UtcNow);
        _link.Tell(
            _leaseCreated
                ? new UpdateObject(lease) { Tag = Op.UpdateLease, From = _from }
                : new CreateObject(lease) { Tag = Op.CreateLease, From = _from },
            Self);
    }

    private string Fingerprint() => string.Join(",", _images.Select(i => i.Names[0]));

    private void SyncNodeStatus(bool force)
    {
        if (!_registered)
        {
            return;
        }

        var now = _clock.UtcNow;
        var fingerprint = Fingerprint();
        if (!force && fingerprint == _lastStatusFingerprint && now - _lastStatusReport < _settings.NodeStatusReportFrequency)
        {
            return;
        }

        _lastStatusFingerprint = fingerprint;
        _lastStatusReport = now;
        var node = NodeObjects.Node(_nodeName, _config, _podCidr, BuildStatus());
        _link.Tell(new UpdateObject(node, "status") { Tag = Op.NodeStatus, From = _from }, Self);
    }

    // ---- pods ----

    private void EnsurePod(V1Pod pod)
    {
        var key = pod.KeyOf();
        if (_pods.TryGetValue(key, out var entry))
        {
            if (entry.Uid == pod.Metadata.Uid)
            {
                entry.Actor.Tell(new PodUpdated(pod));
                return;
            }

            // Same name, new pod (a StatefulSet replacement): the old actor must go first.
            if (!entry.Stopping)
            {
                entry.Stopping = true;
                entry.Actor.Tell(PodRemoved.Instance);
            }

            return;
        }

        var terminal = pod.Status?.Phase is "Succeeded" or "Failed";
        string? ip = null;
        if (!terminal && pod.Spec.HostNetwork != true)
        {
            ip = _ips.Allocate();
        }

        var actor = Context.ActorOf(
            PodActor.Props(pod, _internalIp, ip, _runtime, _statusManager, _recorder, _clock, _settings.Emulation),
            ActorNames.Pod(pod.Metadata.NamespaceProperty ?? WellKnown.NamespaceDefault, pod.Metadata.Name));
        Context.Watch(actor);
        _pods[key] = new PodEntry(actor, pod.Metadata.Uid ?? "") { Ip = ip };
        Log("SyncLoop ADD", $"source=\"api\" pods=[\"{key}\"]");
    }

    private void OnPodDeleted(V1Pod pod)
    {
        if (_pods.TryGetValue(pod.KeyOf(), out var entry) && !entry.Stopping)
        {
            entry.Stopping = true;
            entry.Actor.Tell(PodRemoved.Instance);
            Log("SyncLoop REMOVE", $"source=\"api\" pods=[\"{pod.KeyOf()}\"]");
        }
    }

    private void OnChildTerminated(Terminated t)
    {
        var key = _pods.FirstOrDefault(kv => kv.Value.Actor.Equals(t.ActorRef)).Key;
        if (key is null)
        {
            return;
        }

        var entry = _pods[key];
        _pods.Remove(key);
        if (entry.Ip is not null)
        {
            _ips.Release(entry.Ip);
        }

        // A replacement with the same name may be waiting for the old actor to go.
        if (_informer?.Get(key) is { } pod)
        {
            EnsurePod(pod);
        }
    }

    private void OnGetPodLogs(GetPodLogs m)
    {
        if (_partitioned)
        {
            Sender.Tell(new LogsResult(null, Unreachable("i/o timeout")));
            return;
        }

        var pod = _informer?.Get(m.Namespace, m.Pod);
        if (pod is null)
        {
            Sender.Tell(new LogsResult(null, StatusErrors.NotFound(Resources.Pods, m.Pod)));
            return;
        }

        var names = (pod.Spec.InitContainers ?? []).Concat(pod.Spec.Containers ?? []).Select(c => c.Name).ToList();
        var container = m.Container;
        if (string.IsNullOrEmpty(container))
        {
            if (pod.Spec.Containers?.Count != 1)
            {
                var choices = string.Join(" ", pod.Spec.Containers?.Select(c => c.Name) ?? []);
                Sender.Tell(new LogsResult(null, StatusErrors.BadRequest($"a container name must be specified for pod {m.Pod}, choose one of: [{choices}]")));
                return;
            }

            container = pod.Spec.Containers[0].Name;
        }
        else if (!names.Contains(container))
        {
            Sender.Tell(new LogsResult(null, StatusErrors.BadRequest($"container {container} is not valid for pod {m.Pod}")));
            return;
        }

        _runtime.Forward(new GetContainerLogs(pod.Metadata.Uid ?? "", m.Pod, container, m.Previous, m.TailLines));
    }

    // ---- power ----

    private void OnPowerOff()
    {
        Log("Powering off", "");
        _informer?.Stop();
        _informer = null;
        Timers.CancelAll();
        foreach (var child in Context.GetChildren())
        {
            if (child.Equals(_link))
            {
                // After what it still carries (the watch cancellation).
                child.Tell(PoisonPill.Instance);
            }
            else
            {
                Context.Stop(child);
            }
        }

        _pods.Clear();
        _registered = false;
        _powerOnPending = false;
        Become(Off);
    }

    private void Off()
    {
        Receive<PowerOn>(_ =>
        {
            if (Context.GetChildren().Any())
            {
                _powerOnPending = true;
                return;
            }

            PowerUp();
        });
        Receive<Terminated>(t =>
        {
            if (_powerOnPending && !Context.GetChildren().Any(c => !c.Equals(t.ActorRef)))
            {
                PowerUp();
            }
        });
        Receive<GetPodLogs>(_ => Sender.Tell(new LogsResult(null, Unreachable("connect: no route to host"))));
        Receive<GetNodeLogs>(_ => Sender.Tell(new LogsResult(null, Unreachable("connect: no route to host"))));
        // The network is not the machine: a partition outlasts a power cycle.
        Receive<Partition>(_ => _partitioned = true);
        Receive<Heal>(_ => _partitioned = false);
        ReceiveAny(_ => { });
    }

    private void PowerUp()
    {
        _powerOnPending = false;
        Become(Running);
        Boot();
    }

    private V1Status Unreachable(string why) =>
        StatusErrors.Make(500, "InternalError", $"Get \"https://{_internalIp}:10250/containerLogs\": dial tcp {_internalIp}:10250: {why}");

    // ---- partition ----

    private void OnPartition()
    {
        if (_partitioned)
        {
            return;
        }

        _partitioned = true;
        Log("Lost the connection to the control plane", "");
        // The watch is cancelled while the link still carries it; what arrives after is stale for the informer.
        _informer?.Stop();
        _link.Tell(Partition.Instance);
        _statusManager.Tell(Partition.Instance);
    }

    private void OnHeal()
    {
        if (!_partitioned)
        {
            return;
        }

        _partitioned = false;
        _link.Tell(Heal.Instance);
        _statusManager.Tell(Heal.Instance);
        Log("Reconnected to the control plane", "");

        // A re-list: pods the control plane deleted meanwhile are stopped, changed ones (evicted: terminating) updated.
        _informer?.Start(_link, Self);
        if (_registered)
        {
            // The node lifecycle controller set the conditions Unknown meanwhile: report at once, as the kubelet does.
            SyncNodeStatus(force: true);
            RenewLease();
        }
        else
        {
            Register();
        }
    }

    // ---- the kubelet's own log ----

    private void Log(string message, string fields)
    {
        var now = _clock.UtcNow;
        var line = $"I{now.ToString("MMdd HH:mm:ss.ffffff", CultureInfo.InvariantCulture)}       1 kubelet.go] \"{message}\" {fields}".TrimEnd();
        _journal.AddLast(line);
        while (_journal.Count > _settings.MaxLogLines)
        {
            _journal.RemoveFirst();
        }
    }

    private string Journal(long? tail)
    {
        var lines = tail is { } t && t >= 0 && t < _journal.Count ? _journal.Skip(_journal.Count - (int)t) : _journal;
        return string.Concat(lines.Select(l => l + "\n"));
    }

    private sealed class PodEntry(IActorRef actor, string uid)
    {
        public IActorRef Actor { get; } = actor;

        public string Uid { get; } = uid;

        public string? Ip { get; set; }

        public bool Stopping { get; set; }
    }

    private enum Op
    {
        RegisterNode,
        NodeStatus,
        CreateLease,
        UpdateLease,
    }

    private enum TickKind
    {
        Register,
        Lease,
        NodeStatus,
    }

    private sealed record Tick(TickKind Kind, int Boot) : INoSerializationVerificationNeeded;
}
