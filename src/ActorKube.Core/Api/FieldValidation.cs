namespace ActorKube.Core.Api;

/// <summary>The <c>fieldValidation</c> query parameter of create, update and patch requests.</summary>
public enum FieldValidation
{
    /// <summary>Unknown fields are dropped silently, the last of duplicate fields wins.</summary>
    Ignore,

    /// <summary>As Ignore, with one <c>Warning: 299</c> header per problem. The default when the parameter is absent.</summary>
    Warn,

    /// <summary>Any unknown or duplicate field fails the request.</summary>
    Strict,
}
