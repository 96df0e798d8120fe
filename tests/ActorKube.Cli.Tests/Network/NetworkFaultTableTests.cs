using ActorKube.Cluster.Network;
using ActorKube.Core.Controllers.Fault;

namespace ActorKube.Cli.Tests.Network;

/// <summary>Which network faults a process applies, to which endpoint, and how several add up.</summary>
public class NetworkFaultTableTests
{
    private const string Cp = "127.0.0.1:4053";
    private const string W1 = "127.0.0.1:4054";
    private const string W2 = "127.0.0.1:4055";

    [Fact]
    public void A_process_applies_the_rules_it_sends_and_no_others()
    {
        NetworkFaultRule[] rules = [new(Cp, W1, 200, 0), new(W2, Cp, 0, 30), new(W1, W2, 50, 0)];

        var cp = NetworkFaultTable.For(Cp, rules);
        Assert.Equal(new Impairment(TimeSpan.FromMilliseconds(200), 0), cp.Egress(W1));
        Assert.True(cp.Egress(W2).IsNone);
        Assert.Equal([rules[0]], cp.Rules);

        var w2 = NetworkFaultTable.For(W2, rules);
        Assert.Equal(0.3, w2.Egress(Cp).Loss, 6);
        Assert.True(w2.Egress(W1).IsNone);

        // W1 is the receiver of the first rule: the sender applies it, not W1 (each message once).
        var w1 = NetworkFaultTable.For(W1, rules);
        Assert.True(w1.Egress(Cp).IsNone);
        Assert.Equal(TimeSpan.FromMilliseconds(50), w1.Egress(W2).Delay);
    }

    [Fact]
    public void A_process_that_sends_under_no_rule_gets_the_empty_table_and_rules_to_itself_are_ignored()
    {
        Assert.Same(NetworkFaultTable.Empty, NetworkFaultTable.For(W2, [new(Cp, W1, 100, 0)]));
        Assert.Same(NetworkFaultTable.Empty, NetworkFaultTable.For(W1, [new(Cp, W1, 100, 0)]));
        Assert.Same(NetworkFaultTable.Empty, NetworkFaultTable.For(Cp, [new(Cp, Cp, 100, 0)]));
        Assert.True(NetworkFaultTable.Empty.IsEmpty);
        Assert.True(NetworkFaultTable.Empty.Egress("anything:1").IsNone);
    }

    [Fact]
    public void Rules_on_one_path_add_up_delays_summed_losses_independent()
    {
        var table = NetworkFaultTable.For(Cp, [new(Cp, W1, 100, 0), new(Cp, W1, 250, 0), new(Cp, W1, 0, 50), new(Cp, W1, 0, 50)]);

        var path = table.Egress(W1);
        Assert.Equal(TimeSpan.FromMilliseconds(350), path.Delay);
        Assert.Equal(0.75, path.Loss, 6);
    }

    [Fact]
    public void Loss_drops_a_message_when_the_draw_falls_under_it()
    {
        var thirty = new Impairment(TimeSpan.Zero, 0.3);
        Assert.True(thirty.Drops(0.0));
        Assert.True(thirty.Drops(0.29));
        Assert.False(thirty.Drops(0.3));
        Assert.False(Impairment.None.Drops(0.0));
        Assert.True(new Impairment(TimeSpan.Zero, 1).Drops(0.999999));
    }

    [Fact]
    public void Endpoint_keys_are_host_and_port() => Assert.Equal("10.0.0.7:4053", NetworkFaultTable.Key("10.0.0.7", 4053));

    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Processes = new Dictionary<string, IReadOnlyList<string>>
    {
        ["control-plane-1"] = [Cp],
        ["worker-1"] = [W1],
        ["worker-2"] = [W2],
    };

    [Fact]
    public void Faults_by_process_name_resolve_to_endpoint_rules_in_fault_name_order()
    {
        var rules = NetworkFaultRules.Resolve(
            [new NetworkCommand("f2", "worker-1", "control-plane-1", 0, 20), new NetworkCommand("f1", "control-plane-1", "worker-2", 300, 0)],
            Processes);

        Assert.Equal([new NetworkFaultRule(Cp, W2, 300, 0), new NetworkFaultRule(W1, Cp, 0, 20)], rules);
    }

    [Fact]
    public void A_fault_on_a_process_that_is_gone_has_no_rule_until_it_is_back()
    {
        var faults = new[] { new NetworkCommand("f1", "worker-3", "control-plane-1", 100, 0) };
        Assert.Empty(NetworkFaultRules.Resolve(faults, Processes));

        var back = new Dictionary<string, IReadOnlyList<string>>(Processes) { ["worker-3"] = ["127.0.0.1:4099"] };
        Assert.Equal([new NetworkFaultRule("127.0.0.1:4099", Cp, 100, 0)], NetworkFaultRules.Resolve(faults, back));
    }

    [Fact]
    public void A_name_two_processes_carry_names_both()
    {
        var twice = new Dictionary<string, IReadOnlyList<string>> { ["cp"] = [Cp], ["worker"] = [W1, W2] };
        Assert.Equal([new NetworkFaultRule(Cp, W1, 10, 0), new NetworkFaultRule(Cp, W2, 10, 0)], NetworkFaultRules.Resolve([new NetworkCommand("f", "cp", "worker", 10, 0)], twice));
    }

    [Fact]
    public void Missing_says_which_names_are_unknown_and_which_exist()
    {
        Assert.Null(NetworkFaultRules.Missing(new NetworkCommand("f", "worker-1", "control-plane-1", 10, 0), Processes));
        Assert.Equal(
            "no process named worker-9 in the cluster (its processes: control-plane-1, worker-1, worker-2)",
            NetworkFaultRules.Missing(new NetworkCommand("f", "worker-9", "control-plane-1", 10, 0), Processes));
        Assert.Equal(
            "no process named a or b in the cluster (its processes: none)",
            NetworkFaultRules.Missing(new NetworkCommand("f", "a", "b", 10, 0), new Dictionary<string, IReadOnlyList<string>>()));
    }
}
