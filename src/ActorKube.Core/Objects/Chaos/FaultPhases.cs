namespace ActorKube.Core.Objects.Chaos;

/// <summary>The values of a Fault's <c>status.phase</c>.</summary>
public static class FaultPhases
{
    /// <summary>Created, not injected yet.</summary>
    public const string Pending = "Pending";

    /// <summary>Injected: the node is off or cut off.</summary>
    public const string Active = "Active";

    /// <summary>Its duration passed and it was lifted; the object stays until deleted, as a record.</summary>
    public const string Ended = "Ended";

    /// <summary>It could not be injected (an unknown node, a fault type this cluster cannot inject); the message says why.</summary>
    public const string Failed = "Failed";

    public static readonly IReadOnlyList<string> All = [Pending, Active, Ended, Failed];
}
