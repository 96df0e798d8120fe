using k8s.Models;

namespace ActorKube.Core.Api;

/// <summary>Raised by pure API logic (validation, admission, patching); the apiserver turns it into a typed reply.</summary>
public sealed class ApiException(V1Status status) : Exception(status.Message)
{
    public V1Status Status { get; } = status;

    public int Code => Status.Code ?? 500;
}
