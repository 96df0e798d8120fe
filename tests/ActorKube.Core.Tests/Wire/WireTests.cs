using System.Runtime.Serialization;
using System.Text;
using ActorKube.Core.Api;
using ActorKube.Core.Objects;
using ActorKube.Core.Storage;
using ActorKube.Core.Wire;

namespace ActorKube.Core.Tests.Wire;

public class WireTests
{
    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(127L)]
    [InlineData(128L)]
    [InlineData(300_000L)]
    [InlineData(long.MaxValue)]
    [InlineData(-1L)]
    [InlineData(long.MinValue)]
    public void Varints_are_the_bytes_BinaryWriter_writes(long value)
    {
        using var expected = new MemoryStream();
        using (var bw = new BinaryWriter(expected, Encoding.UTF8, leaveOpen: true))
        {
            bw.Write7BitEncodedInt64(value);
            bw.Write7BitEncodedInt((int)value);
        }

        var w = new WireWriter();
        w.WriteVarLong(value);
        w.WriteVarInt((int)value);
        Assert.Equal(expected.ToArray(), w.ToArray());

        var r = new WireReader(w.ToArray());
        Assert.Equal(value, r.ReadVarLong());
        Assert.Equal((int)value, r.ReadVarInt());
        Assert.True(r.AtEnd);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/registry/pods/default/web-1")]
    [InlineData("héllo wörld ✓ 日本")]
    public void Strings_are_the_bytes_BinaryWriter_writes(string value)
    {
        using var expected = new MemoryStream();
        using (var bw = new BinaryWriter(expected, Encoding.UTF8, leaveOpen: true))
        {
            bw.Write(value);
        }

        var w = new WireWriter(16);
        w.WriteString(value);
        Assert.Equal(expected.ToArray(), w.ToArray());
        Assert.Equal(value, new BinaryReader(new MemoryStream(w.ToArray())).ReadString());
    }

    [Fact]
    public void Signed_nullable_and_raw_values_round_trip()
    {
        var guid = Guid.NewGuid();
        var bytes = new byte[] { 0, 255, 128, 1 };
        var w = new WireWriter(16);
        w.WriteZigZag(-1);
        w.WriteZigZag(long.MinValue);
        w.WriteZigZag(long.MaxValue);
        w.WriteNullableString(null);
        w.WriteNullableString("");
        w.WriteNullableString("x");
        w.WriteBytes(bytes);
        w.WriteGuid(guid);
        w.WriteBool(true);
        var written = w.ToArray();
        Assert.Equal(1, written[0]); // -1 is one byte

        var r = new WireReader(written);
        Assert.Equal(-1, r.ReadZigZag());
        Assert.Equal(long.MinValue, r.ReadZigZag());
        Assert.Equal(long.MaxValue, r.ReadZigZag());
        Assert.Null(r.ReadNullableString());
        Assert.Equal("", r.ReadNullableString());
        Assert.Equal("x", r.ReadNullableString());
        Assert.Equal(bytes, r.ReadBytes());
        Assert.Equal(guid, r.ReadGuid());
        Assert.True(r.ReadBool());
        Assert.True(r.AtEnd);
    }

    [Fact]
    public void Truncated_input_is_a_serialization_error()
    {
        var w = new WireWriter();
        w.WriteString("a longer string");
        var truncated = w.ToArray()[..5];
        Assert.Throws<SerializationException>(() => new WireReader(truncated).ReadString());
        Assert.Throws<SerializationException>(() => new WireReader([0x80, 0x80]).ReadVarLong());
        Assert.Throws<SerializationException>(() => new WireReader([0x05, 1, 2]).ReadCount());
        Assert.Equal(2, new WireReader([0x02, 1, 2]).ReadCount());
    }

    [Fact]
    public void Json_goes_into_the_buffer_after_its_length_and_the_buffer_grows()
    {
        var pod = Pod("web-1");
        var w = new WireWriter(16);
        w.WriteByte(7);
        w.WriteJson(pod, typeof(V1Pod), KubeSerializer.Options);
        w.WriteByte(9);

        var r = new WireReader(w.ToArray());
        Assert.Equal(7, r.ReadByte());
        var back = (V1Pod)r.ReadJson(typeof(V1Pod), KubeSerializer.Options);
        Assert.Equal(9, r.ReadByte());
        Assert.True(r.AtEnd);
        Assert.Equal(KubeSerializer.ToJson(pod), KubeSerializer.ToJson(back));
    }

    [Fact]
    public void Key_values_and_store_events_keep_raw_values()
    {
        var value = new byte[] { 0xFF, 0x00, 0x7B, 0x22 };
        var put = new StoreEvent(EventType.Put, new KeyValue("/registry/pods/a/b", value, 3, 5, 2), new KeyValue("/registry/pods/a/b", new byte[] { 1 }, 3, 4, 1));
        var delete = new StoreEvent(EventType.Delete, new KeyValue("/registry/pods/a/b", StoredValue.Empty, 3, 6, 0), null);
        var w = new WireWriter();
        StorageWire.Write(w, put);
        StorageWire.Write(w, delete);

        var r = new WireReader(w.ToArray());
        var put2 = StorageWire.ReadStoreEvent(r);
        var delete2 = StorageWire.ReadStoreEvent(r);
        Assert.True(r.AtEnd);
        Assert.Equal((put.Type, put.Kv.Key, put.Kv.CreateRevision, put.Kv.ModRevision, put.Kv.Version), (put2.Type, put2.Kv.Key, put2.Kv.CreateRevision, put2.Kv.ModRevision, put2.Kv.Version));
        Assert.Equal(value, put2.Kv.Value.Bytes);
        Assert.Equal([1], put2.PrevKv!.Value.Bytes);
        Assert.Equal(EventType.Delete, delete2.Type);
        Assert.Null(delete2.PrevKv);
        Assert.Empty(delete2.Kv.Value.Bytes);
    }

    [Fact]
    public void Objects_travel_with_their_kind_even_when_Kind_is_not_set()
    {
        var scale = new V1Scale { Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default" }, Spec = new V1ScaleSpec { Replicas = 3 } };
        var w = new WireWriter();
        KubeWire.WriteObject(w, Pod("p"));
        KubeWire.WriteObject(w, scale);
        KubeWire.WriteObject(w, null);

        var r = new WireReader(w.ToArray());
        var pod = Assert.IsType<V1Pod>(KubeWire.ReadObject(r));
        Assert.Null(pod.Kind);
        Assert.Equal("p", pod.Metadata.Name);
        Assert.Equal(3, Assert.IsType<V1Scale>(KubeWire.ReadObject(r)).Spec.Replicas);
        Assert.Null(KubeWire.ReadObject(r));
        Assert.True(r.AtEnd);
    }

    [Fact]
    public void A_status_keeps_every_field()
    {
        var status = StatusErrors.Invalid(Resources.Deployments, "web", [FieldError.Required("spec.selector")]);
        status.Details.RetryAfterSeconds = 3;
        status.Metadata = new V1ListMeta { ResourceVersion = "12" };
        var w = new WireWriter();
        KubeWire.WriteStatus(w, status);
        KubeWire.WriteStatus(w, null);

        var r = new WireReader(w.ToArray());
        var back = KubeWire.ReadStatus(r)!;
        Assert.Null(KubeWire.ReadStatus(r));
        Assert.True(r.AtEnd);
        Assert.Equal((status.Code, status.Reason, status.Message, status.Status, status.Kind, status.ApiVersion), (back.Code, back.Reason, back.Message, back.Status, back.Kind, back.ApiVersion));
        Assert.Equal("12", back.Metadata.ResourceVersion);
        Assert.Equal((status.Details.Name, status.Details.Kind, status.Details.Group, status.Details.RetryAfterSeconds), (back.Details.Name, back.Details.Kind, back.Details.Group, back.Details.RetryAfterSeconds));
        var cause = Assert.Single(back.Details.Causes);
        Assert.Equal(("FieldValueRequired", "Required value", "spec.selector"), (cause.Reason, cause.Message, cause.Field));
    }

    private static V1Pod Pod(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", Labels = new Dictionary<string, string> { ["app"] = "web" } },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "app", Image = "nginx:1.27" }], NodeName = "node-1" },
        Status = new V1PodStatus { Phase = "Running", PodIP = "10.244.1.5" },
    };
}
