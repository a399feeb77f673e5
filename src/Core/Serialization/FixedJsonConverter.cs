using System.Text.Json;
using System.Text.Json.Serialization;
using Ballast.Core.Numerics;

namespace Ballast.Core.Serialization;

/// <summary>Reads an exact decimal (number or string, at most 18 decimals, no exponent); writes it as a string.</summary>
public sealed class FixedJsonConverter : JsonConverter<Fixed>
{
    public override Fixed Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = AmountJsonConverter.NumberOrStringText(ref reader, "a decimal must be a number or a string like \"0.035\"");
        return Fixed.TryParse(text, out var value)
            ? value
            : throw new JsonException($"'{text}' is not an exact decimal (at most 18 decimals, no exponent)");
    }

    public override void Write(Utf8JsonWriter writer, Fixed value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
