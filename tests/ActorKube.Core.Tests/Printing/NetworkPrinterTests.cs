using ActorKube.Core.Printing;
using static ActorKube.Core.Tests.Printing.PrintingFixtures;

namespace ActorKube.Core.Tests.Printing;

public class NetworkPrinterTests
{
    private static V1Service Service(string type, params V1ServicePort[] ports) => new()
    {
        Metadata = Meta("web"),
        Spec = new V1ServiceSpec
        {
            Type = type,
            ClusterIP = "10.96.0.10",
            ClusterIPs = ["10.96.0.10"],
            Ports = ports.ToList(),
            Selector = new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front" },
        },
    };

    [Fact]
    public void ClusterIP_service()
    {
        var svc = Service("ClusterIP", new V1ServicePort { Port = 80, Protocol = "TCP" }, new V1ServicePort { Port = 53, Protocol = "UDP" });
        Assert.Equal(new object[] { "web", "ClusterIP", "10.96.0.10", "<none>", "80/TCP,53/UDP", "5m", "app=web,tier=front" }, ServicePrinter.Cells(svc, Now));
        Assert.Equal(["Name", "Type", "Cluster-IP", "External-IP", "Port(s)", "Age", "Selector"], ServicePrinter.Columns.Select(c => c.Name));
    }

    [Fact]
    public void NodePort_service_shows_node_ports_and_external_ips()
    {
        var svc = Service("NodePort", new V1ServicePort { Port = 443, NodePort = 30443, Protocol = "TCP" });
        svc.Spec.ExternalIPs = ["1.2.3.4", "5.6.7.8"];
        Assert.Equal(new object[] { "1.2.3.4,5.6.7.8", "443:30443/TCP" }, ServicePrinter.Cells(svc, Now)[3..5]);
    }

    [Fact]
    public void LoadBalancer_is_pending_until_it_has_an_ingress()
    {
        var svc = Service("LoadBalancer", new V1ServicePort { Port = 80, NodePort = 31000, Protocol = "TCP" });
        Assert.Equal("<pending>", ServicePrinter.Cells(svc, Now)[3]);

        svc.Status = new V1ServiceStatus
        {
            LoadBalancer = new V1LoadBalancerStatus
            {
                Ingress = [new V1LoadBalancerIngress { Ip = "203.0.113.9" }, new V1LoadBalancerIngress { Hostname = "lb.example.com" }, new V1LoadBalancerIngress { Ip = "203.0.113.10" }],
            },
        };
        Assert.Equal("203.0.113.10,203.0.113.9,lb.example.com", ServicePrinter.Cells(svc, Now)[3]);

        svc.Spec.ExternalIPs = ["1.2.3.4"];
        Assert.Equal("203.0.113.10,203.0.113.9,lb.example.com,1.2.3.4", ServicePrinter.Cells(svc, Now)[3]);
    }

    [Fact]
    public void ExternalName_and_headless_services()
    {
        var external = new V1Service { Metadata = Meta("db"), Spec = new V1ServiceSpec { Type = "ExternalName", ExternalName = "db.example.com" } };
        Assert.Equal(new object[] { "db", "ExternalName", "<none>", "db.example.com", "<none>", "5m", "<none>" }, ServicePrinter.Cells(external, Now));

        var headless = Service("ClusterIP", new V1ServicePort { Port = 5432, Protocol = "TCP" });
        headless.Spec.ClusterIP = "None";
        headless.Spec.ClusterIPs = ["None"];
        Assert.Equal("None", ServicePrinter.Cells(headless, Now)[2]);
    }

    [Fact]
    public void Endpoints_list_three_then_count_the_rest()
    {
        var ep = new V1Endpoints
        {
            Metadata = Meta("web"),
            Subsets =
            [
                new V1EndpointSubset
                {
                    Addresses = [new V1EndpointAddress { Ip = "10.244.1.2" }, new V1EndpointAddress { Ip = "10.244.2.3" }],
                    Ports = [new Corev1EndpointPort { Port = 80 }, new Corev1EndpointPort { Port = 443 }],
                },
            ],
        };

        Assert.Equal(new object[] { "web", "10.244.1.2:80,10.244.2.3:80,10.244.1.2:443 + 1 more...", "5m" }, EndpointsPrinter.Cells(ep, Now));
        Assert.Equal("<none>", EndpointsPrinter.Format(new V1Endpoints { Metadata = Meta("x") }));
        Assert.Equal("[fd00::1]:8080,10.0.0.1", EndpointsPrinter.Format(new V1Endpoints
        {
            Subsets =
            [
                new V1EndpointSubset { Addresses = [new V1EndpointAddress { Ip = "fd00::1" }], Ports = [new Corev1EndpointPort { Port = 8080 }] },
                new V1EndpointSubset { Addresses = [new V1EndpointAddress { Ip = "10.0.0.1" }] },
            ],
        }));
    }

    [Fact]
    public void EndpointSlice_ports_and_addresses()
    {
        var slice = new V1EndpointSlice
        {
            Metadata = Meta("web-abc12"),
            AddressType = "IPv4",
            Ports = [new Discoveryv1EndpointPort { Port = 80 }, new Discoveryv1EndpointPort { Name = "metrics" }, new Discoveryv1EndpointPort()],
            Endpoints =
            [
                new V1Endpoint { Addresses = ["10.0.0.1", "10.0.0.2"] },
                new V1Endpoint { Addresses = ["10.0.0.3"] },
                new V1Endpoint { Addresses = ["10.0.0.4"] },
            ],
        };

        Assert.Equal(new object[] { "web-abc12", "IPv4", "80,metrics,*", "10.0.0.1,10.0.0.2,10.0.0.3 + 1 more...", "5m" }, EndpointSlicePrinter.Cells(slice, Now));
        slice.Ports = null;
        slice.Endpoints = [];
        Assert.Equal(new object[] { "<unset>", "<unset>" }, EndpointSlicePrinter.Cells(slice, Now)[2..4]);
    }

    [Fact]
    public void Ingress_hosts_address_and_ports()
    {
        var ing = new V1Ingress
        {
            Metadata = Meta("web"),
            Spec = new V1IngressSpec
            {
                IngressClassName = "nginx",
                Rules = [new V1IngressRule { Host = "a.example.com" }, new V1IngressRule(), new V1IngressRule { Host = "b.example.com" }],
                Tls = [new V1IngressTLS { Hosts = ["a.example.com"] }],
            },
            Status = new V1IngressStatus { LoadBalancer = new V1IngressLoadBalancerStatus { Ingress = [new V1IngressLoadBalancerIngress { Ip = "192.0.2.1" }] } },
        };

        Assert.Equal(new object[] { "web", "nginx", "a.example.com,b.example.com", "192.0.2.1", "80, 443", "5m" }, IngressPrinter.Cells(ing, Now));

        var bare = new V1Ingress { Metadata = Meta("any"), Spec = new V1IngressSpec { Rules = [new V1IngressRule()] } };
        Assert.Equal(new object[] { "any", "<none>", "*", "", "80", "5m" }, IngressPrinter.Cells(bare, Now));

        var many = Enumerable.Range(1, 5).Select(i => new V1IngressRule { Host = $"h{i}" }).ToList();
        Assert.Equal("h1,h2,h3 + 2 more...", IngressPrinter.Hosts(many));
    }
}
