namespace ActorKube.Client;

/// <summary>Tag of an informer's list and watch: the name tells the informers of one actor apart, the generation drops stale replies.</summary>
public sealed record InformerTag(string Name, int Generation, bool IsWatch) : IWireTag;
