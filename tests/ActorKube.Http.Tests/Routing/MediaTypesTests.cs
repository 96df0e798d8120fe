using ActorKube.Http.Content;

namespace ActorKube.Http.Tests.Routing;

public sealed class MediaTypesTests
{
    [Theory]
    [InlineData("application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json", true)]
    [InlineData("application/json;as=Table;g=meta.k8s.io;v=v1", true)]
    [InlineData("application/json, application/json;as=Table;v=v1;g=meta.k8s.io", false)]
    [InlineData("application/json", false)]
    [InlineData("application/vnd.kubernetes.protobuf, application/json", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Table_is_served_only_when_asked_for_before_plain_json(string? accept, bool table)
    {
        Assert.Equal(table, MediaTypes.WantsTable(accept));
    }

    [Theory]
    [InlineData("application/yaml", true)]
    [InlineData("application/yaml; charset=utf-8", true)]
    [InlineData("application/json", false)]
    [InlineData(null, false)]
    public void Yaml_bodies_are_recognised(string? contentType, bool yaml)
    {
        Assert.Equal(yaml, MediaTypes.IsYaml(contentType));
    }
}
