using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.CompilerServices;
using Ballast.Core.Numerics;

namespace Ballast.Core.State.Persistence;

/// <summary>
/// The binary encoding of one type of value that engine state may hold, derived from the type alone (as
/// <see cref="StateSchema"/> derives the hash): numbers, <see cref="Amount"/> and <see cref="Fixed"/>, strings, enums,
/// nullables, state objects (their declared, non-derived fields), state maps and lists, arrays and the immutable
/// collections, and records (every instance field, base first). A field whose declared type is not sealed (an
/// interface such as a governance action's <c>ITransaction</c>) carries its runtime type's name. Built once per type.
/// A type it cannot encode (a delegate, a hash set whose order is not defined) is refused when written, with its name.
/// </summary>
internal abstract class ValueCodec
{
    private static readonly ConcurrentDictionary<Type, ValueCodec> s_codecs = new();

    public abstract void Write(BinaryWriter writer, object? value);
    public abstract object? Read(BinaryReader reader);

    public static ValueCodec For(Type type) => s_codecs.GetOrAdd(type, Create);

    private static ValueCodec Create(Type type)
    {
        if (Primitive.TryCreate(type) is { } primitive) return primitive;
        if (type.IsEnum) return new EnumCodec(type);
        if (Nullable.GetUnderlyingType(type) is { } inner) return new NullableCodec(inner);
        if (type == typeof(Type) || typeof(Delegate).IsAssignableFrom(type) || type.IsPointer || type == typeof(IntPtr))
            return new Refused(type, "it is not data");
        if (!type.IsValueType && !type.IsSealed && !type.IsArray) return new PolymorphicCodec(type);
        if (type.IsArray) return Generic(typeof(ArrayCodec<>), type.GetElementType()!);
        if (type.IsGenericType)
        {
            var def = type.GetGenericTypeDefinition();
            var args = type.GetGenericArguments();
            if (def == typeof(StateMap<,>)) return Generic(typeof(StateMapCodec<,>), args);
            if (def == typeof(StateList<>)) return Generic(typeof(StateListCodec<>), args);
            if (def == typeof(StateLog<>)) return Generic(typeof(StateLogCodec<>), args);
            if (def == typeof(ImmutableArray<>)) return Generic(typeof(ImmutableArrayCodec<>), args);
            if (def == typeof(ImmutableList<>)) return Generic(typeof(ImmutableListCodec<>), args);
            if (def == typeof(ImmutableSortedSet<>)) return Generic(typeof(ImmutableSortedSetCodec<>), args);
            if (def == typeof(ImmutableSortedDictionary<,>)) return Generic(typeof(ImmutableSortedDictionaryCodec<,>), args);
            if (def == typeof(List<>)) return Generic(typeof(ListCodec<>), args);
            if (def == typeof(SortedDictionary<,>)) return Generic(typeof(SortedDictionaryCodec<,>), args);
            if (def == typeof(Dictionary<,>) || def == typeof(HashSet<>) || def == typeof(ImmutableDictionary<,>) || def == typeof(ImmutableHashSet<>))
                return new Refused(type, "its order is not defined, so neither is its hash");
        }
        if (typeof(StateObject).IsAssignableFrom(type)) return new StateObjectCodec(type);
        return new RecordCodec(type);
    }

    private static ValueCodec Generic(Type definition, params Type[] args) =>
        (ValueCodec)Activator.CreateInstance(definition.MakeGenericType(args))!;

    /// <summary>Which comparer a sorted container was built with: only the two the engine uses can be written.</summary>
    internal static byte ComparerTag<T>(IComparer<T> comparer, Type owner)
    {
        if (ReferenceEquals(comparer, StringComparer.Ordinal) || Equals(comparer, StringComparer.Ordinal)) return 1;
        if (Equals(comparer, Comparer<T>.Default)) return 0;
        throw new NotSupportedException($"a {Describe(owner)} ordered by {comparer.GetType().Name} cannot be written to a state file (only ordinal and default order)");
    }

    internal static IComparer<T> ComparerFromTag<T>(byte tag) => tag switch
    {
        0 => Comparer<T>.Default,
        1 when typeof(T) == typeof(string) => (IComparer<T>)(object)StringComparer.Ordinal,
        _ => throw new InvalidDataException($"unknown comparer tag {tag} for {typeof(T).Name} keys"),
    };

    internal static string Describe(Type type) => type.IsGenericType
        ? $"{type.Name[..type.Name.IndexOf('`')]}<{string.Join(", ", type.GetGenericArguments().Select(Describe))}>"
        : type.Name;

