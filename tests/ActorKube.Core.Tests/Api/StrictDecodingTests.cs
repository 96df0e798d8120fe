using System.Text;
using System.Text.Json.Nodes;
using ActorKube.Core.Api;
using ActorKube.Core.Objects;
using YamlDotNet.RepresentationModel;

namespace ActorKube.Core.Tests.Api;

public class StrictDecodingTests
{
    private static IReadOnlyList<string> Problems<T>(string json) => StrictDecoding.FindProblems(Encoding.UTF8.GetBytes(json.Replace('\'', '"')), typeof(T));

    [Fact]
    public void A_known_good_deployment_has_no_problems() =>
        Assert.Empty(Problems<V1Deployment>("""
            {'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','labels':{'app':'web','any/key':'x'},'annotations':{'a.b/c':'d'}},
             'spec':{'replicas':2,'selector':{'matchLabels':{'app':'web'}},'strategy':{'rollingUpdate':{'maxSurge':'25%','maxUnavailable':1}},
              'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':[{'name':'nginx','image':'nginx','ports':[{'containerPort':80}],
                'resources':{'requests':{'cpu':'100m','memory':'64Mi'},'limits':{'cpu':1}}}]}}}}
            """));

    [Fact]
    public void Unknown_fields_are_named_by_their_path_through_lists() =>
        Assert.Equal(
            ["unknown field \"spec.foo\"", "unknown field \"spec.template.spec.containers[1].imagePullPolicyy\""],
            Problems<V1Deployment>("{'spec':{'foo':1,'template':{'spec':{'containers':[{'name':'a'},{'name':'b','imagePullPolicyy':'Always'}]}}}}"));

    [Fact]
    public void Unknown_fields_at_the_top_and_case_matters() =>
        Assert.Equal(["unknown field \"Spec\"", "unknown field \"extra\""], Problems<V1Pod>("{'Spec':{},'extra':{'x':1}}"));

    [Fact]
    public void Labels_annotations_and_data_take_any_key() =>
        Assert.Empty(Problems<V1ConfigMap>("{'metadata':{'labels':{'whatever':'x'},'annotations':{'k':'v'}},'data':{'any.key':'v'},'binaryData':{'b':'AAE='}}"));

    [Fact]
    public void Duplicate_fields_are_found_in_objects_and_maps() =>
        Assert.Equal(
            ["duplicate field \"spec.replicas\"", "duplicate field \"metadata.labels.app\""],
            Problems<V1Deployment>("{'spec':{'replicas':1,'replicas':2},'metadata':{'labels':{'app':'a','app':'b'}}}"));

    [Fact]
    public void Each_problem_is_reported_once() =>
        Assert.Equal(["unknown field \"spec.x\""], Problems<V1Pod>("{'spec':{'x':1,'x':2}}"));

    [Fact]
    public void Int_or_string_quantities_times_and_raw_extensions_are_not_walked()
    {
        Assert.Empty(Problems<V1Service>("{'spec':{'ports':[{'port':80,'targetPort':'http'}]}}"));
        Assert.Empty(Problems<V1ControllerRevision>("{'data':{'anything':{'goes':[1,2]}},'revision':3}"));
        Assert.Empty(Problems<V1Pod>("{'metadata':{'creationTimestamp':'2024-01-01T00:00:00Z','managedFields':[{'fieldsV1':{'f:spec':{}}}]}}"));
    }

    [Fact]
    public void Nulls_and_type_mismatches_are_not_strict_problems() =>
        Assert.Empty(Problems<V1Pod>("{'metadata':null,'spec':{'containers':'oops'}}"));

    [Fact]
    public void At_most_one_hundred_problems()
    {
        var fields = string.Join(",", Enumerable.Range(0, 150).Select(i => $"'f{i}':1"));
        Assert.Equal(StrictDecoding.MaxProblems, Problems<V1Pod>("{" + fields + "}").Count);
    }

    [Fact]
    public void Duplicate_fields_of_a_patch_body_are_found_without_a_schema() =>
        Assert.Equal(
            ["duplicate field \"spec.template.spec.containers[0].image\""],
            StrictDecoding.FindDuplicateFields("""{"spec":{"template":{"spec":{"containers":[{"image":"a","image":"b","zz":1}]}}}}"""u8));

    [Fact]
    public void The_examples_have_no_problems()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "examples")))
        {
            dir = dir.Parent;
        }

        var files = Directory.GetFiles(Path.Combine(dir!.FullName, "examples"), "*.yaml");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(File.ReadAllText(file)));
            foreach (var doc in stream.Documents)
            {
                var json = ToJson(doc.RootNode)!;
                var r = Resources.ForKind((string?)json["apiVersion"], (string?)json["kind"])!;
                Assert.Empty(StrictDecoding.FindProblems(Encoding.UTF8.GetBytes(json.ToJsonString()), r.ClrType));
            }
        }
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode m => new JsonObject(m.Children.Select(kv => KeyValuePair.Create(((YamlScalarNode)kv.Key).Value!, ToJson(kv.Value)))),
        YamlSequenceNode s => new JsonArray(s.Children.Select(ToJson).ToArray()),
        YamlScalarNode v => JsonValue.Create(v.Value),
        _ => null,
    };

    [Fact]
    public void Create_errors_read_like_the_apiservers()
    {
        var status = StrictDecoding.DecodeError(Resources.Deployments, ["unknown field \"spec.foo\"", "duplicate field \"spec.replicas\""]);
        Assert.Equal((400, "BadRequest"), (status.Code, status.Reason));
        Assert.Equal("Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding error: unknown field \"spec.foo\", duplicate field \"spec.replicas\"", status.Message);
    }

    [Fact]
    public void Patch_errors_are_invalid_on_the_patch_field()
    {
        var printed = GoFormat.Value(JsonNode.Parse("""{"spec":{"foo":1}}"""));
        var status = StrictDecoding.PatchError(printed, ["unknown field \"spec.foo\""]);
        Assert.Equal((422, "Invalid"), (status.Code, status.Reason));
        Assert.Equal(" \"\" is invalid: patch: Invalid value: \"map[spec:map[foo:1]]\": strict decoding error: unknown field \"spec.foo\"", status.Message);
        var cause = Assert.Single(status.Details.Causes);
        Assert.Equal(("patch", "FieldValueInvalid"), (cause.Field, cause.Reason));
    }

    [Fact]
    public void Warnings_are_299_headers() =>
        Assert.Equal("299 - \"unknown field \\\"spec.foo\\\"\"", StrictDecoding.WarningHeader("unknown field \"spec.foo\""));

    [Theory]
    [InlineData(null, FieldValidation.Warn)]
    [InlineData("", FieldValidation.Warn)]
    [InlineData("Warn", FieldValidation.Warn)]
    [InlineData("Strict", FieldValidation.Strict)]
    [InlineData("Ignore", FieldValidation.Ignore)]
    public void Directives_default_to_warn(string? value, FieldValidation expected) =>
        Assert.Equal(expected, StrictDecoding.ParseDirective(value, "CreateOptions"));

    [Fact]
    public void An_unknown_directive_is_invalid_options()
    {
        var e = Assert.Throws<ApiException>(() => StrictDecoding.ParseDirective("strict", "PatchOptions"));
        Assert.Equal(422, e.Code);
        Assert.Equal("PatchOptions.meta.k8s.io \"\" is invalid: fieldValidation: Unsupported value: \"strict\": supported values: \"\", \"Ignore\", \"Strict\", \"Warn\"", e.Status.Message);
    }
}
