namespace ActorKube.Core.Scheduling;

/// <summary>Taint and toleration matching (v1helper / api core/v1 toleration.go).</summary>
public static class Tolerations
{
    public const string NoSchedule = "NoSchedule";
    public const string PreferNoSchedule = "PreferNoSchedule";
    public const string NoExecute = "NoExecute";

    /// <summary>Toleration.ToleratesTaint: an empty effect matches all effects, an empty key with Exists matches all keys.</summary>
    public static bool ToleratesTaint(V1Toleration t, V1Taint taint)
    {
        if (!string.IsNullOrEmpty(t.Effect) && !string.Equals(t.Effect, taint.Effect, StringComparison.Ordinal))
        {
            return false;
        }

        if (!string.IsNullOrEmpty(t.Key) && !string.Equals(t.Key, taint.Key, StringComparison.Ordinal))
        {
            return false;
        }

        return t.OperatorProperty switch
        {
            null or "" or "Equal" => string.Equals(t.Value ?? "", taint.Value ?? "", StringComparison.Ordinal),
            "Exists" => true,
            _ => false,
        };
    }

    public static bool AnyTolerates(V1Toleration[] tolerations, V1Taint taint)
    {
        for (var i = 0; i < tolerations.Length; i++)
        {
            if (ToleratesTaint(tolerations[i], taint))
            {
                return true;
            }
        }

        return false;
    }
}