    internal static int ReadCount(BinaryReader reader)
    {
        int count = reader.Read7BitEncodedInt();
        if (count < 0) throw new InvalidDataException($"a negative count ({count}) in a state file");
        // Every item takes at least a byte: a larger count is damage, refused before anything is allocated for it.
        if (reader.BaseStream.CanSeek && count > reader.BaseStream.Length - reader.BaseStream.Position)
            throw new InvalidDataException($"a count of {count} items where {reader.BaseStream.Length - reader.BaseStream.Position} bytes are left");
        return count;
    }

    // ---------- leaves ----------

    private sealed class Primitive(Action<BinaryWriter, object> write, Func<BinaryReader, object> read) : ValueCodec
    {
        public override void Write(BinaryWriter writer, object? value) => write(writer, value!);
        public override object? Read(BinaryReader reader) => read(reader);

        public static ValueCodec? TryCreate(Type t)
        {
            if (t == typeof(string)) return new StringCodec();
            if (t == typeof(bool)) return new Primitive((w, v) => w.Write((bool)v), r => r.ReadBoolean());
            if (t == typeof(byte)) return new Primitive((w, v) => w.Write((byte)v), r => r.ReadByte());
            if (t == typeof(sbyte)) return new Primitive((w, v) => w.Write((sbyte)v), r => r.ReadSByte());
            if (t == typeof(short)) return new Primitive((w, v) => w.Write((short)v), r => r.ReadInt16());
            if (t == typeof(ushort)) return new Primitive((w, v) => w.Write((ushort)v), r => r.ReadUInt16());
            if (t == typeof(char)) return new Primitive((w, v) => w.Write((ushort)(char)v), r => (char)r.ReadUInt16());
            if (t == typeof(int)) return new Primitive((w, v) => w.Write((int)v), r => r.ReadInt32());
            if (t == typeof(uint)) return new Primitive((w, v) => w.Write((uint)v), r => r.ReadUInt32());
            if (t == typeof(long)) return new Primitive((w, v) => w.Write((long)v), r => r.ReadInt64());
            if (t == typeof(ulong)) return new Primitive((w, v) => w.Write((ulong)v), r => r.ReadUInt64());
            if (t == typeof(double)) return new Primitive((w, v) => w.Write(BitConverter.DoubleToInt64Bits((double)v)), r => BitConverter.Int64BitsToDouble(r.ReadInt64()));
            if (t == typeof(float)) return new Primitive((w, v) => w.Write(BitConverter.SingleToInt32Bits((float)v)), r => BitConverter.Int32BitsToSingle(r.ReadInt32()));
            if (t == typeof(decimal)) return new Primitive((w, v) => w.Write((decimal)v), r => r.ReadDecimal());
            if (t == typeof(UInt128)) return new Primitive((w, v) => WriteUInt128(w, (UInt128)v), r => ReadUInt128(r));
            if (t == typeof(Int128)) return new Primitive((w, v) => WriteUInt128(w, unchecked((UInt128)(Int128)v)), r => unchecked((Int128)ReadUInt128(r)));
            if (t == typeof(Amount)) return new Primitive((w, v) => WriteUInt128(w, ((Amount)v).Units), r => new Amount(ReadUInt128(r)));
            if (t == typeof(Fixed)) return new Primitive((w, v) => WriteUInt128(w, unchecked((UInt128)((Fixed)v).Raw)), r => new Fixed(unchecked((Int128)ReadUInt128(r))));
            return null;
        }
    }

    internal static void WriteUInt128(BinaryWriter w, UInt128 value)
    {
        w.Write((ulong)(value >> 64));
        w.Write(unchecked((ulong)value));
    }

    internal static UInt128 ReadUInt128(BinaryReader r)
    {
        ulong high = r.ReadUInt64();
        ulong low = r.ReadUInt64();
        return new UInt128(high, low);
    }

    private sealed class StringCodec : ValueCodec
    {
        public override void Write(BinaryWriter writer, object? value)
        {
            writer.Write(value is not null);
            if (value is not null) writer.Write((string)value);
        }

        public override object? Read(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;
    }

    private sealed class EnumCodec(Type type) : ValueCodec
    {
        public override void Write(BinaryWriter writer, object? value) => writer.Write(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
        public override object? Read(BinaryReader reader) => Enum.ToObject(type, reader.ReadInt64());
    }

    private sealed class NullableCodec(Type inner) : ValueCodec
    {
        private readonly ValueCodec _inner = For(inner);

        public override void Write(BinaryWriter writer, object? value)
        {
            writer.Write(value is not null);
            if (value is not null) _inner.Write(writer, value);
        }

