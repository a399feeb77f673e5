using System.CommandLine;
using System.Text.Json;
using Ballast.Core.Blocks;

namespace Ballast.Cli;

/// <summary><c>ballast types</c>: every transaction type a script or the API accepts, with its fields.</summary>
internal static class TypesCommand
{
    public static Command Build()
    {
        var command = new Command("types", "List every transaction type with its fields (as scripts write them)");
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
        var text = new System.Text.StringBuilder();
        foreach (var name in engine.Catalog.Names)
        {
            engine.Catalog.TryGetType(name, out var type);
            var parameters = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First().GetParameters();
            var fields = parameters.Select(p =>
            {
                var optional = p.HasDefaultValue ? "?" : "";
                return $"{JsonNamingPolicy.CamelCase.ConvertName(p.Name!)}{optional}: {TypeName(p.ParameterType)}";
            });
            bool genesisOnly = typeof(IGenesisTransaction).IsAssignableFrom(type);
            // The envelope's fields, written in the same object: a signer first, an optional sequence number last.
            if (!genesisOnly) fields = fields.Prepend("sender: string").Append("nonce?: integer");
            var genesis = genesisOnly ? "  (genesis only)" : "";
            text.AppendLine($"{name}{genesis}");
            text.AppendLine($"    {string.Join(", ", fields)}");
        }
        return text.ToString();
    }

    private static string TypeName(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null) return TypeName(underlying);
        if (type == typeof(ITransaction)) return "transaction";
        if (type.IsEnum) return string.Join("|", Enum.GetNames(type).Select(JsonNamingPolicy.CamelCase.ConvertName));
        if (type.IsGenericType)
        {
            var args = type.GetGenericArguments().Select(TypeName);
            return type.Name.StartsWith("IReadOnlyDictionary", StringComparison.Ordinal) ? $"{{{string.Join(": ", args)}}}" : $"[{string.Join(", ", args)}]";
        }
        return type.Name switch
        {
            "String" => "string",
            "Int32" or "Int64" => "integer",
            "Boolean" => "bool",
            "Amount" => "amount",
            "Fixed" => "decimal",
            _ => type.Name,
        };
    }
}
