using ActorKube.Core.Scheduling;

namespace ActorKube.Core.Tests.Scheduling;

public class ResourceMathTests
{
    [Theory]
    [InlineData("1", 1000)]
    [InlineData("500m", 500)]
    [InlineData("0.1", 100)]
    [InlineData("1.5", 1500)]
    [InlineData("2500m", 2500)]
    public void MilliCpu_parses_quantities(string q, long expected) =>
        Assert.Equal(expected, ResourceMath.MilliCpu(new ResourceQuantity(q)));

    [Theory]
    [InlineData("128Mi", 128L * 1024 * 1024)]
    [InlineData("1Gi", 1024L * 1024 * 1024)]
    [InlineData("1G", 1_000_000_000L)]
    [InlineData("100", 100L)]
    public void Memory_parses_quantities(string q, long expected) =>
        Assert.Equal(expected, ResourceMath.Value(new ResourceQuantity(q)));

    [Fact]
    public void Pod_without_requests_requests_zero_but_scores_as_100m_and_200Mi()
    {
        var pod = Build.Pod("p");
        Assert.Equal(new ResourceAmounts(0, 0), ResourceMath.PodRequests(pod));
        Assert.Equal(new ResourceAmounts(100, 200L * 1024 * 1024), ResourceMath.PodRequests(pod, nonZero: true));
    }

    [Fact]
    public void Containers_are_summed()
    {
        var pod = Build.Pod("p", cpu: "100m", memory: "1Gi");
        pod.Spec.Containers.Add(new V1Container { Name = "b", Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("200m") } } });
        Assert.Equal(new ResourceAmounts(300, 1024L * 1024 * 1024), ResourceMath.PodRequests(pod));

        // the second container has no memory request: 200Mi when scoring
        Assert.Equal(new ResourceAmounts(300, (1024L + 200) * 1024 * 1024), ResourceMath.PodRequests(pod, nonZero: true));
    }

    [Theory]
    [InlineData("100m", "2", 2000)] // the init container is bigger: it wins
    [InlineData("3", "2", 3000)] // the containers are bigger
    public void Init_containers_use_the_max_rule(string containerCpu, string initCpu, long expected)
    {
        var pod = Build.Pod("p", cpu: containerCpu);
        pod.Spec.InitContainers = [new V1Container { Name = "init", Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(initCpu) } } }];
        Assert.Equal(expected, ResourceMath.PodRequests(pod).MilliCpu);
    }

    [Fact]
    public void Sidecar_init_containers_add_to_the_containers()
    {
        var pod = Build.Pod("p", cpu: "1");
        pod.Spec.InitContainers =
        [
            new V1Container { Name = "sidecar", RestartPolicy = "Always", Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("500m") } } },
            new V1Container { Name = "init", Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("1") } } },
        ];

        // containers + sidecar = 1500m; init + sidecar running before it = 1500m
        Assert.Equal(1500, ResourceMath.PodRequests(pod).MilliCpu);
    }

    [Fact]
    public void Limits_without_requests_count_as_requests_and_overhead_is_added()
    {
        var pod = Build.Pod("p");
        pod.Spec.Containers[0].Resources = new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("1"), ["memory"] = new("1Gi") } };
        pod.Spec.Overhead = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("250m") };
        Assert.Equal(new ResourceAmounts(1250, 1024L * 1024 * 1024), ResourceMath.PodRequests(pod));
    }
}
