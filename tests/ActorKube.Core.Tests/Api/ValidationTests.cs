using ActorKube.Core.Api;
using ActorKube.Core.Objects;

namespace ActorKube.Core.Tests.Api;

public class ValidationTests
{
    private static readonly DateTime Now = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    internal static V1Pod Pod(string name = "web-1") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "web", Image = "nginx:1.25" }] },
    };

    internal static V1PodTemplateSpec Template(string restartPolicy = "Always") => new()
    {
        Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web" } },
        Spec = new V1PodSpec { RestartPolicy = restartPolicy, Containers = [new V1Container { Name = "web", Image = "nginx:1.25" }] },
    };

    internal static V1Deployment Deployment() => new()
    {
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default" },
        Spec = new V1DeploymentSpec
        {
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
            Template = Template(),
        },
    };

    private static IReadOnlyList<FieldError> Create(ResourceInfo r, IKubernetesObject<V1ObjectMeta> obj)
    {
        ObjectDefaults.Apply(r, obj, Now);
        return Validation.ValidateCreate(r, obj);
    }

    private static string One(IReadOnlyList<FieldError> errs) => Assert.Single(errs).ToString();

    [Fact]
    public void Valid_objects_pass()
    {
        Assert.Empty(Create(Resources.Pods, Pod()));
        Assert.Empty(Create(Resources.Deployments, Deployment()));
        Assert.Empty(Create(Resources.Namespaces, new V1Namespace { Metadata = new V1ObjectMeta { Name = "team-a" } }));
        Assert.Empty(Create(Resources.Services, new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default" },
            Spec = new V1ServiceSpec { Selector = new Dictionary<string, string> { ["app"] = "web" }, Ports = [new V1ServicePort { Port = 80 }] },
        }));
        Assert.Empty(Create(Resources.Jobs, new V1Job { Metadata = new V1ObjectMeta { Name = "pi", NamespaceProperty = "default" }, Spec = new V1JobSpec { Template = Template("Never") } }));
        Assert.Empty(Create(Resources.CronJobs, new V1CronJob
        {
            Metadata = new V1ObjectMeta { Name = "hello", NamespaceProperty = "default" },
            Spec = new V1CronJobSpec { Schedule = "*/1 * * * *", JobTemplate = new V1JobTemplateSpec { Spec = new V1JobSpec { Template = Template("OnFailure") } } },
        }));
        Assert.Empty(Create(Resources.ConfigMaps, new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c", NamespaceProperty = "default" }, Data = new Dictionary<string, string> { ["a.conf"] = "x" } }));
        Assert.Empty(Create(Resources.Nodes, new V1Node { Metadata = new V1ObjectMeta { Name = "node-1.example" } }));
    }

    [Theory]
    [InlineData("Web_1", "metadata.name: Invalid value: \"Web_1\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")]
    [InlineData("-x", "metadata.name: Invalid value: \"-x\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")]
    [InlineData("", "metadata.name: Required value: name or generateName is required")]
    public void Pod_names_are_dns_subdomains(string name, string expected) => Assert.Equal(expected, One(Create(Resources.Pods, Pod(name))));

    [Fact]
    public void Dotted_pod_name_is_fine_but_namespace_and_service_names_are_labels()
    {
        Assert.Empty(Create(Resources.Pods, Pod("a.b")));
        Assert.Equal(
            "metadata.name: Invalid value: \"a.b\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
            One(Create(Resources.Namespaces, new V1Namespace { Metadata = new V1ObjectMeta { Name = "a.b" } })));
        var svc = new V1Service { Metadata = new V1ObjectMeta { Name = "1web", NamespaceProperty = "default" }, Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Port = 80 }] } };
        Assert.Equal(
            "metadata.name: Invalid value: \"1web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
            One(Create(Resources.Services, svc)));
    }

    [Fact]
    public void Long_names_are_rejected()
    {
        var errs = Create(Resources.Pods, Pod(new string('a', 254)));
        Assert.Equal("metadata.name: Invalid value: \"" + new string('a', 254) + "\": must be no more than 253 characters", One(errs));
    }

    [Fact]
    public void Namespace_required_for_namespaced_and_forbidden_for_cluster_scoped()
    {
        var pod = Pod();
        pod.Metadata.NamespaceProperty = null;
        Assert.Equal("metadata.namespace: Required value", One(Create(Resources.Pods, pod)));
        var node = new V1Node { Metadata = new V1ObjectMeta { Name = "n", NamespaceProperty = "default" } };
        Assert.Equal("metadata.namespace: Forbidden: not allowed on this type", One(Create(Resources.Nodes, node)));
    }

    [Fact]
    public void Labels_and_annotations_syntax()
    {
        var pod = Pod();
        pod.Metadata.Labels = new Dictionary<string, string> { ["bad key"] = "ok", ["good"] = "bad value" };
        pod.Metadata.Annotations = new Dictionary<string, string> { ["/x"] = "anything goes" };
        var errs = Create(Resources.Pods, pod).Select(e => e.ToString()).ToList();
        Assert.Equal(3, errs.Count);
        Assert.Contains("metadata.labels: Invalid value: \"bad key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')", errs);
        Assert.Contains("metadata.labels: Invalid value: \"bad value\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')", errs);
        Assert.Contains("metadata.annotations: Invalid value: \"/x\": prefix part must be non-empty", errs);
    }

    public static TheoryData<Action<V1Pod>, string> PodErrors => new()
    {
        { p => p.Spec.Containers.Clear(), "spec.containers: Required value" },
        { p => p.Spec.Containers[0].Image = "", "spec.containers[0].image: Required value" },
        { p => p.Spec.Containers[0].Name = "", "spec.containers[0].name: Required value" },
        { p => p.Spec.Containers[0].Name = "Web", "spec.containers[0].name: Invalid value: \"Web\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')" },
        { p => p.Spec.Containers.Add(new V1Container { Name = "web", Image = "x" }), "spec.containers[1].name: Duplicate value: \"web\"" },
        { p => p.Spec.RestartPolicy = "Sometimes", "spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"" },
        { p => p.Spec.Containers[0].ImagePullPolicy = "Maybe", "spec.containers[0].imagePullPolicy: Unsupported value: \"Maybe\": supported values: \"Always\", \"IfNotPresent\", \"Never\"" },
        { p => p.Spec.Containers[0].Ports = [new V1ContainerPort { ContainerPort = 70000, Protocol = "TCP" }], "spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive" },
        { p => p.Spec.ActiveDeadlineSeconds = 0, "spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive" },
        {
            p => p.Spec.Containers[0].Resources = new V1ResourceRequirements
            {
                Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("2") },
                Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("1") },
            },
            "spec.containers[0].resources.requests: Invalid value: \"2\": must be less than or equal to cpu limit of 1"
        },
        {
            p => p.Spec.Containers[0].Resources = new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new(-1m, 0, ResourceQuantity.SuffixFormat.BinarySI) } },
            "spec.containers[0].resources.limits[memory]: Invalid value: \"-1\": must be greater than or equal to 0"
        },
        {
            p => p.Spec.Containers[0].Resources = new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["gpu"] = new("1") } },
            "spec.containers[0].resources.limits[gpu]: Invalid value: \"gpu\": must be a standard resource for containers"
        },
        { p => p.Spec.Containers[0].VolumeMounts = [new V1VolumeMount { Name = "data", MountPath = "/d" }], "spec.containers[0].volumeMounts[0].name: Not found: \"data\"" },
        { p => p.Spec.Tolerations = [new V1Toleration { Key = "k", OperatorProperty = "Exists", Value = "v" }], "spec.tolerations[0].operator: Invalid value: \"v\": value must be empty when `operator` is 'Exists'" },
        { p => p.Spec.Tolerations = [new V1Toleration { Key = "k", OperatorProperty = "Exists", Effect = "NoSchedule", TolerationSeconds = 5 }], "spec.tolerations[0].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set" },
    };

    [Theory]
    [MemberData(nameof(PodErrors))]
    public void Pod_spec_errors(Action<V1Pod> mutate, string expected)
    {
        var pod = Pod();
        ObjectDefaults.Apply(Resources.Pods, pod, Now);
        mutate(pod);
        Assert.Equal(expected, One(Validation.ValidateCreate(Resources.Pods, pod)));
    }

    public static TheoryData<Action<V1Deployment>, string> DeploymentErrors => new()
    {
        { d => d.Spec.Selector = null, "spec.selector: Required value" },
        { d => d.Spec.Selector.MatchLabels["app"] = "db", "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: `selector` does not match template `labels`" },
        { d => d.Spec.Replicas = -1, "spec.replicas: Invalid value: -1: must be greater than or equal to 0" },
        { d => d.Spec.Template.Spec.RestartPolicy = "Never", "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"" },
        {
            d => d.Spec.Strategy.RollingUpdate = new V1RollingUpdateDeployment { MaxSurge = 0, MaxUnavailable = 0 },
            "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0"
        },
        { d => d.Spec.Strategy.RollingUpdate.MaxSurge = "150%", "spec.strategy.rollingUpdate.maxSurge: Invalid value: \"150%\": must not be greater than 100%" },
        { d => d.Spec.Strategy.RollingUpdate.MaxSurge = "abc", "spec.strategy.rollingUpdate.maxSurge: Invalid value: \"abc\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')" },
        { d => d.Spec.Strategy.Type = "Recreate", "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'" },
        { d => d.Spec.Strategy.Type = "Blue", "spec.strategy.type: Unsupported value: \"Blue\": supported values: \"Recreate\", \"RollingUpdate\"" },
        { d => d.Spec.Template.Spec.Containers[0].Image = null, "spec.template.spec.containers[0].image: Required value" },
        { d => d.Spec.ProgressDeadlineSeconds = 5, "spec.progressDeadlineSeconds: Invalid value: 5: must be greater than minReadySeconds" },
    };

    [Theory]
    [MemberData(nameof(DeploymentErrors))]
    public void Deployment_spec_errors(Action<V1Deployment> mutate, string expected)
    {
        var d = Deployment();
        ObjectDefaults.Apply(Resources.Deployments, d, Now);
        if (expected.Contains("progressDeadlineSeconds", StringComparison.Ordinal))
        {
            d.Spec.MinReadySeconds = 10;
        }

        mutate(d);
        Assert.Equal(expected, One(Validation.ValidateCreate(Resources.Deployments, d)));
    }

    [Fact]
    public void Empty_selector_is_invalid_for_replicasets()
    {
        var rs = new V1ReplicaSet { Metadata = new V1ObjectMeta { Name = "r", NamespaceProperty = "default" }, Spec = new V1ReplicaSetSpec { Selector = new V1LabelSelector(), Template = Template() } };
        var e = One(Create(Resources.ReplicaSets, rs));
        Assert.EndsWith("empty selector is invalid for deployment", e, StringComparison.Ordinal);
        Assert.StartsWith("spec.selector: Invalid value:", e, StringComparison.Ordinal);
    }

    [Fact]
    public void Job_template_restart_policy_must_be_on_failure_or_never()
    {
        var job = new V1Job { Metadata = new V1ObjectMeta { Name = "j", NamespaceProperty = "default" }, Spec = new V1JobSpec { Template = Template("Always") } };
        Assert.Equal("spec.template.spec.restartPolicy: Unsupported value: \"Always\": supported values: \"OnFailure\", \"Never\"", One(Create(Resources.Jobs, job)));
        var noTemplateRestart = new V1Job { Metadata = new V1ObjectMeta { Name = "j", NamespaceProperty = "default" }, Spec = new V1JobSpec { Template = Template(null!) } };
        Assert.Single(Create(Resources.Jobs, noTemplateRestart));
    }

    [Fact]
    public void CronJob_schedule_and_name_length()
    {
        var cj = new V1CronJob
        {
            Metadata = new V1ObjectMeta { Name = new string('c', 53), NamespaceProperty = "default" },
            Spec = new V1CronJobSpec { Schedule = "every minute", JobTemplate = new V1JobTemplateSpec { Spec = new V1JobSpec { Template = Template("Never") } } },
        };
        var errs = Create(Resources.CronJobs, cj).Select(e => e.ToString()).ToList();
        Assert.Contains($"metadata.name: Invalid value: \"{new string('c', 53)}\": must be no more than 52 characters", errs);
        Assert.Contains("spec.schedule: Invalid value: \"every minute\": expected exactly 5 fields, found 2: [every minute]", errs);
    }

    [Fact]
    public void Service_errors()
    {
        var svc = new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default" },
            Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Port = 80, Name = "http" }, new V1ServicePort { Port = 0 }], Type = "Magic" },
        };
        var errs = Create(Resources.Services, svc).Select(e => e.ToString()).ToList();
        Assert.Contains("spec.type: Unsupported value: \"Magic\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\"", errs);
        Assert.Contains("spec.ports[1].name: Required value", errs);
        Assert.Contains("spec.ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive", errs);

        var noPorts = new V1Service { Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default" }, Spec = new V1ServiceSpec() };
        Assert.Equal("spec.ports: Required value", One(Create(Resources.Services, noPorts)));
    }

    [Fact]
    public void ConfigMap_keys()
    {
        var cm = new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c", NamespaceProperty = "default" }, Data = new Dictionary<string, string> { ["a b"] = "x" } };
        Assert.Equal("data[a b]: Invalid value: \"a b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')", One(Create(Resources.ConfigMaps, cm)));
    }

    [Fact]
    public void Finalizers_must_be_qualified_or_standard()
    {
        var pod = Pod();
        pod.Metadata.Finalizers = ["kubernetes", "example.com/x", "mine"];
        Assert.Equal("metadata.finalizers[2]: Invalid value: \"mine\": name is neither a standard finalizer name nor is it fully qualified", One(Create(Resources.Pods, pod)));
    }

    [Fact]
    public void Invalid_status_object_is_422_with_kubernetes_message()
    {
        var pod = Pod("Bad");
        var errs = Create(Resources.Pods, pod);
        var e = Assert.Throws<ApiException>(() => Validation.ThrowIfInvalid(Resources.Pods, pod, errs));
        Assert.Equal(422, e.Code);
        Assert.Equal("Invalid", e.Status.Reason);
        Assert.StartsWith("Pod \"Bad\" is invalid: metadata.name: Invalid value: \"Bad\": a lowercase RFC 1123 subdomain", e.Status.Message, StringComparison.Ordinal);
        Assert.Equal("metadata.name", e.Status.Details.Causes[0].Field);
    }
}
