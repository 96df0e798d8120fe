using System.Text.Json.Nodes;
using ActorKube.Core.Objects;

namespace ActorKube.Core.Discovery;

/// <summary>
/// The <c>paths</c> of an OpenAPI v3 group-version document: per resource the collection, item, all-namespaces
/// and subresource paths with the operations its verbs allow, their query parameters (inline, as kube-openapi
/// writes them), <c>x-kubernetes-action</c> and <c>x-kubernetes-group-version-kind</c>.
/// </summary>
internal sealed class OperationFactory(OpenApiSchemaBuilder schemas, string group, string version)
{
    private static readonly string[] BodyMediaTypes = ["application/json", "application/yaml"];
    private static readonly string[] ListMediaTypes = ["application/json", "application/yaml", "application/json;stream=watch"];

    private static readonly string[] PatchMediaTypes =
        ["application/apply-patch+yaml", "application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json"];

    private readonly string _gvTitle = Title(OpenApiNames.PackageOf(group)) + Title(version);
    private readonly string _tag = $"{OpenApiNames.PackageOf(group)}_{version}";

    public void AddResource(ResourceInfo r, SortedDictionary<string, JsonObject> paths)
    {
        schemas.AddGroupVersionKind(r.ClrType, r.Group, r.Version, r.Kind);
        var listType = r.ListClrType;
        if (listType is not null)
        {
            schemas.AddGroupVersionKind(listType, r.Group, r.Version, $"{r.Kind}List");
        }

        var prefix = r.Group.Length == 0 ? $"/api/{r.Version}" : $"/apis/{r.Group}/{r.Version}";
        var collection = r.Namespaced ? $"{prefix}/namespaces/{{namespace}}/{r.Plural}" : $"{prefix}/{r.Plural}";
        var scoped = (r.Namespaced ? "Namespaced" : "") + r.Kind;
        var gvk = Gvk(r.Group, r.Version, r.Kind);
        var verbs = r.Verbs.ToHashSet(StringComparer.Ordinal);

        var collectionItem = PathItem(r.Namespaced ? [Namespace(), Pretty()] : [Pretty()]);
        if (verbs.Contains("list"))
        {
            collectionItem["get"] = Operation($"list{_gvTitle}{scoped}", $"list or watch objects of kind {r.Kind}", "list", gvk, ListParameters(), null,
                Responses(("200", "OK", listType ?? typeof(object), ListMediaTypes)));
            if (r.Namespaced)
            {
                paths[$"{prefix}/{r.Plural}"] = PathItem([Pretty()]);
                paths[$"{prefix}/{r.Plural}"]["get"] = Operation($"list{_gvTitle}{r.Kind}ForAllNamespaces", $"list or watch objects of kind {r.Kind}", "list", gvk,
                    ListParameters(), null, Responses(("200", "OK", listType ?? typeof(object), ListMediaTypes)));
            }
        }

        if (verbs.Contains("create"))
        {
            collectionItem["post"] = Operation($"create{_gvTitle}{scoped}", $"create a {r.Kind}", "post", gvk, WriteParameters(), Body(r.ClrType),
                Responses(("200", "OK", r.ClrType, BodyMediaTypes), ("201", "Created", r.ClrType, BodyMediaTypes), ("202", "Accepted", r.ClrType, BodyMediaTypes)));
        }

        if (verbs.Contains("deletecollection"))
        {
            collectionItem["delete"] = Operation($"delete{_gvTitle}Collection{scoped}", $"delete collection of {r.Kind}", "deletecollection", gvk,
                DeleteCollectionParameters(), Body(typeof(V1DeleteOptions)), Responses(("200", "OK", typeof(V1Status), BodyMediaTypes)));
        }

        paths[collection] = collectionItem;

        var item = PathItem(r.Namespaced ? [Name(r.Kind), Namespace(), Pretty()] : [Name(r.Kind), Pretty()]);
        if (verbs.Contains("get"))
        {
            item["get"] = Operation($"read{_gvTitle}{scoped}", $"read the specified {r.Kind}", "get", gvk, [], null, Responses(("200", "OK", r.ClrType, BodyMediaTypes)));
        }

        if (verbs.Contains("update"))
        {
            item["put"] = Replace($"replace{_gvTitle}{scoped}", $"replace the specified {r.Kind}", gvk, r.ClrType);
        }

        if (verbs.Contains("patch"))
        {
            item["patch"] = Patch($"patch{_gvTitle}{scoped}", $"partially update the specified {r.Kind}", gvk, r.ClrType);
        }

        if (verbs.Contains("delete"))
        {
            item["delete"] = Operation($"delete{_gvTitle}{scoped}", $"delete a {r.Kind}", "delete", gvk, DeleteParameters(), Body(typeof(V1DeleteOptions)),
                Responses(("200", "OK", typeof(V1Status), BodyMediaTypes), ("202", "Accepted", typeof(V1Status), BodyMediaTypes)));
        }

        paths[$"{collection}/{{name}}"] = item;

        foreach (var s in r.Subresources)
        {
            paths[$"{collection}/{{name}}/{s.Name}"] = Subresource(r, s, scoped);
        }
    }

