using System.Collections;
using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using Ballast.Core.Hashing;

namespace Ballast.Core.State;

/// <summary>
/// What the engine knows of a state type from its declaration alone: its fields in declaration order, and from them
/// the field copy (journal), the deep clone (snapshots), the canonical hash encoding and the generic view. Built once
/// per type by reflection, with compiled accessors.
/// </summary>
public sealed class StateSchema
{
    private static readonly ConcurrentDictionary<Type, StateSchema> s_schemas = new();

    /// <summary>One declared field of a state type.</summary>
    public sealed record Field(string Name, Type Type, bool Derived, Func<object, object?> Get, Action<object, object?> SetValue);

    private readonly Action<object, object> _copyFields;

    private StateSchema(Type type)
    {
        Type = type;
        var fields = new List<Field>();
        var chain = new List<Type>();
        for (var t = type; t is not null && t != typeof(StateObject) && t != typeof(object); t = t.BaseType) chain.Insert(0, t);
        var declared = new List<FieldInfo>();
        foreach (var t in chain)
        {
            foreach (var f in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                var name = PropertyName(f.Name);
                var property = t.GetProperty(name, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly);
                bool derived = f.IsDefined(typeof(DerivedAttribute)) || (property?.IsDefined(typeof(DerivedAttribute)) ?? false);
                fields.Add(new Field(name, f.FieldType, derived, Getter(type, f), Setter(type, f)));
                declared.Add(f);
            }
        }
        Fields = fields;
        _copyFields = Copier(type, declared);
    }

    // Init-only and get-only properties have readonly backing fields, which expression trees cannot assign; IL can
    // (a dynamic method skips the verifier), and a compiled copy keeps the journal's per-write cost to a few stores.
    private static Func<object, object?> Getter(Type owner, FieldInfo f)
    {
        var o = Expression.Parameter(typeof(object), "o");
        return Expression.Lambda<Func<object, object?>>(Expression.Convert(Expression.Field(Expression.Convert(o, owner), f), typeof(object)), o).Compile();
    }

    private static Action<object, object?> Setter(Type owner, FieldInfo f)
    {
        var method = new System.Reflection.Emit.DynamicMethod($"set_{owner.Name}_{f.Name}", null, [typeof(object), typeof(object)], owner.Module, skipVisibility: true);
        var il = method.GetILGenerator();
        il.Emit(System.Reflection.Emit.OpCodes.Ldarg_0);
        il.Emit(System.Reflection.Emit.OpCodes.Castclass, owner);
        il.Emit(System.Reflection.Emit.OpCodes.Ldarg_1);
        il.Emit(f.FieldType.IsValueType ? System.Reflection.Emit.OpCodes.Unbox_Any : System.Reflection.Emit.OpCodes.Castclass, f.FieldType);
        il.Emit(System.Reflection.Emit.OpCodes.Stfld, f);
        il.Emit(System.Reflection.Emit.OpCodes.Ret);
        return (Action<object, object?>)method.CreateDelegate(typeof(Action<object, object?>));
    }

    private static Action<object, object> Copier(Type owner, List<FieldInfo> fields)
    {
        var method = new System.Reflection.Emit.DynamicMethod($"copy_{owner.Name}", null, [typeof(object), typeof(object)], owner.Module, skipVisibility: true);
        var il = method.GetILGenerator();
        var src = il.DeclareLocal(owner);
        var dst = il.DeclareLocal(owner);
        il.Emit(System.Reflection.Emit.OpCodes.Ldarg_0);
        il.Emit(System.Reflection.Emit.OpCodes.Castclass, owner);
        il.Emit(System.Reflection.Emit.OpCodes.Stloc, src);
        il.Emit(System.Reflection.Emit.OpCodes.Ldarg_1);
        il.Emit(System.Reflection.Emit.OpCodes.Castclass, owner);
        il.Emit(System.Reflection.Emit.OpCodes.Stloc, dst);
        foreach (var f in fields)
        {
            il.Emit(System.Reflection.Emit.OpCodes.Ldloc, dst);
            il.Emit(System.Reflection.Emit.OpCodes.Ldloc, src);
            il.Emit(System.Reflection.Emit.OpCodes.Ldfld, f);
            il.Emit(System.Reflection.Emit.OpCodes.Stfld, f);
        }
        il.Emit(System.Reflection.Emit.OpCodes.Ret);
        return (Action<object, object>)method.CreateDelegate(typeof(Action<object, object>));
    }

