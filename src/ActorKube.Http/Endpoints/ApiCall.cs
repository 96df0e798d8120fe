using ActorKube.Client;
using ActorKube.Core.Api;
using ActorKube.Core.Objects;
using ActorKube.Http.Routing;
using Microsoft.AspNetCore.Http;

namespace ActorKube.Http.Endpoints;

/// <summary>One resource request: the HTTP context, what it asks for, and the request options every verb shares.</summary>
internal sealed record ApiCall(HttpContext Http, RequestInfo Info, ResourceInfo Resource)
{
    public string? Query(string name)
    {
        var v = Http.Request.Query[name];
        return v.Count == 0 ? null : v[^1];
    }

    /// <summary>The namespace of the request: the path's, or "default" where a namespaced create names none.</summary>
    public string? Namespace => Resource.Namespaced ? Info.Namespace : null;

    public string Name => Info.Name ?? throw new ApiException(StatusErrors.BadRequest("a name is required for this request"));

    /// <summary>The component name for the message-flow log: the client's user agent ("kubectl").</summary>
    public string From
    {
        get
        {
            var ua = Http.Request.Headers.UserAgent.ToString();
            var slash = ua.IndexOfAny(['/', ' ']);
            return ua.Length == 0 ? "http-client" : slash > 0 ? ua[..slash] : ua;
        }
    }

    /// <summary>dryRun=All: validate and answer, store nothing. Any other value is a 400, as in kube-apiserver.</summary>
    public bool DryRun
    {
        get
        {
            var values = Http.Request.Query["dryRun"];
            foreach (var v in values)
            {
                if (v != "All")
                {
                    throw new ApiException(StatusErrors.Invalid(Resource, Info.Name ?? "", [FieldError.NotSupported("dryRun", v, ["All"])]));
                }
            }

            return values.Count > 0;
        }
    }

    /// <summary>Stamps the options every request carries (dry run, field manager, flow-log source).</summary>
    public T Stamp<T>(T request) where T : ApiRequest => request with
    {
        DryRun = DryRun,
        FieldManager = Query("fieldManager"),
        From = From,
    };
}