    private JsonObject Subresource(ResourceInfo r, SubresourceInfo s, string scoped)
    {
        var type = s.ClrType ?? r.ClrType;
        var sGroup = s.Group ?? r.Group;
        var sVersion = s.Version ?? r.Version;
        if (s.ClrType is not null)
        {
            schemas.AddGroupVersionKind(type, sGroup, sVersion, s.Kind);
        }

        var gvk = Gvk(sGroup, sVersion, s.Kind);
        var id = $"{_gvTitle}{scoped}{Title(s.Name)}";
        var item = PathItem(r.Namespaced ? [Name(r.Kind), Namespace(), Pretty()] : [Name(r.Kind), Pretty()]);
        foreach (var verb in s.Verbs)
        {
            switch (verb)
            {
                case "get" when s.Name == "log":
                    item["get"] = Operation($"read{id}", $"read log of the specified {r.Kind}", "get", gvk, LogParameters(), null, new JsonObject
                    {
                        ["200"] = new JsonObject
                        {
                            ["description"] = "OK",
                            ["content"] = new JsonObject { ["text/plain"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string" } } },
                        },
                        ["401"] = Unauthorized(),
                    });
                    break;
                case "get":
                    item["get"] = Operation($"read{id}", $"read {s.Name} of the specified {r.Kind}", "get", gvk, [], null, Responses(("200", "OK", type, BodyMediaTypes)));
                    break;
                case "update":
                    item["put"] = Replace($"replace{id}", $"replace {s.Name} of the specified {r.Kind}", gvk, type);
                    break;
                case "patch":
                    item["patch"] = Patch($"patch{id}", $"partially update {s.Name} of the specified {r.Kind}", gvk, type);
                    break;
                case "create":
                    item["post"] = Operation($"create{id}", $"create {s.Name} of a {r.Kind}", "post", gvk, WriteParameters(), Body(type),
                        Responses(("200", "OK", type, BodyMediaTypes), ("201", "Created", type, BodyMediaTypes), ("202", "Accepted", type, BodyMediaTypes)));
                    break;
            }
        }

        return item;
    }

    private JsonObject Replace(string id, string description, JsonObject gvk, Type type) =>
        Operation(id, description, "put", gvk, WriteParameters(), Body(type),
            Responses(("200", "OK", type, BodyMediaTypes), ("201", "Created", type, BodyMediaTypes)));

    private JsonObject Patch(string id, string description, JsonObject gvk, Type type)
    {
        var content = new JsonObject();
        foreach (var media in PatchMediaTypes)
        {
            content[media] = new JsonObject { ["schema"] = OpenApiSchemaBuilder.RefToName(OpenApiNames.Patch) };
        }

        var parameters = WriteParameters();
        parameters.Add(Query("force", "boolean", "Force is going to \"force\" Apply requests: the request is applied even when it conflicts with other managers. Only for apply patches."));
        return Operation(id, description, "patch", gvk, parameters, new JsonObject { ["content"] = content, ["required"] = true },
            Responses(("200", "OK", type, BodyMediaTypes), ("201", "Created", type, BodyMediaTypes)));
    }

    private JsonObject Operation(string id, string description, string action, JsonObject gvk, JsonArray parameters, JsonObject? body, JsonObject responses)
    {
        var op = new JsonObject
        {
            ["tags"] = new JsonArray(_tag),
            ["description"] = description,
            ["operationId"] = id,
        };
        if (parameters.Count > 0)
        {
            op["parameters"] = parameters;
        }

        if (body is not null)
        {
            op["requestBody"] = body;
        }

        op["responses"] = responses;
        op["x-kubernetes-action"] = action;
        op["x-kubernetes-group-version-kind"] = gvk.DeepClone();
        return op;
    }

    private JsonObject Body(Type type)
    {
        var content = new JsonObject();
        foreach (var media in BodyMediaTypes)
        {
            content[media] = new JsonObject { ["schema"] = schemas.Ref(type) };
        }

        return new JsonObject { ["content"] = content, ["required"] = true };
    }

    private JsonObject Responses(params (string Code, string Description, Type Type, string[] Media)[] responses)
    {
        var result = new JsonObject();
        foreach (var (code, description, type, media) in responses)
        {
            var content = new JsonObject();
            foreach (var m in media)
            {
                content[m] = new JsonObject { ["schema"] = type == typeof(object) ? new JsonObject { ["type"] = "object" } : schemas.Ref(type) };
            }

            result[code] = new JsonObject { ["description"] = description, ["content"] = content };
        }

        result["401"] = Unauthorized();
        return result;
    }

    private static JsonObject Unauthorized() => new() { ["description"] = "Unauthorized" };

    private static JsonObject Gvk(string group, string version, string kind) => new() { ["group"] = group, ["kind"] = kind, ["version"] = version };

    private static JsonObject PathItem(JsonNode[] parameters) => new() { ["parameters"] = new JsonArray(parameters) };

    private static string Title(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    // ---- parameters ----

    private static JsonObject Query(string name, string type, string description) => new()
    {
        ["name"] = name,
        ["in"] = "query",
        ["description"] = description,
        ["schema"] = new JsonObject { ["type"] = type, ["uniqueItems"] = true },
    };

    private static JsonObject PathParameter(string name, string description) => new()
    {
        ["name"] = name,
        ["in"] = "path",
        ["description"] = description,
        ["required"] = true,
        ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true },
    };

    private static JsonObject Namespace() => PathParameter("namespace", "object name and auth scope, such as for teams and projects");

    private static JsonObject Name(string kind) => PathParameter("name", $"name of the {kind}");

    private static JsonObject Pretty() => Query("pretty", "string", "If 'true', then the output is pretty printed.");

    private static JsonObject DryRun() => Query("dryRun", "string", "When present, indicates that modifications should not be persisted. The only valid value is All: every stage of the request is run, nothing is stored.");

    private static JsonObject FieldManager() => Query("fieldManager", "string", "A name associated with the actor or entity that is making these changes (at most 128 printable characters).");

    private static JsonObject FieldValidation() => Query("fieldValidation", "string",
        "How the server handles unknown and duplicate fields in the request body: Ignore drops them silently, Warn drops them and returns a Warning header for each, Strict rejects the request with a BadRequest naming them all.");

    private static JsonArray WriteParameters() => [DryRun(), FieldManager(), FieldValidation()];

    private static JsonObject GracePeriod() => Query("gracePeriodSeconds", "integer", "The duration in seconds before the object should be deleted; zero means delete immediately.");

    private static JsonObject PropagationPolicy() => Query("propagationPolicy", "string", "Whether and how garbage collection is performed: 'Orphan', 'Background' or 'Foreground'.");

    private static JsonObject OrphanDependents() => Query("orphanDependents", "boolean", "Deprecated: use propagationPolicy.");

    private static JsonObject IgnoreStoreReadError() => Query("ignoreStoreReadErrorWithClusterBreakingPotential", "boolean", "Delete a corrupt object that cannot be read from storage (unsafe).");

    private static JsonArray DeleteParameters() => [DryRun(), GracePeriod(), IgnoreStoreReadError(), OrphanDependents(), PropagationPolicy()];

    private static JsonObject[] Selection() =>
    [
        Query("continue", "string", "The continue token of the previous page of a chunked list."),
        Query("fieldSelector", "string", "A selector to restrict the list of returned objects by their fields."),
        Query("labelSelector", "string", "A selector to restrict the list of returned objects by their labels."),
        Query("limit", "integer", "The maximum number of objects to return for a list call."),
        Query("resourceVersion", "string", "Constrains the resource versions a request may be served from."),
        Query("resourceVersionMatch", "string", "How resourceVersion is applied to list calls: 'Exact' or 'NotOlderThan'."),
        Query("sendInitialEvents", "boolean", "With watch=true, start the watch stream with synthetic events of the current objects."),
        Query("timeoutSeconds", "integer", "Timeout for the list/watch call."),
    ];

    private static JsonArray ListParameters() =>
    [
        Query("allowWatchBookmarks", "boolean", "Request watch events of type BOOKMARK."),
        .. Selection(),
        Query("watch", "boolean", "Watch for changes to the described resources and return them as a stream of add, update, and remove notifications."),
    ];

    private static JsonArray DeleteCollectionParameters()
    {
        var selection = Selection();
        return
        [
            selection[0], DryRun(), selection[1], GracePeriod(), IgnoreStoreReadError(), selection[2], selection[3], OrphanDependents(), PropagationPolicy(),
            selection[4], selection[5], selection[6], selection[7],
        ];
    }

    private static JsonArray LogParameters() =>
    [
        Query("container", "string", "The container for which to stream logs. Defaults to the only container if there is one container in the pod."),
        Query("follow", "boolean", "Follow the log stream of the pod."),
        Query("insecureSkipTLSVerifyBackend", "boolean", "Do not verify the serving certificate of the backend (kubelet)."),
        Query("limitBytes", "integer", "The number of bytes to read from the server before terminating the log output."),
        Query("previous", "boolean", "Return previous terminated container logs."),
        Query("sinceSeconds", "integer", "A relative time in seconds before the current time from which to show logs."),
        Query("tailLines", "integer", "The number of lines from the end of the logs to show."),
        Query("timestamps", "boolean", "Prefix every line of log output with an RFC3339 timestamp."),
    ];
}
