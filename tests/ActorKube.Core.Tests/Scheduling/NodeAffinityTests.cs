using ActorKube.Core.Scheduling;
using ActorKube.Core.Scheduling.Plugins;

namespace ActorKube.Core.Tests.Scheduling;

public class NodeAffinityTests
{
    private static readonly NodeAffinity Plugin = new();

    private static readonly Dictionary<string, string> NodeLabels = Build.Labels("zone", "a", "disk", "ssd", "cores", "8");

    public static TheoryData<string, V1NodeSelectorRequirement, bool> Expressions => new()
    {
        { "In match", Build.Req("zone", "In", "a", "b"), true },
        { "In no match", Build.Req("zone", "In", "b", "c"), false },
        { "In missing label", Build.Req("rack", "In", "1"), false },
        { "NotIn match", Build.Req("zone", "NotIn", "b"), true },
        { "NotIn excluded", Build.Req("zone", "NotIn", "a"), false },
        { "NotIn missing label", Build.Req("rack", "NotIn", "1"), true },
        { "Exists", Build.Req("disk", "Exists"), true },
        { "Exists missing", Build.Req("gpu", "Exists"), false },
        { "DoesNotExist", Build.Req("gpu", "DoesNotExist"), true },
        { "DoesNotExist present", Build.Req("disk", "DoesNotExist"), false },
        { "Gt true", Build.Req("cores", "Gt", "4"), true },
        { "Gt equal", Build.Req("cores", "Gt", "8"), false },
        { "Gt missing", Build.Req("memory", "Gt", "1"), false },
        { "Gt not a number", Build.Req("zone", "Gt", "1"), false },
        { "Gt bad value", Build.Req("cores", "Gt", "x"), false },
        { "Lt true", Build.Req("cores", "Lt", "16"), true },
        { "Lt false", Build.Req("cores", "Lt", "8"), false },
        { "unknown operator", Build.Req("zone", "Like", "a"), false },
    };

    [Theory]
    [MemberData(nameof(Expressions))]
    public void Required_match_expressions(string name, V1NodeSelectorRequirement req, bool fits)
    {
        _ = name;
        var pod = Build.Pod("p", affinity: Build.Required(Build.Term(req)));
        var status = Plugin.Filter(new PodInfo(pod), new NodeInfo(Build.Node("n1", labels: NodeLabels)));
        Assert.Equal(fits, status is null);
        if (!fits)
        {
            Assert.Equal("node(s) didn't match Pod's node affinity/selector", status!.Message);
        }
    }

    [Theory]
    [InlineData("In", "n1", true)]
    [InlineData("In", "n2", false)]
    [InlineData("NotIn", "n2", true)]
    [InlineData("NotIn", "n1", false)]
    [InlineData("Exists", "n1", false)] // only In and NotIn are valid for fields
    public void Match_fields_on_metadata_name(string op, string value, bool fits)
    {
        var term = new V1NodeSelectorTerm { MatchFields = [Build.Req("metadata.name", op, value)] };
        var pod = Build.Pod("p", affinity: Build.Required(term));
        Assert.Equal(fits, Plugin.Filter(new PodInfo(pod), new NodeInfo(Build.Node("n1", labels: NodeLabels))) is null);
    }

    [Fact]
    public void Expressions_in_a_term_are_ANDed_and_terms_are_ORed()
    {
        var node = new NodeInfo(Build.Node("n1", labels: NodeLabels));
        var and = Build.Pod("p", affinity: Build.Required(Build.Term(Build.Req("zone", "In", "a"), Build.Req("disk", "In", "hdd"))));
        var or = Build.Pod("q", affinity: Build.Required(Build.Term(Build.Req("zone", "In", "b")), Build.Term(Build.Req("disk", "In", "ssd"))));
        Assert.NotNull(Plugin.Filter(new PodInfo(and), node));
        Assert.Null(Plugin.Filter(new PodInfo(or), node));
    }

    [Fact]
    public void Empty_terms_match_nothing()
    {
        var node = new NodeInfo(Build.Node("n1", labels: NodeLabels));
        Assert.NotNull(Plugin.Filter(new PodInfo(Build.Pod("p", affinity: Build.Required(new V1NodeSelectorTerm()))), node));
        Assert.NotNull(Plugin.Filter(new PodInfo(Build.Pod("q", affinity: Build.Required())), node));
    }

    [Theory]
    [InlineData("zone", "a", true)]
    [InlineData("zone", "b", false)]
    [InlineData("gpu", "true", false)]
    public void Node_selector_needs_every_label(string key, string value, bool fits)
    {
        var pod = Build.Pod("p", nodeSelector: Build.Labels("disk", "ssd", key, value));
        var status = Plugin.Filter(new PodInfo(pod), new NodeInfo(Build.Node("n1", labels: NodeLabels)));
        Assert.Equal(fits, status is null);
    }

    [Fact]
    public void Node_selector_and_affinity_must_both_match()
    {
        var pod = Build.Pod("p", nodeSelector: Build.Labels("disk", "ssd"), affinity: Build.Required(Build.Term(Build.Req("zone", "In", "b"))));
        Assert.NotNull(Plugin.Filter(new PodInfo(pod), new NodeInfo(Build.Node("n1", labels: NodeLabels))));
    }

    [Fact]
    public void Preferred_terms_score_their_weights_normalized_to_100()
    {
        var pod = Build.Pod("p", affinity: new V1Affinity
        {
            NodeAffinity = new V1NodeAffinity
            {
                PreferredDuringSchedulingIgnoredDuringExecution =
                [
                    new V1PreferredSchedulingTerm { Weight = 20, Preference = Build.Term(Build.Req("zone", "In", "a")) },
                    new V1PreferredSchedulingTerm { Weight = 80, Preference = Build.Term(Build.Req("disk", "In", "ssd")) },
                ],
            },
        });
        var info = new PodInfo(pod);
        Assert.False(Plugin.Skip(info));
        var nodes = new[]
        {
            new NodeInfo(Build.Node("both", labels: Build.Labels("zone", "a", "disk", "ssd"))),
            new NodeInfo(Build.Node("zone", labels: Build.Labels("zone", "a"))),
            new NodeInfo(Build.Node("disk", labels: Build.Labels("disk", "ssd"))),
            new NodeInfo(Build.Node("none", labels: Build.Labels())),
        };
        var scores = nodes.Select(n => Plugin.Score(info, n)).ToArray();
        Assert.Equal([100L, 20, 80, 0], scores);
        scores = [20, 0];
        Plugin.Normalize(scores);
        Assert.Equal([100L, 0], scores);
    }

    [Fact]
    public void Pods_without_preferred_terms_skip_scoring()
    {
        Assert.True(Plugin.Skip(new PodInfo(Build.Pod("p"))));
        var scores = new long[] { 0, 0 };
        Plugin.Normalize(scores);
        Assert.Equal([0L, 0], scores);
    }
}
