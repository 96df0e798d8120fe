using System.Text.Json.Nodes;
using ActorKube.Core.Api;
using ActorKube.Core.Objects;

namespace ActorKube.Core.Tests.Api;

public class PatchesTests
{
    private static void JsonEqual(string expected, string actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"expected {expected}\nactual   {actual}");

    private static string Q(string s) => s.Replace('\'', '"');

    [Theory]
    [InlineData("{'a':'b'}", "{'a':'c'}", "{'a':'c'}")]
    [InlineData("{'a':'b'}", "{'b':'c'}", "{'a':'b','b':'c'}")]
    [InlineData("{'a':'b'}", "{'a':null}", "{}")]
    [InlineData("{'a':'b','b':'c'}", "{'a':null}", "{'b':'c'}")]
    [InlineData("{'a':['b']}", "{'a':'c'}", "{'a':'c'}")]
    [InlineData("{'a':'c'}", "{'a':['b']}", "{'a':['b']}")]
    [InlineData("{'a':{'b':'c'}}", "{'a':{'b':'d','c':null}}", "{'a':{'b':'d'}}")]
    [InlineData("{'a':[{'b':'c'}]}", "{'a':[1]}", "{'a':[1]}")]
    [InlineData("{'e':null}", "{'a':1}", "{'e':null,'a':1}")]
    [InlineData("{}", "{'a':{'bb':{'ccc':null}}}", "{'a':{'bb':{}}}")]
    public void Merge_patch_rfc7386(string doc, string patch, string expected) =>
        JsonEqual(Q(expected), Patches.ApplyMergePatch(Q(doc), Q(patch)));

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1,2]")]
    public void Merge_patch_malformed_is_400(string patch)
    {
        var e = Assert.Throws<ApiException>(() => Patches.ApplyMergePatch("{}", patch));
        Assert.Equal(400, e.Code);
    }

    [Theory]
    [InlineData("{'a':1}", "[{'op':'add','path':'/b','value':2}]", "{'a':1,'b':2}")]
    [InlineData("{'a':[1,2]}", "[{'op':'add','path':'/a/1','value':9}]", "{'a':[1,9,2]}")]
    [InlineData("{'a':[1,2]}", "[{'op':'add','path':'/a/-','value':9}]", "{'a':[1,2,9]}")]
    [InlineData("{'a':1,'b':2}", "[{'op':'remove','path':'/a'}]", "{'b':2}")]
    [InlineData("{'a':[1,2,3]}", "[{'op':'remove','path':'/a/0'}]", "{'a':[2,3]}")]
    [InlineData("{'a':1}", "[{'op':'replace','path':'/a','value':{'x':1}}]", "{'a':{'x':1}}")]
    [InlineData("{'a':{'b':1}}", "[{'op':'move','from':'/a/b','path':'/c'}]", "{'a':{},'c':1}")]
    [InlineData("{'a':{'b':1}}", "[{'op':'copy','from':'/a','path':'/c'}]", "{'a':{'b':1},'c':{'b':1}}")]
    [InlineData("{'a':{'b':1}}", "[{'op':'test','path':'/a/b','value':1},{'op':'replace','path':'/a/b','value':2}]", "{'a':{'b':2}}")]
    [InlineData("{'m':{'a/b':1,'c~d':2}}", "[{'op':'remove','path':'/m/a~1b'},{'op':'replace','path':'/m/c~0d','value':3}]", "{'m':{'c~d':3}}")]
    [InlineData("{'metadata':{'labels':{'app':'x'}}}", "[{'op':'add','path':'/metadata/labels/tier','value':'fe'}]", "{'metadata':{'labels':{'app':'x','tier':'fe'}}}")]
    public void Json_patch_rfc6902(string doc, string patch, string expected) =>
        JsonEqual(Q(expected), Patches.ApplyJsonPatch(Q(doc), Q(patch)));

    [Theory]
    [InlineData("[{'op':'test','path':'/a','value':2}]", 422, "testing value /a failed: test failed")]
    [InlineData("[{'op':'remove','path':'/zz'}]", 422, "remove operation does not apply: doc is missing path: \"/zz\": missing value")]
    [InlineData("[{'op':'replace','path':'/zz','value':1}]", 422, "replace operation does not apply: doc is missing key: /zz: missing value")]
    [InlineData("[{'op':'add','path':'/x/y','value':1}]", 422, "add operation does not apply: doc is missing path: \"/x/y\": missing value")]
    [InlineData("[{'op':'move','from':'/nope','path':'/b'}]", 422, "move operation does not apply: doc is missing from path: /nope: missing value")]
    [InlineData("[{'op':'add','path':'/l/7','value':1}]", 422, "Unable to access invalid index: 7: invalid index referenced")]
    [InlineData("[{'op':'frob','path':'/a'}]", 422, "Unexpected kind: frob")]
    [InlineData("{'op':'add'}", 400, "json: cannot unmarshal object into Go value of type jsonpatch.Patch")]
    [InlineData("[{'op':'add','value':1}]", 400, "add operation missing or invalid \"path\" string")]
    public void Json_patch_errors(string patch, int code, string message)
    {
        var e = Assert.Throws<ApiException>(() => Patches.ApplyJsonPatch(Q("{'a':1,'l':[1]}"), Q(patch)));
        Assert.Equal(code, e.Code);
        Assert.Equal(message, e.Status.Message);
    }

    [Fact]
    public void Json_patch_failure_leaves_no_partial_result_to_caller()
    {
        // The caller's document is a string: a failed patch returns nothing, so nothing changes.
        const string doc = "{\"a\":1}";
        Assert.Throws<ApiException>(() => Patches.ApplyJsonPatch(doc, "[{\"op\":\"replace\",\"path\":\"/a\",\"value\":2},{\"op\":\"test\",\"path\":\"/a\",\"value\":1}]"));
        Assert.Equal("{\"a\":1}", doc);
    }

    private const string PodJson = """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","labels":{"app":"web"},"finalizers":["a/x"],
          "ownerReferences":[{"uid":"u1","name":"rs","kind":"ReplicaSet","apiVersion":"apps/v1"}]},
         "spec":{"containers":[
           {"name":"web","image":"nginx:1","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],
            "ports":[{"containerPort":80,"protocol":"TCP"}],"volumeMounts":[{"name":"v","mountPath":"/data"}]},
           {"name":"side","image":"busybox","args":["a","b"]}],
          "volumes":[{"name":"v","emptyDir":{}}],
          "tolerations":[{"key":"k","operator":"Exists"}]},
         "status":{"conditions":[{"type":"Ready","status":"False"},{"type":"PodScheduled","status":"True"}]}}
        """;

    private static JsonNode Smp(string patch, ResourceInfo? r = null) =>
        JsonNode.Parse(Patches.ApplyStrategicMergePatch(PodJson, Q(patch), r ?? Resources.Pods))!;

    [Fact]
    public void Smp_merges_containers_by_name_and_env_by_name()
    {
        var n = Smp("{'spec':{'containers':[{'name':'web','image':'nginx:2','env':[{'name':'B','value':'3'},{'name':'C','value':'4'}]}]}}");
        var web = n["spec"]!["containers"]![0]!;
        Assert.Equal("nginx:2", (string)web["image"]!);
        Assert.Equal(3, web["env"]!.AsArray().Count);
        Assert.Equal("3", (string)web["env"]![1]!["value"]!);
        Assert.Equal("C", (string)web["env"]![2]!["name"]!);
        Assert.Equal("side", (string)n["spec"]!["containers"]![1]!["name"]!);
    }

    [Fact]
    public void Smp_appends_new_container_and_deletes_with_directive()
    {
        var n = Smp("{'spec':{'containers':[{'name':'extra','image':'redis'},{'name':'side','$patch':'delete'}]}}");
        var names = n["spec"]!["containers"]!.AsArray().Select(c => (string)c!["name"]!).ToList();
        Assert.Equal(["web", "extra"], names);
    }

    [Fact]
    public void Smp_replaces_lists_without_merge_key()
    {
        var n = Smp("{'spec':{'tolerations':[{'key':'z','operator':'Exists'}],'containers':[{'name':'side','args':['c']}]}}");
        Assert.Single(n["spec"]!["tolerations"]!.AsArray());
        Assert.Equal("z", (string)n["spec"]!["tolerations"]![0]!["key"]!);
        Assert.Equal("c", (string)n["spec"]!["containers"]![1]!["args"]![0]!);
        Assert.Single(n["spec"]!["containers"]![1]!["args"]!.AsArray());
    }

    [Fact]
    public void Smp_merges_ports_volume_mounts_conditions_owner_refs()
    {
        var n = Smp("""
            {'spec':{'containers':[{'name':'web','ports':[{'containerPort':443}],'volumeMounts':[{'mountPath':'/data','readOnly':true}]}],
                     'volumes':[{'name':'w','emptyDir':{}}]},
             'status':{'conditions':[{'type':'Ready','status':'True'}]},
             'metadata':{'ownerReferences':[{'uid':'u2','name':'x','kind':'K','apiVersion':'v1'}]}}
            """);
        var web = n["spec"]!["containers"]![0]!;
        Assert.Equal(2, web["ports"]!.AsArray().Count);
        Assert.True((bool)web["volumeMounts"]![0]!["readOnly"]!);
        Assert.Equal(2, n["spec"]!["volumes"]!.AsArray().Count);
        Assert.Equal("True", (string)n["status"]!["conditions"]![0]!["status"]!);
        Assert.Equal(2, n["status"]!["conditions"]!.AsArray().Count);
        Assert.Equal(2, n["metadata"]!["ownerReferences"]!.AsArray().Count);
    }

    [Fact]
    public void Smp_finalizers_merge_as_set_and_delete_from_primitive_list()
    {
        var n = Smp("{'metadata':{'finalizers':['a/x','b/y']}}");
        Assert.Equal(["a/x", "b/y"], n["metadata"]!["finalizers"]!.AsArray().Select(x => (string)x!).ToList());
        var m = Smp("{'metadata':{'$deleteFromPrimitiveList/finalizers':['a/x']}}");
        Assert.Empty(m["metadata"]!["finalizers"]!.AsArray());
    }

    [Fact]
    public void Smp_null_deletes_and_map_directives()
    {
        var n = Smp("{'metadata':{'labels':{'app':null,'new':'1'}}}");
        Assert.Equal("{\"new\":\"1\"}", n["metadata"]!["labels"]!.ToJsonString());
        var r = Smp("{'metadata':{'labels':{'$patch':'replace','only':'x'}}}");
        Assert.Equal("{\"only\":\"x\"}", r["metadata"]!["labels"]!.ToJsonString());
        var d = Smp("{'status':{'$patch':'delete'}}");
        Assert.Null(d["status"]);
    }

    [Fact]
    public void Smp_list_replace_directive_and_set_element_order_are_honoured()
    {
        var n = Smp("{'spec':{'containers':[{'$patch':'replace'},{'name':'only','image':'x'}]}}");
        Assert.Single(n["spec"]!["containers"]!.AsArray());
        Assert.Equal("only", (string)n["spec"]!["containers"]![0]!["name"]!);
        var o = Smp("{'spec':{'$setElementOrder/containers':[{'name':'side'},{'name':'web'}],'containers':[{'name':'web','image':'nginx:3'}]}}");
        Assert.Equal(2, o["spec"]!["containers"]!.AsArray().Count);
        Assert.Null(o["spec"]!["$setElementOrder/containers"]);
    }

    [Fact]
    public void Smp_retain_keys_drops_other_fields()
    {
        var n = Smp("{'spec':{'volumes':[{'name':'v','$retainKeys':['name','hostPath'],'hostPath':{'path':'/x'}}]}}");
        var v = n["spec"]!["volumes"]![0]!.AsObject();
        Assert.False(v.ContainsKey("emptyDir"));
        Assert.Equal("/x", (string)v["hostPath"]!["path"]!);
        Assert.False(v.ContainsKey("$retainKeys"));
    }

    [Fact]
    public void Smp_service_ports_merge_by_port()
    {
        const string svc = """{"spec":{"ports":[{"port":80,"targetPort":8080,"name":"http"}]}}""";
        var n = JsonNode.Parse(Patches.ApplyStrategicMergePatch(svc, """{"spec":{"ports":[{"port":80,"targetPort":9090},{"port":443,"name":"https"}]}}""", Resources.Services))!;
        Assert.Equal(2, n["spec"]!["ports"]!.AsArray().Count);
        Assert.Equal(9090, (int)n["spec"]!["ports"]![0]!["targetPort"]!);
        Assert.Equal("http", (string)n["spec"]!["ports"]![0]!["name"]!);
    }

    [Theory]
    [InlineData("{'spec':{'containers':[{'image':'x'}]}}", "does not contain declared merge key: name")]
    [InlineData("{'metadata':{'$patch':'frob'}}", "Unknown patch type: frob")]
    [InlineData("[1]", "json: cannot unmarshal array into Go value of type map[string]interface {}")]
    [InlineData("{bad", "error decoding patch")]
    [InlineData("{'spec':{'volumes':[{'name':'v','$retainKeys':['name'],'hostPath':{'path':'/x'}}]}}", "retainKeys")]
    [InlineData("{'metadata':{'$deleteFromPrimitiveList/finalizers':'a'}}", "must be a list")]
    public void Smp_malformed_is_400(string patch, string fragment)
    {
        var e = Assert.Throws<ApiException>(() => Patches.ApplyStrategicMergePatch(PodJson, Q(patch), Resources.Pods));
        Assert.Equal(400, e.Code);
        Assert.Contains(fragment, e.Status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_dispatches_on_content_type_and_rejects_unknown()
    {
        JsonEqual("{\"a\":2}", Patches.Apply("application/merge-patch+json; charset=utf-8", "{\"a\":1}", "{\"a\":2}", Resources.Pods));
        var e = Assert.Throws<ApiException>(() => Patches.Apply("text/plain", "{}", "{}", Resources.Pods));
        Assert.Equal(415, e.Code);
    }

    [Fact]
    public void Smp_result_deserializes_to_typed_pod()
    {
        var json = Patches.ApplyStrategicMergePatch(PodJson, "{\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"nginx:9\"}]}}", Resources.Pods);
        var pod = KubeSerializer.FromJson<V1Pod>(json);
        Assert.Equal("nginx:9", pod.Spec.Containers[0].Image);
        Assert.Equal(80, pod.Spec.Containers[0].Ports[0].ContainerPort);
    }
}
