namespace ActorKube.Core.Node;

/// <summary>The pod's QoS class, as pkg/apis/core/v1/helper/qos computes it.</summary>
public static class QosClass
{
    public static string Of(V1PodSpec spec)
    {
        var containers = (spec.InitContainers ?? []).Concat(spec.Containers ?? []).ToList();
        var any = false;
        var guaranteed = true;
        foreach (var c in containers)
        {
            var requests = c.Resources?.Requests;
            var limits = c.Resources?.Limits;
            foreach (var r in new[] { "cpu", "memory" })
            {
                var hasRequest = requests?.ContainsKey(r) == true && !IsZero(requests[r]);
                var hasLimit = limits?.ContainsKey(r) == true && !IsZero(limits[r]);
                any |= hasRequest || hasLimit;
                if (!hasLimit || (hasRequest && requests![r].ToString() != limits![r].ToString()))
                {
                    guaranteed = false;
                }
            }
        }

        return !any ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
    }

    private static bool IsZero(ResourceQuantity q) => q.ToDecimal() == 0;
}