    public Type Type { get; }
    public IReadOnlyList<Field> Fields { get; }

    public static StateSchema Of(Type type) => s_schemas.GetOrAdd(type, t => new StateSchema(t));

    private static string PropertyName(string fieldName) =>
        fieldName.StartsWith('<') && fieldName.Contains(">k__BackingField", StringComparison.Ordinal)
            ? fieldName[1..fieldName.IndexOf('>')]
            : fieldName.TrimStart('_');

    internal StateObject NewUninitialized() => (StateObject)RuntimeHelpers.GetUninitializedObject(Type);

    /// <summary>Copies every declared field (derived ones included) from <paramref name="source"/> to <paramref name="target"/>.</summary>
    internal void CopyFields(object source, object target) => _copyFields(source, target);

    /// <summary>A deep copy: state objects and containers are copied, everything else (immutable) shared; derived fields left empty.</summary>
    internal StateObject Clone(StateObject source)
    {
        var copy = NewUninitialized();
        CopyFields(source, copy);
        foreach (var f in Fields)
        {
            if (f.Derived) { f.SetValue(copy, f.Type.IsValueType ? Activator.CreateInstance(f.Type) : null); continue; }
            var value = f.Get(source);
            if (value is StateObject so) f.SetValue(copy, so.DeepClone());
            else if (value is IStateContainer c) f.SetValue(copy, c.DeepClone());
        }
        return copy;
    }

    /// <summary>Clones a value held in state: state objects and containers deeply, immutable values as they are.</summary>
    public static T CloneValue<T>(T value) => value switch
    {
        StateObject so => (T)(object)so.DeepClone(),
        IStateContainer c => (T)c.DeepClone(),
        _ => value,
    };

    /// <summary>Writes every non-derived field, in declaration order (the order is the schema: names are not written).</summary>
    public void WriteHash(StateHasher hasher, object value)
    {
        _writeHash ??= CompileWriteHash();
        _writeHash(hasher, value);
    }

    private Action<StateHasher, object>? _writeHash;

