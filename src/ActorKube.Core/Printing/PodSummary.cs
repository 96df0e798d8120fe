namespace ActorKube.Core.Printing;

/// <summary>What printPod computes for a pod: ready and total containers, STATUS, restarts and the latest restart.</summary>
public sealed record PodSummary(int Ready, int Total, string Status, int Restarts, DateTime? LastRestart);
