using Akka.Actor;
using ActorKube.Core.Events;
using ActorKube.Core.Objects;
using ActorKube.Core.Time;

namespace ActorKube.Client;

/// <summary>
/// Emits core/v1 Events through the apiserver as client-go's EventRecorder does: named
/// "&lt;object&gt;.&lt;unique suffix&gt;", with source component, involved object, reason and message.
/// </summary>
public sealed class EventRecorder(IActorRef apiServer, string component, ClusterClock clock, string? host = null)
{
    private readonly EventSpamFilter<EventSourceObject> _spamFilter = new();
    private long _seq;

    // The annotations of the last trace: the Events of one trace (a Deployment's pods) share one map, as they share
    // the string. Stored objects are never changed in place, so the map is never written after it is made.
    private TraceAnnotations? _lastTrace;

    public const string Normal = "Normal";
    public const string Warning = "Warning";

    public static bool Enabled { get; set; } = true;

    public void Record(IKubernetesObject<V1ObjectMeta> involved, string type, string reason, string message, IActorRef? sender = null)
    {
        if (!Enabled)
        {
            return;
        }

        var now = clock.UtcNow;
        bool allowed;
        lock (_spamFilter)
        {
            // One recorder may serve several actors (a kubelet and its pods): the filter is shared state.
            allowed = _spamFilter.Allow(new EventSourceObject(component, host, involved.Kind, involved.Metadata.NamespaceProperty, involved.Metadata.Name, involved.Metadata.Uid), now);
        }

        if (!allowed)
        {
            return;
        }

        var ns = string.IsNullOrEmpty(involved.Metadata.NamespaceProperty) ? WellKnown.NamespaceDefault : involved.Metadata.NamespaceProperty;
        var resource = Resources.ForObject(involved);
        var seq = Interlocked.Increment(ref _seq);
        var ev = new Corev1Event
        {
            ApiVersion = "v1",
            Kind = "Event",
            Metadata = new V1ObjectMeta
            {
                Name = $"{involved.Metadata.Name}.{now.Ticks:x}{seq:x}",
                NamespaceProperty = ns,
            },
            InvolvedObject = new V1ObjectReference
            {
                ApiVersion = resource.ApiVersion,
                Kind = resource.Kind,
                Name = involved.Metadata.Name,
                NamespaceProperty = involved.Metadata.NamespaceProperty,
                Uid = involved.Metadata.Uid,
                ResourceVersion = involved.Metadata.ResourceVersion,
            },
            Reason = reason,
            Message = message,
            Type = type,
            Count = 1,
            FirstTimestamp = now,
            LastTimestamp = now,
            Source = new V1EventSource { Component = component, Host = host },
            ReportingComponent = component,
            ReportingInstance = host ?? component,
        };
        var trace = involved.TraceId();
        if (trace is not null)
        {
            var last = Volatile.Read(ref _lastTrace);
            if (last is null || !string.Equals(last.Trace, trace, StringComparison.Ordinal))
            {
                last = new TraceAnnotations(trace, new Dictionary<string, string> { [WellKnown.TraceIdAnnotation] = trace });
                Volatile.Write(ref _lastTrace, last);
            }

            ev.Metadata.Annotations = last.Map;
        }

        apiServer.Tell(new CreateObject(ev) { From = component, TraceId = trace, Tag = EventTag.Instance, HandsOver = true }, sender ?? ActorRefs.NoSender);
    }
}

internal sealed record TraceAnnotations(string Trace, Dictionary<string, string> Map);

/// <summary>Tag of event creations: their replies can be ignored by the recording actor.</summary>
public sealed record EventTag : IWireTag
{
    public static readonly EventTag Instance = new();
}
