using System.Reflection;
using System.Runtime.CompilerServices;
using Ballast.Core.Blocks;
using Ballast.Core.Hashing;
using Ballast.Core.Modules;
using Ballast.Core.Numerics;
using Ballast.Core.State;

namespace Ballast.Cli.Tests;

/// <summary>
/// Conventions every module of the shipped engine keeps, checked by reflection over all of them: state declared
/// once (journaled containers only, every field in hash and clone), states internal, no internals shared between
/// modules, every emitted event and query declared.
/// </summary>
public class ModuleConventionTests
{
    private static readonly Engine Engine = Engines.Create(new EngineOptions());

    private static IEnumerable<Assembly> EngineAssemblies =>
        Engine.ModuleStates.Select(s => s.GetType().Assembly).Append(typeof(Engine).Assembly).Distinct();

    private static IEnumerable<Type> StateTypes =>
        EngineAssemblies.SelectMany(a => a.GetTypes())
            .Where(t => typeof(StateObject).IsAssignableFrom(t) && !t.IsAbstract && !t.ContainsGenericParameters && !t.IsNested);

    private static readonly Type[] Forbidden =
        [typeof(List<>), typeof(Dictionary<,>), typeof(SortedDictionary<,>), typeof(HashSet<>), typeof(SortedSet<>), typeof(Queue<>), typeof(Stack<>), typeof(LinkedList<>)];

    [Fact]
    public void Every_module_state_is_internal_to_its_module()
    {
        foreach (var state in Engine.ModuleStates)
            state.GetType().IsPublic.ShouldBeFalse($"{state.GetType().FullName} is public: other modules must use its ports and queries");
    }

    [Fact]
    public void State_holds_no_mutable_collection_the_journal_cannot_see()
    {
        StateTypes.ShouldNotBeEmpty();
        foreach (var type in StateTypes)
        {
            foreach (var field in StateSchema.Of(type).Fields.Where(f => !f.Derived))
            {
                var t = field.Type;
                bool bad = t.IsArray || (t.IsGenericType && Forbidden.Contains(t.GetGenericTypeDefinition()));
                bad.ShouldBeFalse($"{type.Name}.{field.Name} is a {t.Name}: use StateMap/StateList/StateLog (journaled, deep-copied) or an immutable value");
            }
        }
    }

    /// <summary>A different value of the same type, for the field kinds state objects hold directly.</summary>
    private static bool TryPerturb(Type type, object? value, out object? changed)
    {
        changed = null;
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (Nullable.GetUnderlyingType(type) is not null && value is null) { changed = Default(t); return changed is not null; }
        switch (value)
        {
            case long l: changed = l + 1; return true;
            case int i: changed = i + 1; return true;
            case ulong u: changed = u + 1; return true;
            case bool b: changed = !b; return true;
            case string s: changed = s + "x"; return true;
            case UInt128 u128: changed = u128 + 1; return true;
            case Int128 i128: changed = i128 + 1; return true;
            case Amount a: changed = a + new Amount(1); return true;
            case Fixed x: changed = x + Fixed.One; return true;
            case Ppb p: changed = new Ppb(p.Value + 1); return true;
            case Bps p: changed = new Bps(p.Value + 1); return true;
            case Enum e:
                var values = Enum.GetValues(t).Cast<object>().ToList();
                if (values.Count < 2) return false;
                changed = values[(values.IndexOf(e) + 1) % values.Count]; return true;
            case null when t == typeof(string): changed = "x"; return true;
        }
        return false;
    }

    private static object? Default(Type t) =>
        t == typeof(long) ? 0L : t == typeof(int) ? 0 : t == typeof(bool) ? false : t == typeof(Amount) ? Amount.Zero : t == typeof(Fixed) ? Fixed.Zero
        : t == typeof(Ppb) ? Ppb.Zero : t == typeof(Bps) ? Bps.Zero : t.IsEnum ? Enum.GetValues(t).GetValue(0) : t.IsValueType ? Activator.CreateInstance(t) : null;

