using ActorKube.Core.Node;
using ActorKube.Core.Objects.Chaos;

namespace ActorKube.Core.Api;

/// <summary>Validation of chaos.actorkube.io Faults: the fields each fault type needs, and what may not change once it is created.</summary>
public static partial class Validation
{
    /// <summary>The longest NetworkDelay a Fault may ask for, in milliseconds.</summary>
    public const int MaxNetworkDelayMs = 60_000;

    private static void ValidateFaultSpec(V1alpha1FaultSpec? spec, List<FieldError> errs)
    {
        if (spec is null)
        {
            errs.Add(FieldError.Required("spec"));
            return;
        }

        var type = spec.Type;
        if (string.IsNullOrEmpty(type))
        {
            errs.Add(FieldError.Required("spec.type", $"one of {string.Join(", ", FaultTypes.All)}"));
        }
        else if (!FaultTypes.All.Contains(type))
        {
            errs.Add(FieldError.NotSupported("spec.type", type, FaultTypes.All));
        }

        if (FaultTypes.IsNodeFault(type))
        {
            if (string.IsNullOrEmpty(spec.Node))
            {
                errs.Add(FieldError.Required("spec.node", $"the node a {type} fault targets"));
            }
            else
            {
                foreach (var m in NameRules.IsDns1123Subdomain(spec.Node))
                {
                    errs.Add(FieldError.InvalidValue("spec.node", spec.Node, m));
                }
            }

            ForbidFor(type!, spec.From is not null, "spec.from", errs);
            ForbidFor(type!, spec.To is not null, "spec.to", errs);
            ForbidFor(type!, spec.DelayMs is not null, "spec.delayMs", errs);
            ForbidFor(type!, spec.LossPercent is not null, "spec.lossPercent", errs);
        }
        else if (FaultTypes.IsNetworkFault(type))
        {
            if (string.IsNullOrEmpty(spec.From))
            {
                errs.Add(FieldError.Required("spec.from", "the process whose outgoing messages are affected"));
            }

            if (string.IsNullOrEmpty(spec.To))
            {
                errs.Add(FieldError.Required("spec.to", "the process the affected messages go to"));
            }
            else if (spec.To == spec.From)
            {
                errs.Add(FieldError.InvalidValue("spec.to", spec.To, "must be another process than spec.from"));
            }

            ForbidFor(type!, spec.Node is not null, "spec.node", errs);
            if (type == FaultTypes.NetworkDelay)
            {
                if (spec.DelayMs is not { } delay)
                {
                    errs.Add(FieldError.Required("spec.delayMs", "the added latency in milliseconds"));
                }
                else if (delay <= 0)
                {
                    errs.Add(FieldError.InvalidNumber("spec.delayMs", delay, "must be greater than 0"));
                }
                else if (delay > MaxNetworkDelayMs)
                {
                    errs.Add(FieldError.InvalidNumber("spec.delayMs", delay, $"must be at most {MaxNetworkDelayMs} (a minute: longer, and the processes have long declared each other unreachable)"));
                }

                ForbidFor(type, spec.LossPercent is not null, "spec.lossPercent", errs);
            }
            else
            {
                if (spec.LossPercent is not { } loss)
                {
                    errs.Add(FieldError.Required("spec.lossPercent", "the share of messages to drop, 1 to 100"));
                }
                else if (loss is < 1 or > 100)
                {
                    errs.Add(FieldError.InvalidNumber("spec.lossPercent", loss, "must be between 1 and 100, inclusive"));
                }

                ForbidFor(type!, spec.DelayMs is not null, "spec.delayMs", errs);
            }
        }

        if (spec.Duration is { } duration)
        {
            if (!GoDuration.TryParse(duration, out var d))
            {
                errs.Add(FieldError.InvalidValue("spec.duration", duration, "must be a duration such as \"60s\", \"5m\" or \"1h30m\""));
            }
            else if (d <= TimeSpan.Zero)
            {
                errs.Add(FieldError.InvalidValue("spec.duration", duration, "must be greater than 0"));
            }
        }
    }

    /// <summary>What a fault breaks cannot change once it may be injected: lifting must repair the same target.</summary>
    private static void ValidateFaultUpdate(V1alpha1FaultSpec? spec, V1alpha1FaultSpec? old, List<FieldError> errs)
    {
        if (spec is null || old is null)
        {
            return;
        }

        if (spec.Type != old.Type)
        {
            errs.Add(FieldError.Immutable("spec.type", Quote(spec.Type)));
        }

        if (spec.Node != old.Node)
        {
            errs.Add(FieldError.Immutable("spec.node", Quote(spec.Node)));
        }

        if (spec.From != old.From)
        {
            errs.Add(FieldError.Immutable("spec.from", Quote(spec.From)));
        }

        if (spec.To != old.To)
        {
            errs.Add(FieldError.Immutable("spec.to", Quote(spec.To)));
        }
    }

    private static void ValidateFaultStatus(V1alpha1FaultStatus? status, List<FieldError> errs)
    {
        if (status?.Phase is { Length: > 0 } phase && !FaultPhases.All.Contains(phase))
        {
            errs.Add(FieldError.NotSupported("status.phase", phase, FaultPhases.All));
        }
    }

    private static void ForbidFor(string type, bool isSet, string field, List<FieldError> errs)
    {
        if (isSet)
        {
            errs.Add(FieldError.Forbidden(field, $"may not be set for {type} faults"));
        }
    }
}
