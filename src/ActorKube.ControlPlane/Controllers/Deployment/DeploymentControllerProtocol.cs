using ActorKube.Core.Controllers.Deployment;

namespace ActorKube.ControlPlane.Controllers.Deployment;

/// <summary>Tag of the deployment-controller's requests: the reply brings back the deployment key and the action.</summary>
public sealed record DeploymentActionTag(string DeploymentKey, DeploymentAction Action);
