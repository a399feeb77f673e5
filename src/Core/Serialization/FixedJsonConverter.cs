using System.Text.Json;
using System.Text.Json.Serialization;
using Ballast.Core.Numerics;

namespace Ballast.Core.Serialization;

/// <summary>Reads an exact decimal (number or string, at most 18 decimals, no exponent); writes it as a string.</summary>
public sealed class FixedJsonConverter : JsonConverter<Fixed>
{
    public override Fixed Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        string text = reader.TokenType switch
        {
            JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan),
            JsonTokenType.String => reader.GetString()!,
            _ => throw new JsonException($"a decimal must be a number or a string like \"0.035\"; got {reader.TokenType}"),
        };
        return Fixed.TryParse(text, out var value)
            ? value
            : throw new JsonException($"'{text}' is not an exact decimal (at most 18 decimals, no exponent)");
    }

    public override void Write(Utf8JsonWriter writer, Fixed value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
