namespace ActorKube.Core.Printing;

/// <summary>A condition of one row (metav1.TableRowCondition); pods that ran to the end carry "Completed".</summary>
public sealed record TableRowCondition(string Type, string Status, string Reason, string Message)
{
    public const string Completed = "Completed";
}
