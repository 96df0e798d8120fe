using ActorKube.Client;
using ActorKube.Core.Controllers.Deployment;

namespace ActorKube.ControlPlane.Controllers.Deployment;

/// <summary>Tag of the deployment-controller's requests: the reply brings back the deployment key, which action it
/// was (<see cref="DeploymentAction"/>'s type name) and the event to record once it succeeded. Plain values, not the
/// action with its object: a tag travels to the apiserver and back.</summary>
public sealed record DeploymentActionTag(string DeploymentKey, string Action, DeploymentEvent? Event) : IWireTag;
