using System.Runtime.Serialization;
using ActorKube.Client;
using ActorKube.Core.Api;
using ActorKube.Core.Wire;
using static ActorKube.Core.Wire.KubeWire;
using WatchEventType = ActorKube.Client.WatchEventType;

namespace ActorKube.Cluster.Serialization;

/// <summary>
/// Layouts of the apiserver protocol (<see cref="ApiRequest"/> and its replies). A request starts with what every
/// request has (tag, trace id, field manager, from, dryRun and fieldValidation), then its own fields in order.
/// </summary>
internal static class ApiServerCodecs
{
    public static IEnumerable<MessageCodec> All =>
    [
        MessageCodec.Of<CreateObject>("AC", (w, m) => { WriteHeader(w, m); WriteObject(w, m.Object); }, r => Stamp(ReadHeader(r), new CreateObject(RequiredObject(r)))),
        MessageCodec.Of<GetObject>(
            "AG",
            (w, m) =>
            {
                WriteHeader(w, m);
                WriteResource(w, m.Resource);
                w.WriteNullableString(m.Namespace);
                w.WriteNullableString(m.Name);
                w.WriteNullableString(m.Subresource);
            },
            r => Stamp(ReadHeader(r), new GetObject(ReadResource(r), r.ReadNullableString(), r.ReadNullableString()!, r.ReadNullableString()))),
        MessageCodec.Of<ListObjects>(
            "AL",
            (w, m) =>
            {
                WriteHeader(w, m);
                WriteResource(w, m.Resource);
                w.WriteNullableString(m.Namespace);
                w.WriteNullableString(m.LabelSelector);
                w.WriteNullableString(m.FieldSelector);
                w.WriteZigZag(m.Limit);
                w.WriteNullableString(m.Continue);
            },
            r => Stamp(ReadHeader(r), new ListObjects(ReadResource(r), r.ReadNullableString(), r.ReadNullableString(), r.ReadNullableString(), r.ReadZigZag(), r.ReadNullableString()))),
        MessageCodec.Of<UpdateObject>(
            "AU",
            (w, m) =>
            {
                WriteHeader(w, m);
                WriteObject(w, m.Object);
                w.WriteNullableString(m.Subresource);
                WriteNullableResource(w, m.Resource);
            },
            r => Stamp(ReadHeader(r), new UpdateObject(RequiredObject(r), r.ReadNullableString(), ReadNullableResource(r)))),
        MessageCodec.Of<PatchObject>(
            "AP",
            (w, m) =>
            {
                WriteHeader(w, m);
                WriteResource(w, m.Resource);
                w.WriteNullableString(m.Namespace);
                w.WriteNullableString(m.Name);
                w.WriteByte((byte)m.Type);
                w.WriteNullableString(m.Patch);
                w.WriteNullableString(m.Subresource);
            },
            r => Stamp(ReadHeader(r), new PatchObject(ReadResource(r), r.ReadNullableString(), r.ReadNullableString()!, (PatchType)r.ReadByte(), r.ReadNullableString()!, r.ReadNullableString()))),
        MessageCodec.Of<DeleteObject>(
            "AD",
            (w, m) =>
            {
                WriteHeader(w, m);
                WriteResource(w, m.Resource);
                w.WriteNullableString(m.Namespace);
                w.WriteNullableString(m.Name);
                WriteJson(w, m.Options);
            },
            r => Stamp(ReadHeader(r), new DeleteObject(ReadResource(r), r.ReadNullableString(), r.ReadNullableString()!, ReadJson<V1DeleteOptions>(r)))),
        MessageCodec.Of<BindPod>(
            "AB",
            (w, m) =>
            {
                WriteHeader(w, m);
                w.WriteNullableString(m.Namespace);
                w.WriteNullableString(m.PodName);
                w.WriteNullableString(m.NodeName);
                w.WriteNullableString(m.PodUid);
            },
            r => Stamp(ReadHeader(r), new BindPod(r.ReadNullableString()!, r.ReadNullableString()!, r.ReadNullableString()!, r.ReadNullableString()))),
        MessageCodec.Of<EvictPod>(
            "AE",
            (w, m) =>
            {
                WriteHeader(w, m);
                w.WriteNullableString(m.Namespace);
                w.WriteNullableString(m.PodName);
                WriteJson(w, m.Options);
            },
            r => Stamp(ReadHeader(r), new EvictPod(r.ReadNullableString()!, r.ReadNullableString()!, ReadJson<V1DeleteOptions>(r)))),
        MessageCodec.Of<StartWatch>(
            "AW",
            (w, m) =>
            {
                WriteHeader(w, m);
                WriteResource(w, m.Resource);
                w.WriteNullableString(m.Namespace);
                w.WriteNullableString(m.LabelSelector);
                w.WriteNullableString(m.FieldSelector);
                w.WriteNullableString(m.ResourceVersion);
                w.WriteBool(m.AllowBookmarks);
            },
            r => Stamp(ReadHeader(r), new StartWatch(ReadResource(r), r.ReadNullableString(), r.ReadNullableString(), r.ReadNullableString(), r.ReadNullableString(), r.ReadBool()))),
        MessageCodec.Of<CancelWatch>("AX", (w, m) => TagWire.Write(w, m.WatchTag), r => new CancelWatch(TagWire.Read(r))),
        MessageCodec.Of<ApiResponse>(
            "AR",
            (w, m) =>
            {
                TagWire.Write(w, m.Tag);
                WriteObject(w, m.Object);
                WriteStatus(w, m.Error);
                WriteStrings(w, m.Warnings);
                w.WriteBool(m.Created);
            },
            r => new ApiResponse(TagWire.Read(r), ReadObject(r), ReadStatus(r)) { Warnings = ReadStrings(r), Created = r.ReadBool() }),
        MessageCodec.Of<ApiListResponse>(
            "AS",
            (w, m) =>
            {
                TagWire.Write(w, m.Tag);
                WriteResource(w, m.Resource);
                w.WriteVarInt(m.Items.Count);
                foreach (var item in m.Items)
                {
                    WriteObject(w, item);
                }

                w.WriteZigZag(m.ResourceVersion);
                w.WriteNullableString(m.Continue);
                WriteStatus(w, m.Error);
            },
            r =>
            {
                var tag = TagWire.Read(r);
                var resource = ReadResource(r);
                var items = new IKubernetesObject<V1ObjectMeta>[r.ReadCount()];
                for (var i = 0; i < items.Length; i++)
                {
                    items[i] = RequiredObject(r);
                }

                return new ApiListResponse(tag, resource, items, r.ReadZigZag(), r.ReadNullableString(), ReadStatus(r));
            }),
        MessageCodec.Of<WatchEvents>(
            "AV",
            (w, m) =>
            {
                TagWire.Write(w, m.Tag);
                w.WriteVarInt(m.Events.Count);
                foreach (var e in m.Events)
                {
                    w.WriteByte((byte)e.Type);
                    w.WriteZigZag(e.ResourceVersion);
                    WriteObject(w, e.Object);
                }
            },
            r =>
            {
                var tag = TagWire.Read(r);
                var events = new WatchEvent[r.ReadCount()];
                for (var i = 0; i < events.Length; i++)
                {
                    var type = (WatchEventType)r.ReadByte();
                    var rv = r.ReadZigZag();
                    events[i] = new WatchEvent(type, ReadObject(r), rv);
                }

                return new WatchEvents(tag, events);
            }),
        MessageCodec.Of<WatchEnded>("AN", (w, m) => { TagWire.Write(w, m.Tag); WriteStatus(w, m.Error); }, r => new WatchEnded(TagWire.Read(r), ReadStatus(r))),
    ];

