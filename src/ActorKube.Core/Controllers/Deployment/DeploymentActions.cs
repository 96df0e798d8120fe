namespace ActorKube.Core.Controllers.Deployment;

/// <summary>An event to record on the Deployment once the action it belongs to succeeded.</summary>
public sealed record DeploymentEvent(string Type, string Reason, string Message);

/// <summary>One request the deployment sync asks for (what Kubernetes' fake client records in deployment tests).</summary>
public abstract record DeploymentAction
{
    public DeploymentEvent? Event { get; init; }
}

public sealed record CreateReplicaSet(V1ReplicaSet ReplicaSet) : DeploymentAction;

/// <summary>Scale, annotations, minReadySeconds, adoption or release; carries the cached resourceVersion.</summary>
public sealed record UpdateReplicaSet(V1ReplicaSet ReplicaSet) : DeploymentAction;

public sealed record DeleteReplicaSet(V1ReplicaSet ReplicaSet) : DeploymentAction;

/// <summary>PUT deployments/status with the new status.</summary>
public sealed record UpdateDeploymentStatus(V1Deployment Deployment) : DeploymentAction;

/// <summary>The deployment's own deployment.kubernetes.io/revision annotation (a metadata change: a merge patch).</summary>
public sealed record SetDeploymentRevision(V1Deployment Deployment, string Revision) : DeploymentAction;

/// <summary>The result of one sync: actions in order, events not tied to an action, and when to look again.</summary>
public sealed record DeploymentSync(IReadOnlyList<DeploymentAction> Actions, IReadOnlyList<DeploymentEvent> Events, TimeSpan? RequeueAfter)
{
    public IEnumerable<T> OfType<T>() where T : DeploymentAction => Actions.OfType<T>();
}
