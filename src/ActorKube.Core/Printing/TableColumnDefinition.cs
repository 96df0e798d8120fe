namespace ActorKube.Core.Printing;

/// <summary>
/// One column of a Table (metav1.TableColumnDefinition). <see cref="Type"/> is an OpenAPI type ("string",
/// "integer", "date"); <see cref="Format"/> is "name" for the column that holds the object's name.
/// Priority 0 columns are always shown; priority 1 only with <c>kubectl get -o wide</c>.
/// </summary>
public sealed record TableColumnDefinition(string Name, string Type, string Format, string Description, int Priority)
{
    public static TableColumnDefinition Of(string name, string type, string description, int priority = 0) =>
        new(name, type, "", description, priority);

    public static TableColumnDefinition Wide(string name, string type, string description) =>
        new(name, type, "", description, 1);
}
