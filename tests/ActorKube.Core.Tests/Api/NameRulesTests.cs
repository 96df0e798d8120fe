using ActorKube.Core.Api;

namespace ActorKube.Core.Tests.Api;

public class NameRulesTests
{
    [Theory]
    [InlineData("web", true)]
    [InlineData("web-1", true)]
    [InlineData("1web", true)]
    [InlineData("a.b", false)]
    [InlineData("Web", false)]
    [InlineData("web-", false)]
    [InlineData("", false)]
    public void Dns1123_label(string value, bool valid) => Assert.Equal(valid, NameRules.IsDns1123Label(value).Count == 0);

    [Theory]
    [InlineData("a.b.c", true)]
    [InlineData("a..b", false)]
    [InlineData(".a", false)]
    [InlineData("a_b", false)]
    public void Dns1123_subdomain(string value, bool valid) => Assert.Equal(valid, NameRules.IsDns1123Subdomain(value).Count == 0);

    [Theory]
    [InlineData("web", true)]
    [InlineData("1web", false)]
    public void Dns1035_label(string value, bool valid) => Assert.Equal(valid, NameRules.IsDns1035Label(value).Count == 0);

    [Theory]
    [InlineData("app", "")]
    [InlineData("example.com/app", "")]
    [InlineData("a/b/c", "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')")]
    [InlineData("Example.com/app", "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")]
    [InlineData("example.com/", "name part must be non-empty")]
    public void Qualified_names(string value, string error) =>
        Assert.Equal(error, string.Join("; ", NameRules.IsQualifiedName(value)));

    [Fact]
    public void Long_qualified_name_part()
    {
        Assert.Equal(["name part must be no more than 63 characters"], NameRules.IsQualifiedName(new string('a', 64)));
        Assert.Equal(["must be no more than 63 characters"], NameRules.IsValidLabelValue(new string('a', 64)));
        Assert.Empty(NameRules.IsValidLabelValue(""));
    }

    [Theory]
    [InlineData("http", true)]
    [InlineData("http-alt", true)]
    [InlineData("8080", false)]
    [InlineData("a--b", false)]
    [InlineData("-ab", false)]
    [InlineData("abcdefghijklmnop", false)]
    public void Port_names(string value, bool valid) => Assert.Equal(valid, NameRules.IsValidPortName(value).Count == 0);
}