    /// <summary>A list of strings or null: the count plus one (0 for null), then the strings.</summary>
    public static void WriteStrings(WireWriter w, IReadOnlyList<string>? values)
    {
        w.WriteVarInt(values is null ? 0 : values.Count + 1);
        foreach (var v in values ?? [])
        {
            w.WriteNullableString(v);
        }
    }

    public static string[]? ReadStrings(WireReader r)
    {
        var count = r.ReadVarInt();
        if (count == 0)
        {
            return null;
        }

        if (count < 0 || count - 1 > r.Remaining)
        {
            throw new SerializationException($"string count {count - 1} out of range");
        }

        var values = new string[count - 1];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = r.ReadNullableString()!;
        }

        return values;
    }

    private static void WriteHeader(WireWriter w, ApiRequest q)
    {
        TagWire.Write(w, q.Tag);
        w.WriteNullableString(q.TraceId);
        w.WriteNullableString(q.FieldManager);
        w.WriteNullableString(q.From);
        w.WriteBool(q.DryRun);
        w.WriteByte((byte)q.FieldValidation);
    }

    private static Header ReadHeader(WireReader r) =>
        new(TagWire.Read(r), r.ReadNullableString(), r.ReadNullableString(), r.ReadNullableString(), r.ReadBool(), (FieldValidation)r.ReadByte());

    private static T Stamp<T>(Header h, T request)
        where T : ApiRequest =>
        (T)((ApiRequest)request with { Tag = h.Tag, TraceId = h.TraceId, FieldManager = h.FieldManager, From = h.From, DryRun = h.DryRun, FieldValidation = h.FieldValidation });

    private static IKubernetesObject<V1ObjectMeta> RequiredObject(WireReader r) =>
        ReadObject(r) ?? throw new SerializationException("a request without its object");

    private readonly record struct Header(object? Tag, string? TraceId, string? FieldManager, string? From, bool DryRun, FieldValidation FieldValidation);
}
