using System.Text.Json.Nodes;
using ActorKube.Core.Api;
using ActorKube.Core.Objects;

namespace ActorKube.Core.Tests.Api;

public class PatchStrategiesTests
{
    private static string Q(string s) => s.Replace('\'', '"');

    private static void Smp(ResourceInfo r, string current, string patch, string expected)
    {
        var actual = Patches.ApplyStrategicMergePatch(Q(current), Q(patch), r);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Q(expected)), JsonNode.Parse(actual)), $"expected {Q(expected)}\nactual   {actual}");
    }

    [Fact]
    public void Tags_are_found_by_owner_type_and_field()
    {
        Assert.Equal("name", PatchStrategies.For(typeof(V1PodSpec), "containers")!.MergeKey);
        Assert.Equal("merge,retainKeys", PatchStrategies.For(typeof(V1PodSpec), "volumes")!.Strategy);
        Assert.Equal("containerPort", PatchStrategies.For(typeof(V1EphemeralContainer), "ports")!.MergeKey);
        Assert.Equal(["port", "protocol"], PatchStrategies.For(typeof(V1ServiceSpec), "ports")!.MapKeys);
        Assert.Equal("set", PatchStrategies.For(typeof(V1ObjectMeta), "finalizers")!.ListType);
        Assert.Null(PatchStrategies.For(typeof(V1EndpointSubset), "ports"));
        Assert.Null(PatchStrategies.For(typeof(V1Container), "args"));
    }

    [Fact]
    public void Service_ports_merge_by_port() =>
        Smp(Resources.Services,
            "{'spec':{'ports':[{'port':80,'name':'http'},{'port':443,'name':'https'}]}}",
            "{'spec':{'ports':[{'port':443,'targetPort':8443}]}}",
            "{'spec':{'ports':[{'port':80,'name':'http'},{'port':443,'name':'https','targetPort':8443}]}}");

    [Fact]
    public void Endpoints_ports_have_no_merge_key_and_are_replaced() =>
        Smp(Resources.Endpoints,
            "{'subsets':[{'ports':[{'port':80},{'port':81}]}]}",
            "{'subsets':[{'ports':[{'port':82}]}]}",
            "{'subsets':[{'ports':[{'port':82}]}]}");

    [Fact]
    public void Deployment_status_conditions_merge_by_type() =>
        Smp(Resources.Deployments,
            "{'status':{'conditions':[{'type':'Available','status':'True'},{'type':'Progressing','status':'True'}]}}",
            "{'status':{'conditions':[{'type':'Available','status':'False'}]}}",
            "{'status':{'conditions':[{'type':'Available','status':'False'},{'type':'Progressing','status':'True'}]}}");

    [Fact]
    public void Container_env_in_a_deployment_template_merges_by_name() =>
        Smp(Resources.Deployments,
            "{'spec':{'template':{'spec':{'containers':[{'name':'a','env':[{'name':'X','value':'1'}]}]}}}}",
            "{'spec':{'template':{'spec':{'containers':[{'name':'a','env':[{'name':'Y','value':'2'}]}]}}}}",
            "{'spec':{'template':{'spec':{'containers':[{'name':'a','env':[{'name':'X','value':'1'},{'name':'Y','value':'2'}]}]}}}}");

    [Fact]
    public void Container_args_are_atomic() =>
        Smp(Resources.Pods,
            "{'spec':{'containers':[{'name':'a','args':['x','y']}]}}",
            "{'spec':{'containers':[{'name':'a','args':['z']}]}}",
            "{'spec':{'containers':[{'name':'a','args':['z']}]}}");

    [Fact]
    public void Type_at_walks_lists_and_maps()
    {
        Assert.Equal(typeof(V1Container), ModelShape.TypeAt(typeof(V1Deployment), "spec.template.spec.containers"));
        Assert.Equal(typeof(string), ModelShape.TypeAt(typeof(V1Pod), "metadata.labels.app"));
        Assert.Null(ModelShape.TypeAt(typeof(V1Pod), "spec.nope"));
    }

    [Fact]
    public void Model_properties_are_the_api_fields_only()
    {
        Assert.True(ModelShape.Properties(typeof(V1Status)).ContainsKey("code"));
        Assert.False(ModelShape.Properties(typeof(V1Status)).ContainsKey("HasObject"));
    }
}
