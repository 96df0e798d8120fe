namespace ActorKube.Core.Printing;

/// <summary>Columns many kinds share.</summary>
public static class Column
{
    public static readonly TableColumnDefinition Name = new("Name", "string", "name", ColumnDocs.Name, 0);
    public static readonly TableColumnDefinition Age = TableColumnDefinition.Of("Age", "string", ColumnDocs.CreationTimestamp);
    public static readonly TableColumnDefinition Containers = TableColumnDefinition.Wide("Containers", "string", ColumnDocs.TemplateContainers);
    public static readonly TableColumnDefinition Images = TableColumnDefinition.Wide("Images", "string", ColumnDocs.TemplateImages);
}
