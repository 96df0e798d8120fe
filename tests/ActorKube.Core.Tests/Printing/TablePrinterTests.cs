using System.Text.Json;
using ActorKube.Core.Api;
using ActorKube.Core.Objects;
using ActorKube.Core.Printing;
using static ActorKube.Core.Tests.Printing.PrintingFixtures;

namespace ActorKube.Core.Tests.Printing;

public class TablePrinterTests
{
    private static readonly ResourceInfo PodTemplates = new("", "v1", "podtemplates", "PodTemplate", true, typeof(V1PodTemplate), []);

    private static JsonElement Json(MetaTable table) => JsonDocument.Parse(TablePrinter.ToJsonBytes(table)).RootElement;

    private static V1Pod RunningPod(string name)
    {
        var pod = Pod(1, "Running", Running());
        pod.Metadata.Name = name;
        return pod;
    }

    [Fact]
    public void Json_has_the_wire_shape_of_a_table()
    {
        var table = TablePrinter.ToTable(Resources.Pods, [RunningPod("web-1"), RunningPod("web-2")], Now, resourceVersion: "1234", continueToken: "abc");

        var root = Json(table);

        Assert.Equal(["kind", "apiVersion", "metadata", "columnDefinitions", "rows"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Table", root.GetProperty("kind").GetString());
        Assert.Equal("meta.k8s.io/v1", root.GetProperty("apiVersion").GetString());
        Assert.Equal("1234", root.GetProperty("metadata").GetProperty("resourceVersion").GetString());
        Assert.Equal("abc", root.GetProperty("metadata").GetProperty("continue").GetString());

        var columns = root.GetProperty("columnDefinitions").EnumerateArray().ToList();
        Assert.Equal(9, columns.Count);
        Assert.Equal(["name", "type", "format", "description", "priority"], columns[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal("Name", columns[0].GetProperty("name").GetString());
        Assert.Equal("name", columns[0].GetProperty("format").GetString());
        Assert.Equal("", columns[1].GetProperty("format").GetString());
        Assert.StartsWith("Name must be unique within a namespace.", columns[0].GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, columns[4].GetProperty("priority").GetInt32());
        Assert.Equal(1, columns[5].GetProperty("priority").GetInt32());

        var rows = root.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal(
            ["web-1", "1/1", "Running", "0", "5m", "<none>", "<none>", "<none>", "<none>"],
            rows[0].GetProperty("cells").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("web-2", rows[1].GetProperty("cells")[0].GetString());
        Assert.False(rows[0].TryGetProperty("conditions", out _));
    }

    [Fact]
    public void Integer_cells_are_json_numbers()
    {
        var rs = new V1ReplicaSet
        {
            Metadata = Meta("web-1a"),
            Spec = new V1ReplicaSetSpec { Replicas = 3, Selector = Selector(), Template = Template("nginx") },
            Status = new V1ReplicaSetStatus { Replicas = 2, ReadyReplicas = 1 },
        };

        var cells = Json(TablePrinter.ToTable(Resources.ReplicaSets, [rs], Now)).GetProperty("rows")[0].GetProperty("cells");

        Assert.Equal(JsonValueKind.String, cells[0].ValueKind);
        Assert.Equal(JsonValueKind.Number, cells[1].ValueKind);
        Assert.Equal([3, 2, 1], new[] { cells[1].GetInt64(), cells[2].GetInt64(), cells[3].GetInt64() });
    }

    [Fact]
    public void Metadata_mode_rows_carry_partial_object_metadata()
    {
        var pod = RunningPod("web-1");
        pod.Metadata.Annotations = new Dictionary<string, string> { ["note"] = "x" };

        var obj = Json(TablePrinter.ToTable(Resources.Pods, [pod], Now)).GetProperty("rows")[0].GetProperty("object");

        Assert.Equal("PartialObjectMetadata", obj.GetProperty("kind").GetString());
        Assert.Equal("meta.k8s.io/v1", obj.GetProperty("apiVersion").GetString());
        var meta = obj.GetProperty("metadata");
        Assert.Equal("web-1", meta.GetProperty("name").GetString());
        Assert.Equal("default", meta.GetProperty("namespace").GetString());
        Assert.Equal("42", meta.GetProperty("resourceVersion").GetString());
        Assert.Equal("x", meta.GetProperty("annotations").GetProperty("note").GetString());
        Assert.Equal("2024-05-01T11:55:00Z", meta.GetProperty("creationTimestamp").GetString());
        Assert.False(obj.TryGetProperty("spec", out _));
    }

    [Fact]
    public void Object_mode_rows_carry_the_whole_object()
    {
        var obj = Json(TablePrinter.ToTable(Resources.Pods, [RunningPod("web-1")], Now, TableIncludeObject.Object)).GetProperty("rows")[0].GetProperty("object");

        Assert.Equal("Pod", obj.GetProperty("kind").GetString());
        Assert.Equal("v1", obj.GetProperty("apiVersion").GetString());
        Assert.Equal("nginx", obj.GetProperty("spec").GetProperty("containers")[0].GetProperty("image").GetString());
        Assert.Equal("Running", obj.GetProperty("status").GetProperty("phase").GetString());
    }

    [Fact]
    public void Object_mode_sets_kind_and_api_version_without_changing_the_object()
    {
        var cm = new V1ConfigMap { Metadata = Meta("settings"), Data = new Dictionary<string, string> { ["a"] = "1" } };

        var obj = Json(TablePrinter.ToTable(Resources.ConfigMaps, [cm], Now, TableIncludeObject.Object)).GetProperty("rows")[0].GetProperty("object");

        Assert.Equal("ConfigMap", obj.GetProperty("kind").GetString());
        Assert.Equal("v1", obj.GetProperty("apiVersion").GetString());
        Assert.Equal("1", obj.GetProperty("data").GetProperty("a").GetString());
        Assert.Null(cm.Kind);
        Assert.Null(cm.ApiVersion);
    }

    [Fact]
    public void None_mode_rows_have_a_null_object()
    {
        var table = TablePrinter.ToTable(Resources.Pods, [RunningPod("web-1")], Now, TableIncludeObject.None);

        Assert.Null(table.Rows[0].Object);
        Assert.Equal(JsonValueKind.Null, Json(table).GetProperty("rows")[0].GetProperty("object").ValueKind);
    }

    [Fact]
    public void No_headers_leaves_column_definitions_null()
    {
        var table = TablePrinter.ToTable(Resources.Pods, [RunningPod("web-1")], Now, noHeaders: true);

        Assert.Null(table.ColumnDefinitions);
        var root = Json(table);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("columnDefinitions").ValueKind);
        Assert.Equal(9, root.GetProperty("rows")[0].GetProperty("cells").GetArrayLength());
    }

    [Fact]
    public void Empty_list_has_empty_rows_and_metadata()
    {
        var root = Json(TablePrinter.ToTable(Resources.Deployments, [], Now));

        Assert.Equal(JsonValueKind.Array, root.GetProperty("rows").ValueKind);
        Assert.Equal(0, root.GetProperty("rows").GetArrayLength());
        Assert.Empty(root.GetProperty("metadata").EnumerateObject());
        Assert.Equal(8, root.GetProperty("columnDefinitions").GetArrayLength());
    }

    [Fact]
    public void Finished_pod_row_has_its_condition_in_json()
    {
        var pod = Pod(1, "Succeeded", Terminated("Completed", 0));

        var condition = Json(TablePrinter.ToTable(Resources.Pods, [pod], Now)).GetProperty("rows")[0].GetProperty("conditions")[0];

        Assert.Equal("Completed", condition.GetProperty("type").GetString());
        Assert.Equal("True", condition.GetProperty("status").GetString());
        Assert.Equal("Succeeded", condition.GetProperty("reason").GetString());
        Assert.Equal("The pod has completed successfully.", condition.GetProperty("message").GetString());
    }

    [Fact]
    public void Kinds_without_a_printer_get_name_and_created_at()
    {
        var template = new V1PodTemplate { Metadata = Meta("tpl", 90) };

        var table = TablePrinter.ToTable(PodTemplates, [template], Now);

        Assert.False(KindPrinters.HasPrinter(PodTemplates));
        Assert.Equal(["Name", "Created At"], table.ColumnDefinitions!.Select(c => c.Name));
        Assert.Equal(["string", "date"], table.ColumnDefinitions!.Select(c => c.Type));
        Assert.Equal(new object[] { "tpl", "2024-05-01T10:30:00Z" }, table.Rows[0].Cells);
        Assert.Equal("0001-01-01T00:00:00Z", TablePrinter.ToTable(PodTemplates, [new V1PodTemplate { Metadata = new V1ObjectMeta { Name = "x" } }], Now).Rows[0].Cells[1]);
    }

    [Fact]
    public void Every_served_kind_has_a_printer_with_one_cell_per_column()
    {
        foreach (var resource in Resources.All)
        {
            var obj = (IKubernetesObject<V1ObjectMeta>)Activator.CreateInstance(resource.ClrType)!;
            obj.Metadata = Meta("x");

            var table = TablePrinter.ToTable(resource, [obj], Now);

            Assert.True(KindPrinters.HasPrinter(resource), resource.Kind);
            Assert.True(table.ColumnDefinitions!.Count == table.Rows[0].Cells.Count, $"{resource.Kind}: {table.Rows[0].Cells.Count} cells for {table.ColumnDefinitions.Count} columns");
            Assert.True(table.ColumnDefinitions.Count(c => c.Format == "name") == 1, resource.Kind);
            Assert.All(table.Rows[0].Cells, c => Assert.True(c is string or long, $"{resource.Kind}: cell {c} of type {c?.GetType()}"));
            JsonDocument.Parse(TablePrinter.ToJsonBytes(table)).Dispose();
        }
    }

    [Fact]
    public void Simple_kinds()
    {
        var ns = new V1Namespace { Metadata = Meta("team-a", ns: null), Status = new V1NamespaceStatus { Phase = "Active" } };
        Assert.Equal(new object[] { "team-a", "Active", "5m" }, TablePrinter.ToTable(Resources.Namespaces, [ns], Now).Rows[0].Cells);

        var cm = new V1ConfigMap { Metadata = Meta("cfg"), Data = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }, BinaryData = new Dictionary<string, byte[]> { ["c"] = [1] } };
        Assert.Equal(new object[] { "cfg", 3L, "5m" }, TablePrinter.ToTable(Resources.ConfigMaps, [cm], Now).Rows[0].Cells);

        var secret = new V1Secret { Metadata = Meta("token"), Type = "Opaque", Data = new Dictionary<string, byte[]> { ["t"] = [1, 2] } };
        Assert.Equal(new object[] { "token", "Opaque", 1L, "5m" }, TablePrinter.ToTable(Resources.Secrets, [secret], Now).Rows[0].Cells);

        var lease = new V1Lease { Metadata = Meta("kube-scheduler"), Spec = new V1LeaseSpec { HolderIdentity = "cp-1_abc" } };
        Assert.Equal(new object[] { "kube-scheduler", "cp-1_abc", "5m" }, TablePrinter.ToTable(Resources.Leases, [lease], Now).Rows[0].Cells);
        lease.Spec = null;
        Assert.Equal("", TablePrinter.ToTable(Resources.Leases, [lease], Now).Rows[0].Cells[1]);
    }

    [Theory]
    [InlineData(null, TableIncludeObject.Metadata)]
    [InlineData("", TableIncludeObject.Metadata)]
    [InlineData("Metadata", TableIncludeObject.Metadata)]
    [InlineData("None", TableIncludeObject.None)]
    [InlineData("Object", TableIncludeObject.Object)]
    public void Parses_include_object(string? value, TableIncludeObject expected) =>
        Assert.Equal(expected, TablePrinter.ParseIncludeObject(value));

    [Fact]
    public void Unknown_include_object_is_a_bad_request()
    {
        var e = Assert.Throws<ApiException>(() => TablePrinter.ParseIncludeObject("object"));
        Assert.Equal(400, e.Code);
        Assert.Equal("unrecognized includeObject value: \"object\"", e.Status.Message);
    }
}