        public override object? Read(BinaryReader reader) => reader.ReadBoolean() ? _inner.Read(reader) : null;
    }

    private sealed class Refused(Type type, string why) : ValueCodec
    {
        public override void Write(BinaryWriter writer, object? value) =>
            throw new NotSupportedException($"a {Describe(type)} in engine state cannot be written to a state file: {why}");

        public override object? Read(BinaryReader reader) =>
            throw new InvalidDataException($"a state file cannot hold a {Describe(type)}: {why}");
    }

    /// <summary>A value whose declared type admits several runtime types: the runtime type's name, then the value.</summary>
    private sealed class PolymorphicCodec(Type declared) : ValueCodec
    {
        private static readonly ConcurrentDictionary<string, Type> s_byName = new(StringComparer.Ordinal);

        public override void Write(BinaryWriter writer, object? value)
        {
            writer.Write(value is not null);
            if (value is null) return;
            var type = value.GetType();
            writer.Write(NameOf(type));
            For(type).Write(writer, value);
        }

        public override object? Read(BinaryReader reader)
        {
            if (!reader.ReadBoolean()) return null;
            var name = reader.ReadString();
            var type = s_byName.GetOrAdd(name, Resolve);
            if (!declared.IsAssignableFrom(type) || type.IsAbstract || type.IsInterface)
                throw new InvalidDataException($"a state file holds a {type.Name} where a {Describe(declared)} belongs");
            return For(type).Read(reader);
        }

        private static string NameOf(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";

        private static Type Resolve(string name)
        {
            try
            {
                return ResolveOrNull(name) ?? throw new InvalidDataException($"a state file names the type '{name}', which this program does not have");
            }
            catch (Exception e) when (e is not InvalidDataException)
            {
                throw new InvalidDataException($"a state file names the type '{name}', which is not a type name", e);
            }
        }

        private static Type? ResolveOrNull(string name) =>
            Type.GetType(name, assemblyName => AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == assemblyName.Name), null, throwOnError: false);
    }

    // ---------- state ----------

    /// <summary>A state object: its declared fields that are not <see cref="DerivedAttribute"/>, in declaration order.</summary>
    private sealed class StateObjectCodec(Type type) : ValueCodec
    {
        private readonly StateSchema _schema = StateSchema.Of(type);
        private (StateSchema.Field Field, ValueCodec Codec)[]? _fields;

        private (StateSchema.Field Field, ValueCodec Codec)[] Fields =>
            _fields ??= _schema.Fields.Where(f => !f.Derived).Select(f => (f, For(f.Type))).ToArray();

        public override void Write(BinaryWriter writer, object? value)
        {
            writer.Write(value is not null);
            if (value is null) return;
            foreach (var (field, codec) in Fields) codec.Write(writer, field.Get(value));
        }

        public override object? Read(BinaryReader reader)
        {
            if (!reader.ReadBoolean()) return null;
            var value = _schema.NewUninitialized();
            foreach (var (field, codec) in Fields) field.SetValue(value, codec.Read(reader));
            return value;
        }
    }

    private sealed class StateMapCodec<TKey, TValue> : ValueCodec where TKey : notnull
    {
        private readonly ValueCodec _keys = For(typeof(TKey));
        private readonly ValueCodec _values = For(typeof(TValue));

        public override void Write(BinaryWriter writer, object? value)
        {
            writer.Write(value is not null);
            if (value is not StateMap<TKey, TValue> map) return;
            writer.Write(ComparerTag(map.Comparer, typeof(StateMap<TKey, TValue>)));
            writer.Write7BitEncodedInt(map.Count);
            foreach (var (k, v) in map)
            {
                _keys.Write(writer, k);
                _values.Write(writer, v);
            }
        }

        public override object? Read(BinaryReader reader)
        {
            if (!reader.ReadBoolean()) return null;
            var map = new StateMap<TKey, TValue>(ComparerFromTag<TKey>(reader.ReadByte()));
            int count = ReadCount(reader);
            for (int i = 0; i < count; i++)
            {
                var key = (TKey)_keys.Read(reader)!;
                map.Add(key, (TValue)_values.Read(reader)!);
            }
            return map;
        }
    }

    private sealed class StateListCodec<T> : ValueCodec
    {
        private readonly ValueCodec _items = For(typeof(T));

        public override void Write(BinaryWriter writer, object? value)
        {
            writer.Write(value is not null);
            if (value is not StateList<T> list) return;
            writer.Write7BitEncodedInt(list.Count);
            foreach (var item in list) _items.Write(writer, item);
        }

