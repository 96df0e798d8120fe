using ActorKube.Core.Api;
using ActorKube.Core.Selectors;

namespace ActorKube.Core.Tests.Selectors;

public class LabelSelectorTests
{
    private static Dictionary<string, string> L(string s) =>
        s.Length == 0 ? [] : s.Split(',').Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);

    [Theory]
    [InlineData("", "", true)]
    [InlineData("", "a=b", true)]
    [InlineData("app=web", "app=web", true)]
    [InlineData("app==web", "app=web", true)]
    [InlineData("app=web", "app=db", false)]
    [InlineData("app=web", "", false)]
    [InlineData("app!=web", "", true)]
    [InlineData("app!=web", "app=web", false)]
    [InlineData("app!=web", "app=db", true)]
    [InlineData("tier in (a, b)", "tier=b", true)]
    [InlineData("tier in (a,b)", "tier=c", false)]
    [InlineData("tier in (a,b)", "", false)]
    [InlineData("tier notin (a,b)", "", true)]
    [InlineData("tier notin (a,b)", "tier=a", false)]
    [InlineData("tier notin (a,b)", "tier=c", true)]
    [InlineData("gpu", "gpu=", true)]
    [InlineData("gpu", "cpu=x", false)]
    [InlineData("!gpu", "cpu=x", true)]
    [InlineData("!gpu", "gpu=1", false)]
    [InlineData("app=web,tier in (fe),!canary", "app=web,tier=fe", true)]
    [InlineData("app=web,tier in (fe),!canary", "app=web,tier=fe,canary=1", false)]
    [InlineData("n>5", "n=6", true)]
    [InlineData("n>5", "n=5", false)]
    [InlineData("n<5", "n=4", true)]
    [InlineData("app=", "app=", true)]
    [InlineData("app in (in,notin)", "app=in", true)]
    [InlineData("x in ()", "x=", true)]
    [InlineData("example.com/app=web", "example.com/app=web", true)]
    public void Parse_and_match(string selector, string labels, bool expected)
    {
        var s = LabelSelector.Parse(selector);
        Assert.Equal(expected, s.Matches(L(labels)));
    }

    [Fact]
    public void Null_labels_match_only_negative_requirements()
    {
        Assert.True(LabelSelector.Parse("!a,b!=c,d notin (e)").Matches(null));
        Assert.False(LabelSelector.Parse("a").Matches(null));
        Assert.True(LabelSelector.Parse("").Matches(null));
    }

    [Theory]
    [InlineData("b=2,a=1", "a=1,b=2")]
    [InlineData("x in (c, a,b)", "x in (a,b,c)")]
    [InlineData("x notin (a)", "x notin (a)")]
    [InlineData("!x,  y", "!x,y")]
    [InlineData("a==1", "a==1")]
    [InlineData("a != 1", "a!=1")]
    public void ToString_is_canonical(string selector, string expected) =>
        Assert.Equal(expected, LabelSelector.Parse(selector).ToString());

    [Theory]
    [InlineData("a=b=c", "found '=', expected: ',' or 'end of string'")]
    [InlineData("a,", "found '', expected: identifier after ','")]
    [InlineData(",a", "found ',', expected: !, identifier, or 'end of string'")]
    [InlineData("a in b", "unable to parse requirement: found 'b' expected: '('")]
    [InlineData("a in (b", "unable to parse requirement: found '', expected: ',' or ')'")]
    [InlineData("a foo b", "unable to parse requirement: found 'foo', expected: in, notin, =, ==, !=, gt, lt")]
    [InlineData("!", "unable to parse requirement: found '', expected: identifier")]
    [InlineData("a b", "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt")]
    [InlineData("!a=b", "found '=', expected: ',' or 'end of string'")]
    [InlineData("a>x", "unable to parse requirement: values[0]: Invalid value: \"x\": for 'Gt', 'Lt' operators, the value must be an integer")]
    public void Syntax_errors_are_400_with_kubernetes_messages(string selector, string message)
    {
        var e = Assert.Throws<ApiException>(() => LabelSelector.Parse(selector));
        Assert.Equal(400, e.Code);
        Assert.Equal("BadRequest", e.Status.Reason);
        Assert.Equal(message, e.Status.Message);
    }

    [Fact]
    public void Invalid_key_and_value_are_rejected()
    {
        var e = Assert.Throws<ApiException>(() => LabelSelector.Parse("-bad=x"));
        Assert.StartsWith("unable to parse requirement: key: Invalid value: \"-bad\": name part must consist of alphanumeric characters", e.Status.Message, StringComparison.Ordinal);
        var v = Assert.Throws<ApiException>(() => LabelSelector.Parse("a=b c"));
        Assert.Equal(400, v.Code);
        var w = Assert.Throws<ApiException>(() => LabelSelector.Parse("a=-x"));
        Assert.Contains("a valid label must be an empty string or consist of alphanumeric characters", w.Status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromV1_null_matches_nothing_and_empty_everything()
    {
        Assert.False(LabelSelector.FromV1(null).Matches(L("a=b")));
        Assert.True(LabelSelector.FromV1(null).MatchesNothing);
        Assert.True(LabelSelector.FromV1(new V1LabelSelector()).MatchesEverything);
        Assert.True(LabelSelector.FromV1(new V1LabelSelector()).Matches(null));
    }

    [Fact]
    public void FromV1_combines_match_labels_and_expressions()
    {
        var s = LabelSelector.FromV1(new V1LabelSelector
        {
            MatchLabels = new Dictionary<string, string> { ["app"] = "web" },
            MatchExpressions =
            [
                new V1LabelSelectorRequirement { Key = "tier", OperatorProperty = "In", Values = ["fe", "be"] },
                new V1LabelSelectorRequirement { Key = "env", OperatorProperty = "NotIn", Values = ["prod"] },
                new V1LabelSelectorRequirement { Key = "team", OperatorProperty = "Exists" },
                new V1LabelSelectorRequirement { Key = "canary", OperatorProperty = "DoesNotExist" },
            ],
        });
        Assert.True(s.Matches(L("app=web,tier=fe,team=x")));
        Assert.False(s.Matches(L("app=web,tier=fe,team=x,env=prod")));
        Assert.False(s.Matches(L("app=web,tier=fe")));
        Assert.False(s.Matches(L("app=web,tier=fe,team=x,canary=y")));
        Assert.Equal("app=web,!canary,env notin (prod),team,tier in (be,fe)", s.ToString());
        Assert.True(s.TryGetEquality("app", out var v));
        Assert.Equal("web", v);
    }

    [Fact]
    public void FromV1_rejects_bad_operator_and_empty_in()
    {
        var e = Assert.Throws<ApiException>(() => LabelSelector.FromV1(new V1LabelSelector
        {
            MatchExpressions = [new V1LabelSelectorRequirement { Key = "a", OperatorProperty = "Gt", Values = ["1"] }],
        }));
        Assert.Equal("\"Gt\" is not a valid label selector operator", e.Status.Message);
        var f = Assert.Throws<ApiException>(() => LabelSelector.FromV1(new V1LabelSelector
        {
            MatchExpressions = [new V1LabelSelectorRequirement { Key = "a", OperatorProperty = "In", Values = [] }],
        }));
        Assert.Contains("values set can't be empty", f.Status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromSet_matches_superset()
    {
        var s = LabelSelector.FromSet(new Dictionary<string, string> { ["a"] = "1" });
        Assert.True(s.Matches(L("a=1,b=2")));
        Assert.False(s.Matches(L("b=2")));
    }
}
