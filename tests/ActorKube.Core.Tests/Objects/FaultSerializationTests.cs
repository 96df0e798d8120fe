using System.Text.Json;
using ActorKube.Core.Objects;
using ActorKube.Core.Objects.Chaos;

namespace ActorKube.Core.Tests.Objects;

public class FaultSerializationTests
{
    private static string ExampleManifest()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ActorKube.sln")))
        {
            dir = dir.Parent;
        }

        return File.ReadAllText(Path.Combine(dir!.FullName, "examples", "node-stop-fault.yaml"));
    }

    [Fact]
    public void The_example_manifest_loads_as_faults()
    {
        var objects = KubeSerializer.LoadManifest(ExampleManifest());

        var stop = Assert.IsType<V1alpha1Fault>(objects[0]);
        Assert.Equal(("stop-node-2", "NodeStop", "node-2", "2m"), (stop.Metadata.Name, stop.Spec.Type, stop.Spec.Node, stop.Spec.Duration));
        var partition = Assert.IsType<V1alpha1Fault>(objects[1]);
        Assert.Equal(("NodePartition", "node-3", null), (partition.Spec.Type, partition.Spec.Node, partition.Spec.Duration));
    }

    [Fact]
    public void Json_uses_the_api_field_names_and_round_trips()
    {
        var fault = new V1alpha1Fault
        {
            ApiVersion = "chaos.actorkube.io/v1alpha1",
            Kind = "Fault",
            Metadata = new V1ObjectMeta { Name = "slow" },
            Spec = new V1alpha1FaultSpec { Type = FaultTypes.NetworkDelay, From = "worker-1", To = "control-plane", DelayMs = 250, Duration = "30s" },
            Status = new V1alpha1FaultStatus { Phase = FaultPhases.Ended, StartedAt = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), Message = "m" },
        };

        var json = KubeSerializer.ToJson(fault);
        using var doc = JsonDocument.Parse(json);
        var spec = doc.RootElement.GetProperty("spec");
        Assert.Equal(250, spec.GetProperty("delayMs").GetInt32());
        Assert.False(spec.TryGetProperty("lossPercent", out _));
        Assert.Equal("2026-01-01T00:00:00Z", doc.RootElement.GetProperty("status").GetProperty("startedAt").GetString());

        var back = (V1alpha1Fault)KubeSerializer.FromBytes(Resources.Faults, KubeSerializer.ToBytes(fault));
        Assert.Equal(fault.Spec, back.Spec);
        Assert.Equal(fault.Status, back.Status);
        Assert.Equal(fault.Spec, KubeSerializer.DeepCopy(fault).Spec);
        Assert.NotSame(fault.Spec, KubeSerializer.DeepCopy(fault).Spec);
    }
}
