using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ballast.Core.Numerics;

namespace Ballast.Core.Serialization;

/// <summary>
/// An amount in JSON that System.Text.Json handles (reports, state views): written as a string of units, exactly;
/// read as <see cref="NumberText.TryParseAmount"/> reads it in scripts.
/// </summary>
public sealed class AmountJsonConverter : JsonConverter<Amount>
{
    public override Amount Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = NumberOrStringText(ref reader, NumberText.AmountExpected);
        return NumberText.TryParseAmount(text, out var amount, out var reason) ? amount : throw new JsonException($"not an amount: {reason}");
    }

    /// <summary>The exact text of a JSON number or string token (numbers are read as written, never through a double).</summary>
    internal static string NumberOrStringText(ref Utf8JsonReader reader, string expected) => reader.TokenType switch
    {
        JsonTokenType.Number => System.Text.Encoding.ASCII.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan),
        JsonTokenType.String => reader.GetString()!,
        _ => throw new JsonException($"expected {expected}"),
    };

    public override void Write(Utf8JsonWriter writer, Amount value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Units.ToString(CultureInfo.InvariantCulture));

    public override Amount ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Read(ref reader, typeToConvert, options);

    public override void WriteAsPropertyName(Utf8JsonWriter writer, Amount value, JsonSerializerOptions options) =>
        writer.WritePropertyName(value.ToString());
}