    private static string Hash(StateObject o)
    {
        using var h = new StateHasher();
        StateSchema.Of(o.GetType()).WriteHash(h, o);
        return h.Finish();
    }

    private static StateObject Blank(Type type)
    {
        // A blank instance with its containers created (as constructors would): every field set to a usable value.
        var o = (StateObject)RuntimeHelpers.GetUninitializedObject(type);
        foreach (var f in StateSchema.Of(type).Fields)
        {
            if (f.Type.IsGenericType && (f.Type.GetGenericTypeDefinition() == typeof(StateMap<,>) || f.Type.GetGenericTypeDefinition() == typeof(StateList<>)
                || f.Type.GetGenericTypeDefinition() == typeof(StateLog<>)))
                f.SetValue(o, Activator.CreateInstance(f.Type));
            else if (f.Type == typeof(string)) f.SetValue(o, "");
        }
        return o;
    }

    [Fact]
    public void Every_field_of_every_state_type_is_in_the_hash_and_in_the_clone()
    {
        int checkedFields = 0;
        foreach (var type in StateTypes)
        {
            var schema = StateSchema.Of(type);
            foreach (var field in schema.Fields.Where(f => !f.Derived))
            {
                var original = Blank(type);
                if (!TryPerturb(field.Type, field.Get(original), out var changed)) continue;
                var before = Hash(original);
                var clone = original.DeepClone();
                field.SetValue(original, changed);
                Hash(original).ShouldNotBe(before, $"{type.Name}.{field.Name} is not in the state hash");
                Hash(clone).ShouldBe(before, $"{type.Name}.{field.Name}: the clone shares it with the original");
                original.DeepClone().ShouldSatisfyAllConditions(c => Hash(c).ShouldBe(Hash(original), $"{type.Name}.{field.Name} is not copied by the clone"));
                checkedFields++;
            }
        }
        checkedFields.ShouldBeGreaterThan(50);
    }

    [Fact]
    public void No_module_grants_its_internals_to_another_module()
    {
        var moduleAssemblies = EngineAssemblies.Select(a => a.GetName().Name!).ToHashSet();
        foreach (var assembly in EngineAssemblies)
        {
            foreach (var grant in assembly.GetCustomAttributes<InternalsVisibleToAttribute>())
            {
                var friend = grant.AssemblyName.Split(',')[0];
                moduleAssemblies.ShouldNotContain(friend, $"{assembly.GetName().Name} grants its internals to the module {friend}");
                (friend.EndsWith(".Tests", StringComparison.Ordinal) || friend == "Ballast.Bench")
                    .ShouldBeTrue($"{assembly.GetName().Name} grants its internals to {friend}: only its tests and the benchmarks may see them");
            }
        }
    }

    [Fact]
    public void Every_event_type_in_the_engine_is_declared_with_a_stable_name()
    {
        var declared = Engine.EventCatalog.All.Select(e => e.Type).ToHashSet();
        var events = EngineAssemblies.SelectMany(a => a.GetTypes()).Where(t => typeof(IEvent).IsAssignableFrom(t) && !t.IsInterface && !t.IsAbstract);
        foreach (var e in events) declared.ShouldContain(e, $"event {e.Name} is not declared by any module");
        foreach (var name in Engine.EventCatalog.Names.Concat(Engine.Queries.Names)) name.ShouldMatch("^[a-z]+\\.[a-z][A-Za-z]*$");
    }

    [Fact]
    public void Every_query_input_type_is_declared()
    {
        var declared = Engine.Queries.All.Select(q => q.QueryType).ToHashSet();
        var inputs = EngineAssemblies.SelectMany(a => a.GetTypes())
            .Where(t => !t.IsInterface && t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IQuery<>)));
        foreach (var q in inputs) declared.ShouldContain(q, $"query input {q.Name} is not declared by any module");
    }
}
