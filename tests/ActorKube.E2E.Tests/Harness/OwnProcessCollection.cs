namespace ActorKube.E2E.Tests.Harness;

/// <summary>Tests that start an actorkube process of their own (CLI flags, --token): never next to another cluster.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OwnProcessCollection
{
    public const string Name = "own actorkube process";
}
