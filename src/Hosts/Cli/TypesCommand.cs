using System.CommandLine;
using System.Reflection;
using System.Text;
using Ballast.Core.Blocks;
using Ballast.Core.Modules;
using Ballast.Core.Numerics;

namespace Ballast.Cli;

/// <summary>
/// <c>ballast types</c>: what the engine's modules declare — the modules and the order their block hooks run in, the
/// ports between them, and the three catalogs: every transaction (as scripts write it), every query (input and
/// result) and every event, with field types, units and the summary from the code's own documentation.
/// </summary>
internal static class TypesCommand
{
    public static Command Build()
    {
        var command = new Command("types", "List the modules, their ports and hook order, and every transaction, query and event with its fields");
        command.SetAction(_ =>
        {
            Console.Out.Write(Describe());
            return 0;
        });
        return command;
    }

    public static string Describe()
    {
        var engine = Engines.Create(new EngineOptions());
        var text = new StringBuilder();
        text.AppendLine("## Modules");
        text.AppendLine($"    {string.Join(", ", engine.ModuleNames)}");
        text.AppendLine($"    block hooks run in this order: {string.Join(" -> ", engine.HookOrder)}");
        text.AppendLine();
        text.AppendLine("## Ports");
        foreach (var port in engine.Ports.OrderBy(p => p.Port.Name, StringComparer.Ordinal))
        {
            var users = engine.PortRequirements.Where(r => r.Port == port.Port)
                .Select(r => $"{r.Module} (hook {(r.Order == HookOrder.AfterProvider ? "after" : "before")} {port.Provider})");
            text.AppendLine($"{port.Port.Name}  provided by {port.Provider}; required by {string.Join(", ", users.DefaultIfEmpty("none"))}");
            if (XmlDocs.Summary(port.Port) is { } doc) text.AppendLine($"    {doc}");
        }
        text.AppendLine();
        text.AppendLine("## Transactions");
        foreach (var tx in engine.Catalog.All)
        {
            var fields = Fields(tx.Type);
            // The sender travels in the envelope, not the payload record, but scripts write it in the same object.
            if (!tx.GenesisOnly) fields = fields.Prepend("nonce?: integer").Prepend("sender: string");
            text.AppendLine($"{tx.Name}{(tx.GenesisOnly ? "  (genesis only)" : "")}");
            text.AppendLine($"    {string.Join(", ", fields)}");
            if (XmlDocs.Summary(tx.Type) is { } doc) text.AppendLine($"    {doc}");
        }
        text.AppendLine();
        text.AppendLine("## Queries");
        foreach (var q in engine.Queries.All)
        {
            text.AppendLine(q.Name);
            text.AppendLine($"    in:  {string.Join(", ", Fields(q.QueryType).DefaultIfEmpty("(nothing)"))}");
            text.AppendLine($"    out: {Result(q.ResultType)}");
            if (XmlDocs.Summary(q.QueryType) is { } doc) text.AppendLine($"    {doc}");
        }
        text.AppendLine();
        text.AppendLine("## Events");
        foreach (var e in engine.EventCatalog.All)
        {
            text.AppendLine(e.Name);
            text.AppendLine($"    {string.Join(", ", Fields(e.Type))}");
            if (XmlDocs.Summary(e.Type) is { } doc) text.AppendLine($"    {doc}");
        }
        return text.ToString();
    }

    /// <summary>A record's fields as JSON writes them: camelCase name, '?' when optional, type with its unit.</summary>
    private static IEnumerable<string> Fields(Type type)
    {
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault();
        if (constructor is not null && constructor.GetParameters().Length > 0)
            return constructor.GetParameters().Select(p => $"{Camel(p.Name!)}{(p.HasDefaultValue ? "?" : "")}: {TypeName(p.ParameterType)}");
        return type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.Name != "EqualityContract" && p.GetIndexParameters().Length == 0)
            .OrderBy(p => p.MetadataToken)
            .Select(p => $"{Camel(p.Name)}: {TypeName(p.PropertyType)}");
    }

    private static string Result(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        var element = Element(underlying);
        if (element is not null && IsRecord(element)) return $"[{element.Name} {{ {string.Join(", ", Fields(element))} }}]";
        if (IsRecord(underlying)) return $"{underlying.Name} {{ {string.Join(", ", Fields(underlying))} }}";
        return TypeName(type);
    }

    private static Type? Element(Type type) =>
        type.IsGenericType && type.GetGenericArguments().Length == 1 && typeof(System.Collections.IEnumerable).IsAssignableFrom(type) ? type.GetGenericArguments()[0] : null;

    private static bool IsRecord(Type type) => type.GetMethod("<Clone>$") is not null || (type.IsValueType && type.GetMethod("PrintMembers", BindingFlags.NonPublic | BindingFlags.Instance) is not null);

    // The same naming the transaction reader and the report writer use (System.Text.Json's camelCase).
    private static string Camel(string name) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(name);

    private static string TypeName(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null) return TypeName(underlying);
        if (type == typeof(ITransaction)) return "transaction";
        if (type.IsEnum) return string.Join("|", Enum.GetNames(type).Select(Camel));
        if (type.IsArray) return $"[{TypeName(type.GetElementType()!)}]";
        if (type.IsGenericType)
        {
            var args = type.GetGenericArguments().Select(TypeName);
            return type.Name.Contains("Dictionary", StringComparison.Ordinal) ? $"{{{string.Join(": ", args)}}}" : $"[{string.Join(", ", args)}]";
        }
        if (type == typeof(string)) return "string";
        if (type == typeof(int) || type == typeof(long) || type == typeof(ulong)) return "integer";
        if (type == typeof(UInt128) || type == typeof(Int128)) return "integer (128-bit)";
        if (type == typeof(bool)) return "bool";
        if (type == typeof(Amount)) return "amount (token units, 9 decimals)";
        if (type == typeof(Fixed)) return "decimal (18 places)";
        if (type == typeof(Ppb)) return "rate (ppb: 1e9 = 100%)";
        if (type == typeof(Bps)) return "rate (bps: 1e4 = 100%)";
        return type.Name;
    }
}
