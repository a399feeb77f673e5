using System.Collections.Concurrent;

namespace Ballast.Core.Modules;

/// <summary>
/// A small process-wide number per type, so an engine finds a module's state, parameters or port by array index
/// (<c>TypeSlot&lt;T&gt;.Id</c>, a static read) instead of a dictionary lookup keyed by <see cref="Type"/> on every call.
/// </summary>
internal static class TypeSlot
{
    private static readonly ConcurrentDictionary<Type, int> s_ids = new();
    private static int s_next = -1;

    public static int For(Type type) => s_ids.GetOrAdd(type, static _ => Interlocked.Increment(ref s_next));

    /// <summary>A table indexed by slot, grown to hold <paramref name="id"/>.</summary>
    public static void Put<T>(ref T[] table, int id, T value)
    {
        if (id >= table.Length) Array.Resize(ref table, Math.Max(id + 1, table.Length * 2));
        table[id] = value;
    }
}

internal static class TypeSlot<T>
{
    public static readonly int Id = TypeSlot.For(typeof(T));
}