    /// <summary>
    /// The hash writer of this type, compiled once: fields of the common value types are written straight from the
    /// object (no boxing); every other field goes through <see cref="WriteValue"/>. The encoding is the same either way:
    /// a field that may be null first says whether it is, so a null and a value can never encode alike.
    /// </summary>
    private Action<StateHasher, object> CompileWriteHash()
    {
        var hasher = Expression.Parameter(typeof(StateHasher), "hasher");
        var boxed = Expression.Parameter(typeof(object), "value");
        var typed = Expression.Variable(Type, "typed");
        var body = new List<Expression> { Expression.Assign(typed, Expression.Convert(boxed, Type)) };
        var fieldInfos = new List<FieldInfo>();
        for (var t = Type; t is not null && t != typeof(StateObject) && t != typeof(object); t = t.BaseType)
            fieldInfos.InsertRange(0, t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly));
        var writeBool = typeof(StateHasher).GetMethod(nameof(StateHasher.Write), [typeof(bool)])!;
        var writeValue = typeof(StateSchema).GetMethod(nameof(WriteValue))!;
        for (int i = 0; i < Fields.Count; i++)
        {
            if (Fields[i].Derived) continue;
            var fi = fieldInfos[i];
            var field = Expression.Field(typed, fi);
            var t = fi.FieldType;
            var direct = typeof(StateHasher).GetMethod(nameof(StateHasher.Write), [t]);
            if (t.IsValueType && Nullable.GetUnderlyingType(t) is null && direct is not null && !t.IsEnum)
                body.Add(Expression.Call(hasher, direct, field));
            else if (t.IsEnum)
                body.Add(Expression.Call(hasher, typeof(StateHasher).GetMethod(nameof(StateHasher.Write), [typeof(long)])!,
                    Expression.Convert(field, typeof(long))));
            else if (t == typeof(string))
            {
                body.Add(Expression.Call(hasher, writeBool, Expression.NotEqual(field, Expression.Constant(null, typeof(string)))));
                body.Add(Expression.IfThen(Expression.NotEqual(field, Expression.Constant(null, typeof(string))),
                    Expression.Call(hasher, typeof(StateHasher).GetMethod(nameof(StateHasher.Write), [typeof(string)])!, field)));
            }
            else
            {
                var v = Expression.Convert(field, typeof(object));
                if (!t.IsValueType || Nullable.GetUnderlyingType(t) is not null)
                    body.Add(Expression.Call(hasher, writeBool, Expression.NotEqual(v, Expression.Constant(null))));
                body.Add(Expression.IfThen(Expression.NotEqual(v, Expression.Constant(null)), Expression.Call(writeValue, hasher, v)));
            }
        }
        return Expression.Lambda<Action<StateHasher, object>>(Expression.Block([typed], body), hasher, boxed).Compile();
    }

    /// <summary>The canonical encoding of any value state may hold.</summary>
    public static void WriteValue(StateHasher h, object? value)
    {
        switch (value)
        {
            case null: h.Write(-1); return;
            case string s: h.Write(s); return;
            case int i: h.Write(i); return;
            case long l: h.Write(l); return;
            case ulong u: h.Write(u); return;
            case bool b: h.Write(b); return;
            case UInt128 u128: h.Write(u128); return;
            case Int128 i128: h.Write(i128); return;
            case Numerics.Amount a: h.Write(a); return;
            case Numerics.Fixed x: h.Write(x); return;
            case Enum e: h.Write(Convert.ToInt64(e, System.Globalization.CultureInfo.InvariantCulture)); return;
            case StateObject so: Of(so.GetType()).WriteHash(h, so); return;
            case IStateContainer c: c.WriteHash(h); return;
            case IEnumerable list:
                int count = 0;
                foreach (var _ in list) count++;
                h.Write(count);
                foreach (var item in list) WriteValue(h, item);
                return;
        }
        // A record, record struct or other immutable value: its type and public properties in declaration order,
        // through a writer compiled once per type (a record per position is common: no reflection per value).
        s_valueWriters.GetOrAdd(value.GetType(), CompileValueWriter)(h, value);
    }

    private static readonly ConcurrentDictionary<Type, Action<StateHasher, object>> s_valueWriters = new();

    /// <summary>
    /// <see cref="WriteValue"/> for a value whose static type is <typeparamref name="T"/>, without boxing the common
    /// value types (the containers' keys and values): the same encoding.
    /// </summary>
    public static void WriteTyped<T>(StateHasher h, T value)
    {
        if (typeof(T) == typeof(long)) { h.Write(System.Runtime.CompilerServices.Unsafe.As<T, long>(ref value)); return; }
        if (typeof(T) == typeof(int)) { h.Write(System.Runtime.CompilerServices.Unsafe.As<T, int>(ref value)); return; }
        if (typeof(T) == typeof(ulong)) { h.Write(System.Runtime.CompilerServices.Unsafe.As<T, ulong>(ref value)); return; }
        if (typeof(T) == typeof(bool)) { h.Write(System.Runtime.CompilerServices.Unsafe.As<T, bool>(ref value)); return; }
        if (typeof(T) == typeof(UInt128)) { h.Write(System.Runtime.CompilerServices.Unsafe.As<T, UInt128>(ref value)); return; }
        if (typeof(T) == typeof(Int128)) { h.Write(System.Runtime.CompilerServices.Unsafe.As<T, Int128>(ref value)); return; }
        if (typeof(T) == typeof(Numerics.Amount)) { h.Write(System.Runtime.CompilerServices.Unsafe.As<T, Numerics.Amount>(ref value)); return; }
        if (typeof(T) == typeof(Numerics.Fixed)) { h.Write(System.Runtime.CompilerServices.Unsafe.As<T, Numerics.Fixed>(ref value)); return; }
        if (value is string text) { h.Write(text); return; }
        if (RecordWriter<T>.Write is { } record)
        {
            if (value is null) h.Write(-1); else record(h, value);
            return;
        }
        WriteValue(h, value);
    }

    /// <summary>For a sealed record type (a position, a proposal): its compiled writer, found without a lookup.</summary>
    private static class RecordWriter<T>
    {
        public static readonly Action<StateHasher, object>? Write =
            typeof(T).IsSealed && !typeof(T).IsValueType && typeof(T) != typeof(string) && !typeof(StateObject).IsAssignableFrom(typeof(T))
            && !typeof(IStateContainer).IsAssignableFrom(typeof(T)) && !typeof(System.Collections.IEnumerable).IsAssignableFrom(typeof(T))
                ? s_valueWriters.GetOrAdd(typeof(T), CompileValueWriter)
                : null;
    }

    private static Action<StateHasher, object> CompileValueWriter(Type type)
    {
        var hasher = Expression.Parameter(typeof(StateHasher), "hasher");
        var boxed = Expression.Parameter(typeof(object), "value");
        var typed = Expression.Variable(type, "typed");
        var body = new List<Expression>
        {
            Expression.Assign(typed, Expression.Convert(boxed, type)),
            Expression.Call(hasher, typeof(StateHasher).GetMethod(nameof(StateHasher.Write), [typeof(string)])!, Expression.Constant(type.Name)),
        };
        var writeValue = typeof(StateSchema).GetMethod(nameof(WriteValue))!;
        foreach (var p in ValueProperties(type))
        {
            var property = Expression.Property(typed, p);
            var t = p.PropertyType;
            var direct = typeof(StateHasher).GetMethod(nameof(StateHasher.Write), [t]);
            if (t.IsValueType && !t.IsEnum && Nullable.GetUnderlyingType(t) is null && direct is not null)
                body.Add(Expression.Call(hasher, direct, property)); // what WriteValue does for these, without boxing
            else
                body.Add(Expression.Call(writeValue, hasher, Expression.Convert(property, typeof(object))));
        }
        return Expression.Lambda<Action<StateHasher, object>>(Expression.Block([typed], body), hasher, boxed).Compile();
    }

    /// <summary>The generic view of a state object: its non-derived fields by camelCase name, in declaration order.</summary>
    public IDictionary<string, object?> View(object value)
    {
        var view = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var f in Fields)
            if (!f.Derived) view[char.ToLowerInvariant(f.Name[0]) + f.Name[1..]] = ViewValue(f.Get(value));
        return view;
    }

    /// <summary>A JSON-friendly form of any value state may hold.</summary>
    public static object? ViewValue(object? value) => value switch
    {
        null => null,
        StateObject so => Of(so.GetType()).View(so),
        IStateContainer c => c.View(),
        _ => value,
    };

    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> s_valueProperties = new();

    private static PropertyInfo[] ValueProperties(Type type) => s_valueProperties.GetOrAdd(type, t =>
        t.GetProperties(BindingFlags.Instance | BindingFlags.Public)
            .Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
            .OrderBy(p => p.MetadataToken)
            .ToArray());
}

/// <summary>A journaled collection in module state (<see cref="StateMap{TKey,TValue}"/>, <see cref="StateList{T}"/>).</summary>
public interface IStateContainer
{
    object DeepClone();
    void WriteHash(StateHasher hasher);
    object View();
}