        public override object? Read(BinaryReader reader)
        {
            if (!reader.ReadBoolean()) return null;
            var list = new StateList<T>();
            int count = ReadCount(reader);
            for (int i = 0; i < count; i++) list.Add((T)_items.Read(reader)!);
            return list;
        }
    }

    /// <summary>An append-only log: its items; the chain's head is recomputed from them (the state hash then checks them).</summary>
    private sealed class StateLogCodec<T> : ValueCodec
    {
        private readonly ValueCodec _items = For(typeof(T));

        public override void Write(BinaryWriter writer, object? value)
        {
            writer.Write(value is not null);
            if (value is not StateLog<T> log) return;
            writer.Write7BitEncodedInt(log.Count);
            foreach (var item in log) _items.Write(writer, item);
        }

        public override object? Read(BinaryReader reader)
        {
            if (!reader.ReadBoolean()) return null;
            var log = new StateLog<T>();
            int count = ReadCount(reader);
            for (int i = 0; i < count; i++) log.Add((T)_items.Read(reader)!);
            return log;
        }
    }

    // ---------- collections ----------

    /// <summary>The items of a sequence, in order; shared by the collection codecs.</summary>
    private abstract class SequenceCodec<T, TCollection> : ValueCodec where TCollection : IEnumerable<T>
    {
        private readonly ValueCodec _items = For(typeof(T));

        protected virtual bool IsNull(object? value) => value is null;
        protected virtual void WriteHeader(BinaryWriter writer, TCollection collection) { }
        protected virtual object ReadHeader(BinaryReader reader) => 0;
        protected abstract int CountOf(TCollection collection);
        protected abstract object Build(object header, T[] items);

        public override void Write(BinaryWriter writer, object? value)
        {
            bool present = !IsNull(value);
            writer.Write(present);
            if (!present) return;
            var collection = (TCollection)value!;
            WriteHeader(writer, collection);
            writer.Write7BitEncodedInt(CountOf(collection));
            foreach (var item in collection) _items.Write(writer, item);
        }

        public override object? Read(BinaryReader reader)
        {
            if (!reader.ReadBoolean()) return NullValue;
            var header = ReadHeader(reader);
            var items = new T[ReadCount(reader)];
            for (int i = 0; i < items.Length; i++) items[i] = (T)_items.Read(reader)!;
            return Build(header, items);
        }

        protected virtual object? NullValue => null;
    }

    private sealed class ArrayCodec<T> : SequenceCodec<T, T[]>
    {
        protected override int CountOf(T[] collection) => collection.Length;
        protected override object Build(object header, T[] items) => items;
    }

    private sealed class ListCodec<T> : SequenceCodec<T, List<T>>
    {
        protected override int CountOf(List<T> collection) => collection.Count;
        protected override object Build(object header, T[] items) => new List<T>(items);
    }

    private sealed class ImmutableArrayCodec<T> : SequenceCodec<T, ImmutableArray<T>>
    {
        protected override bool IsNull(object? value) => value is null || ((ImmutableArray<T>)value).IsDefault;
        protected override object? NullValue => default(ImmutableArray<T>);
        protected override int CountOf(ImmutableArray<T> collection) => collection.Length;
        protected override object Build(object header, T[] items) => ImmutableArray.Create(items);
    }

    private sealed class ImmutableListCodec<T> : SequenceCodec<T, ImmutableList<T>>
    {
        protected override int CountOf(ImmutableList<T> collection) => collection.Count;
        protected override object Build(object header, T[] items) => ImmutableList.Create(items);
    }

    private sealed class ImmutableSortedSetCodec<T> : SequenceCodec<T, ImmutableSortedSet<T>>
    {
        protected override void WriteHeader(BinaryWriter writer, ImmutableSortedSet<T> collection) =>
            writer.Write(ComparerTag(collection.KeyComparer, typeof(ImmutableSortedSet<T>)));
        protected override object ReadHeader(BinaryReader reader) => ComparerFromTag<T>(reader.ReadByte());
        protected override int CountOf(ImmutableSortedSet<T> collection) => collection.Count;
        protected override object Build(object header, T[] items) => ImmutableSortedSet.Create((IComparer<T>)header, items);
    }

    private sealed class ImmutableSortedDictionaryCodec<TKey, TValue> : SequenceCodec<KeyValuePair<TKey, TValue>, ImmutableSortedDictionary<TKey, TValue>>
        where TKey : notnull
    {
        protected override void WriteHeader(BinaryWriter writer, ImmutableSortedDictionary<TKey, TValue> collection) =>
            writer.Write(ComparerTag(collection.KeyComparer, typeof(ImmutableSortedDictionary<TKey, TValue>)));
        protected override object ReadHeader(BinaryReader reader) => ComparerFromTag<TKey>(reader.ReadByte());
        protected override int CountOf(ImmutableSortedDictionary<TKey, TValue> collection) => collection.Count;
        protected override object Build(object header, KeyValuePair<TKey, TValue>[] items) =>
            ImmutableSortedDictionary.CreateRange((IComparer<TKey>)header, items);
    }

