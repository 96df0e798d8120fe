using System.Text.Json.Nodes;
using ActorKube.Core.Api;

namespace ActorKube.Core.Tests.Api;

public class GoFormatTests
{
    [Theory]
    [InlineData("abc", "\"abc\"")]
    [InlineData("unknown field \"spec.foo\"", "\"unknown field \\\"spec.foo\\\"\"")]
    [InlineData("a\\b\nc\td", "\"a\\\\b\\nc\\td\"")]
    [InlineData("\u0001\u007f", "\"\\x01\\x7f\"")]
    [InlineData("héllo ✓", "\"héllo ✓\"")]
    [InlineData("a\u00a0b", "\"a\\u00a0b\"")]
    public void Quote_is_strconv_quote(string s, string expected) => Assert.Equal(expected, GoFormat.Quote(s));

    [Theory]
    [InlineData("""{"spec":{"replicas":3,"foo":"bar"}}""", "map[spec:map[foo:bar replicas:3]]")]
    [InlineData("""{"a":[1,"x",true,null],"b":{}}""", "map[a:[1 x true <nil>] b:map[]]")]
    [InlineData("""{"f":1.5,"g":1000000.0,"h":0.00001,"i":123456.0}""", "map[f:1.5 g:1e+06 h:1e-05 i:123456]")]
    public void Value_is_percent_plus_v_of_decoded_json(string json, string expected) =>
        Assert.Equal(expected, GoFormat.Value(JsonNode.Parse(json)));

    [Theory]
    [InlineData(0.25, "0.25")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1234567.0, "1.234567e+06")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(1.5e-7, "1.5e-07")]
    [InlineData(100.0, "100")]
    [InlineData(0.0, "0")]
    public void Float_is_go_percent_v(double d, string expected) => Assert.Equal(expected, GoFormat.Float(d));
}
