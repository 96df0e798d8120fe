using System.Collections.Concurrent;
using System.Reflection;

namespace ActorKube.Core.Objects;

/// <summary>
/// Cheap copies of the KubernetesClient models, which are C# records: a shallow clone shares every
/// nested object with the original, so it is only for code that replaces parts, never mutates them.
/// </summary>
public static class ObjectCloner
{
    private static readonly ConcurrentDictionary<Type, Func<object, object>> Clones = new();
    private static readonly ConcurrentDictionary<Type, PropertyInfo?> StatusProperties = new();

    /// <summary>A new top-level object with the same property values (the record's copy constructor).</summary>
    public static T ShallowClone<T>(T obj) where T : class
    {
        var clone = Clones.GetOrAdd(obj.GetType(), static t =>
        {
            var method = t.GetMethod("<Clone>$", BindingFlags.Public | BindingFlags.Instance)
                ?? throw new InvalidOperationException($"{t.Name} is not a record");
            var o = System.Linq.Expressions.Expression.Parameter(typeof(object));
            var call = System.Linq.Expressions.Expression.Call(System.Linq.Expressions.Expression.Convert(o, t), method);
            return System.Linq.Expressions.Expression.Lambda<Func<object, object>>(call, o).Compile();
        });
        return (T)clone(obj);
    }

    /// <summary>The object's status, for kinds that have one.</summary>
    public static object? GetStatus(object obj) => StatusProperty(obj.GetType())?.GetValue(obj);

    public static bool HasStatus(Type type) => StatusProperty(type) is not null;

    public static void SetStatus(object obj, object? status) => StatusProperty(obj.GetType())?.SetValue(obj, status);

    private static PropertyInfo? StatusProperty(Type t) => StatusProperties.GetOrAdd(t, static t => t.GetProperty("Status", BindingFlags.Public | BindingFlags.Instance));
}
