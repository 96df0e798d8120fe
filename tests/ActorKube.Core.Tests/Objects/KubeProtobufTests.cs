using System.Text.Json;
using ActorKube.Core.Api;
using ActorKube.Core.Objects;
using ActorKube.Core.Objects.Protobuf;

namespace ActorKube.Core.Tests.Objects;

/// <summary>Bodies kubectl v1.32 really sent (application/vnd.kubernetes.protobuf), read into the JSON a JSON client sends.</summary>
public sealed class KubeProtobufTests
{
    private static JsonElement Read(string file) =>
        JsonDocument.Parse(KubeProtobuf.ToJson(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Objects", "ProtobufBodies", file)))).RootElement;

    [Fact]
    public void Deployment_from_kubectl_create_deployment()
    {
        // kubectl create deployment cap --image=nginx:1.27 --replicas=0 --port=8080
        var d = Read("deployment.bin");

        Assert.Equal(("apps/v1", "Deployment"), (d.GetProperty("apiVersion").GetString(), d.GetProperty("kind").GetString()));
        Assert.Equal("cap", d.GetProperty("metadata").GetProperty("name").GetString());
        Assert.False(d.GetProperty("metadata").TryGetProperty("namespace", out _)); // empty strings are left out, as Go's omitempty
        Assert.False(d.GetProperty("metadata").TryGetProperty("creationTimestamp", out _)); // a zero time too
        var spec = d.GetProperty("spec");
        Assert.Equal(0, spec.GetProperty("replicas").GetInt32()); // a pointer set to 0 is kept
        Assert.Equal("cap", spec.GetProperty("selector").GetProperty("matchLabels").GetProperty("app").GetString());
        var container = spec.GetProperty("template").GetProperty("spec").GetProperty("containers")[0];
        Assert.Equal(("nginx", "nginx:1.27"), (container.GetProperty("name").GetString(), container.GetProperty("image").GetString()));
        Assert.Equal(8080, container.GetProperty("ports")[0].GetProperty("containerPort").GetInt32());

        var typed = KubeSerializer.FromJson<V1Deployment>(d.GetRawText());
        Assert.Equal(0, typed.Spec.Replicas);
    }

    [Fact]
    public void Maps_of_strings_and_of_bytes()
    {
        var cm = Read("configmap.bin");
        Assert.Equal("b", cm.GetProperty("data").GetProperty("a").GetString());

        var secret = Read("secret.bin");
        Assert.Equal("czNjcmV0", secret.GetProperty("data").GetProperty("pw").GetString()); // bytes as base64, as in JSON
        Assert.Equal("s3cret", System.Text.Encoding.UTF8.GetString(KubeSerializer.FromJson<V1Secret>(secret.GetRawText()).Data["pw"]));
    }

    [Fact]
    public void IntOrString_in_a_service_port()
    {
        var port = Read("service.bin").GetProperty("spec").GetProperty("ports")[0];

        Assert.Equal(80, port.GetProperty("port").GetInt32());
        Assert.Equal(JsonValueKind.Number, port.GetProperty("targetPort").ValueKind);
        Assert.Equal(8080, port.GetProperty("targetPort").GetInt32());
        Assert.Equal("80-8080", port.GetProperty("name").GetString());
    }

    [Fact]
    public void Job_with_a_command()
    {
        var job = Read("job.bin");
        var container = job.GetProperty("spec").GetProperty("template").GetProperty("spec").GetProperty("containers")[0];

        Assert.Equal(("batch/v1", "Job"), (job.GetProperty("apiVersion").GetString(), job.GetProperty("kind").GetString()));
        Assert.Equal(["echo", "hi"], container.GetProperty("command").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("Never", job.GetProperty("spec").GetProperty("template").GetProperty("spec").GetProperty("restartPolicy").GetString());
    }

    [Theory]
    [InlineData(new byte[] { 1, 2, 3 }, "prefix")]
    [InlineData(new byte[] { 0x6B, 0x38, 0x73, 0x00, 0x0A }, "truncated")]
    [InlineData(new byte[] { 0x6B, 0x38, 0x73, 0x00, 0x0A, 0x08, 0x0A, 0x02, (byte)'v', (byte)'1', 0x12, 0x02, (byte)'N', (byte)'o' }, "no protobuf type is known for v1/No")]
    public void Malformed_bodies_are_a_400_that_says_why(byte[] body, string why)
    {
        var e = Assert.Throws<ApiException>(() => KubeProtobuf.ToJson(body));

        Assert.Equal(400, e.Code);
        Assert.Contains(why, e.Status.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0L, "0s")]
    [InlineData(1_500_000_000L, "1.5s")]
    [InlineData(90_000_000_000L, "1m30s")]
    [InlineData(3_600_000_000_000L, "1h0m0s")]
    public void Durations_print_as_Go(long nanos, string text)
    {
        Assert.Equal(text, KubeProtobuf.GoDurationString(nanos));
    }
}
