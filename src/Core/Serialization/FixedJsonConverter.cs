using System.Text.Json;
using System.Text.Json.Serialization;
using Ballast.Core.Numerics;

namespace Ballast.Core.Serialization;

/// <summary>An exact decimal: written as a string; read as <see cref="NumberText.TryParseDecimal"/> reads it in scripts.</summary>
public sealed class FixedJsonConverter : JsonConverter<Fixed>
{
    public override Fixed Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = AmountJsonConverter.NumberOrStringText(ref reader, NumberText.DecimalExpected);
        return NumberText.TryParseDecimal(text, out var value, out var reason) ? value : throw new JsonException($"not an exact decimal: {reason}");
    }

    public override void Write(Utf8JsonWriter writer, Fixed value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
