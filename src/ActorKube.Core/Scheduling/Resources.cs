namespace ActorKube.Core.Scheduling;

/// <summary>CPU in millicores and memory in bytes, as the scheduler accounts them (framework.Resource).</summary>
public readonly record struct ResourceAmounts(long MilliCpu, long Memory)
{
    public static ResourceAmounts operator +(ResourceAmounts a, ResourceAmounts b) => new(a.MilliCpu + b.MilliCpu, a.Memory + b.Memory);

    public static ResourceAmounts operator -(ResourceAmounts a, ResourceAmounts b) => new(a.MilliCpu - b.MilliCpu, a.Memory - b.Memory);

    public static ResourceAmounts Max(ResourceAmounts a, ResourceAmounts b) => new(Math.Max(a.MilliCpu, b.MilliCpu), Math.Max(a.Memory, b.Memory));
}

/// <summary>Reads resource quantities and computes a pod's effective requests (resource helpers of k8s.io/component-helpers).</summary>
public static class ResourceMath
{
    /// <summary>Requests a container without one is scored with (schedutil.DefaultMilliCPURequest / DefaultMemoryRequest).</summary>
    public const long DefaultMilliCpuRequest = 100;

    public const long DefaultMemoryRequest = 200L * 1024 * 1024;

    public const string Cpu = "cpu";
    public const string Memory = "memory";
    public const string Pods = "pods";

    public static long MilliCpu(ResourceQuantity? q) => q is null ? 0 : (long)Math.Ceiling(q.ToDecimal() * 1000m);

    public static long Value(ResourceQuantity? q) => q is null ? 0 : (long)Math.Ceiling(q.ToDecimal());

    public static ResourceAmounts Read(IDictionary<string, ResourceQuantity>? list) =>
        list is null
            ? default
            : new ResourceAmounts(
                MilliCpu(list.TryGetValue(Cpu, out var c) ? c : null),
                Value(list.TryGetValue(Memory, out var m) ? m : null));

    /// <summary>
    /// The pod's effective requests: the sum over containers, or the largest init container if that is
    /// more (restartable init containers, i.e. sidecars, run alongside and add up), plus the pod overhead.
    /// With <paramref name="nonZero"/> a container without a cpu or memory request counts as 100m / 200Mi,
    /// which is what the scoring plugins use so that best-effort pods do not all pile up on one node.
    /// </summary>
    public static ResourceAmounts PodRequests(V1Pod pod, bool nonZero = false)
    {
        var spec = pod.Spec;
        if (spec is null)
        {
            return default;
        }

        var sum = default(ResourceAmounts);
        // Indexed loops: the lists are IList, whose enumerator is an allocation (twice for every pod event the scheduler sees).
        if (spec.Containers is { } containers)
        {
            for (var i = 0; i < containers.Count; i++)
            {
                sum += ContainerRequests(containers[i], nonZero);
            }
        }

        if (spec.InitContainers is { Count: > 0 } inits)
        {
            var sidecars = default(ResourceAmounts);
            var initMax = default(ResourceAmounts);
            foreach (var c in inits)
            {
                var r = ContainerRequests(c, nonZero);
                if (string.Equals(c.RestartPolicy, "Always", StringComparison.Ordinal))
                {
                    sidecars += r;
                    initMax = ResourceAmounts.Max(initMax, sidecars);
                }
                else
                {
                    initMax = ResourceAmounts.Max(initMax, sidecars + r);
                }
            }

            sum = ResourceAmounts.Max(sum + sidecars, initMax);
        }

        if (spec.Overhead is { } overhead)
        {
            sum += Read(overhead);
        }

        return sum;
    }

    private static ResourceAmounts ContainerRequests(V1Container c, bool nonZero)
    {
        var cpu = Request(c.Resources, Cpu);
        var mem = Request(c.Resources, Memory);
        return new ResourceAmounts(
            cpu is { } cq ? MilliCpu(cq) : nonZero ? DefaultMilliCpuRequest : 0,
            mem is { } mq ? Value(mq) : nonZero ? DefaultMemoryRequest : 0);
    }

    // A limit without a request is the request (API defaulting does this for containers).
    private static ResourceQuantity? Request(V1ResourceRequirements? r, string name) =>
        r?.Requests is { } req && req.TryGetValue(name, out var q) ? q
        : r?.Limits is { } lim && lim.TryGetValue(name, out var l) ? l
        : null;
}
