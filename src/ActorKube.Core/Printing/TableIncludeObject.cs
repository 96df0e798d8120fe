namespace ActorKube.Core.Printing;

/// <summary>
/// What each row of a Table carries in its <c>object</c> field (<c>?includeObject=</c>, metav1.IncludeObjectPolicy).
/// </summary>
public enum TableIncludeObject
{
    /// <summary>No object: <c>"object":null</c>.</summary>
    None,

    /// <summary>The default: a <c>meta.k8s.io/v1 PartialObjectMetadata</c> with the object's full metadata.</summary>
    Metadata,

    /// <summary>The whole object, with its kind and apiVersion.</summary>
    Object,
}