    private sealed class SortedDictionaryCodec<TKey, TValue> : SequenceCodec<KeyValuePair<TKey, TValue>, SortedDictionary<TKey, TValue>>
        where TKey : notnull
    {
        protected override void WriteHeader(BinaryWriter writer, SortedDictionary<TKey, TValue> collection) =>
            writer.Write(ComparerTag(collection.Comparer, typeof(SortedDictionary<TKey, TValue>)));
        protected override object ReadHeader(BinaryReader reader) => ComparerFromTag<TKey>(reader.ReadByte());
        protected override int CountOf(SortedDictionary<TKey, TValue> collection) => collection.Count;
        protected override object Build(object header, KeyValuePair<TKey, TValue>[] items)
        {
            var d = new SortedDictionary<TKey, TValue>((IComparer<TKey>)header);
            foreach (var (k, v) in items) d.Add(k, v);
            return d;
        }
    }

    // ---------- records ----------

    /// <summary>
    /// A record, record struct or other immutable value: every instance field (base type's first, each type's in
    /// declaration order), read back into an uninitialised instance, as <see cref="StateSchema"/> clones state objects.
    /// </summary>
    private sealed class RecordCodec(Type type) : ValueCodec
    {
        private (Func<object, object?> Get, Action<object, object?> Set, ValueCodec Codec)[]? _fields;

        // Compiled once per type (a state holds records by the hundred thousand: positions), as StateSchema's accessors.
        private (Func<object, object?> Get, Action<object, object?> Set, ValueCodec Codec)[] Fields =>
            _fields ??= Declared(type).Select(f => (Getter(f), Setter(f), For(f.FieldType))).ToArray();

        private Func<object, object?> Getter(FieldInfo f)
        {
            var o = System.Linq.Expressions.Expression.Parameter(typeof(object), "o");
            var field = System.Linq.Expressions.Expression.Field(System.Linq.Expressions.Expression.Convert(o, type), f);
            return System.Linq.Expressions.Expression.Lambda<Func<object, object?>>(System.Linq.Expressions.Expression.Convert(field, typeof(object)), o).Compile();
        }

        // Init-only fields are readonly, which expression trees cannot assign; IL can. A struct is written in its box.
        private Action<object, object?> Setter(FieldInfo f)
        {
            var method = new System.Reflection.Emit.DynamicMethod($"load_{type.Name}_{f.Name}", null, [typeof(object), typeof(object)], type.Module, skipVisibility: true);
            var il = method.GetILGenerator();
            il.Emit(System.Reflection.Emit.OpCodes.Ldarg_0);
            il.Emit(type.IsValueType ? System.Reflection.Emit.OpCodes.Unbox : System.Reflection.Emit.OpCodes.Castclass, type);
            il.Emit(System.Reflection.Emit.OpCodes.Ldarg_1);
            il.Emit(f.FieldType.IsValueType ? System.Reflection.Emit.OpCodes.Unbox_Any : System.Reflection.Emit.OpCodes.Castclass, f.FieldType);
            il.Emit(System.Reflection.Emit.OpCodes.Stfld, f);
            il.Emit(System.Reflection.Emit.OpCodes.Ret);
            return (Action<object, object?>)method.CreateDelegate(typeof(Action<object, object?>));
        }

        private static IEnumerable<FieldInfo> Declared(Type type)
        {
            var chain = new List<Type>();
            for (var t = type; t is not null && t != typeof(object) && t != typeof(ValueType); t = t.BaseType) chain.Insert(0, t);
            return chain.SelectMany(t => t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                .OrderBy(f => f.MetadataToken));
        }

        public override void Write(BinaryWriter writer, object? value)
        {
            if (!type.IsValueType)
            {
                writer.Write(value is not null);
                if (value is null) return;
            }
            foreach (var (get, _, codec) in Fields) codec.Write(writer, get(value!));
        }

        public override object? Read(BinaryReader reader)
        {
            if (!type.IsValueType && !reader.ReadBoolean()) return null;
            var value = RuntimeHelpers.GetUninitializedObject(type); // a boxed struct is written in place
            foreach (var (_, set, codec) in Fields) set(value, codec.Read(reader));
            return value;
        }
    }
}
