namespace ActorKube.E2E.Tests.Harness;

/// <summary>The kubectl tests: one shared cluster, one test at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "actorkube cluster";
}
