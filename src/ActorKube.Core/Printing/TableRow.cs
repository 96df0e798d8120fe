namespace ActorKube.Core.Printing;

/// <summary>
/// One row of a Table (metav1.TableRow). Cells are strings or <see cref="long"/>s, one per column definition.
/// <see cref="Object"/> is what <see cref="TableIncludeObject"/> asked for: null, a
/// <see cref="PartialObjectMetadata"/>, or the object itself (a <c>JsonObject</c> when kind/apiVersion had to be set).
/// </summary>
public sealed record TableRow(IReadOnlyList<object> Cells, IReadOnlyList<TableRowCondition> Conditions, object? Object);
