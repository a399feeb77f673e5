using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ballast.Core.Numerics;

namespace Ballast.Core.Serialization;

/// <summary>
/// Reads an amount as an integer count of smallest units (<c>1500000000</c> or <c>"1500000000"</c>) or as whole
/// 9-decimal tokens with a unit word (<c>"1.5 TAO"</c>, <c>"250 alpha"</c>); writes units as a string, exactly.
/// Fractions finer than one unit, signs and exponents are refused.
/// </summary>
public sealed class AmountJsonConverter : JsonConverter<Amount>
{
    public override Amount Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = NumberOrStringText(ref reader, "an amount must be a number of units or a string like \"1.5 TAO\"");
        return TryParse(text, out var amount, out var error) ? amount : throw new JsonException(error);
    }

    /// <summary>The exact text of a JSON number or string token (numbers are read as written, never through a double).</summary>
    internal static string NumberOrStringText(ref Utf8JsonReader reader, string expectation) => reader.TokenType switch
    {
        JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan),
        JsonTokenType.String => reader.GetString()!,
        _ => throw new JsonException($"{expectation}; got {reader.TokenType}"),
    };

    public static bool TryParse(string text, out Amount amount, out string error)
    {
        amount = Amount.Zero;
        error = "";
        text = text.Trim();
        int space = text.IndexOf(' ');
        if (space < 0)
        {
            if (Amount.TryParseUnits(text, out amount)) return true;
            error = $"'{text}' is not an amount: write whole units (digits only) or tokens with a unit, like \"1.5 TAO\"";
            return false;
        }
        var number = text[..space];
        if (!Fixed.TryParse(number, out var tokens) || tokens.IsNegative || number.StartsWith('+'))
        {
            error = $"'{text}' is not an amount: '{number}' is not a non-negative decimal";
            return false;
        }
        var unitsRaw = FullMath.MulDiv(tokens.Raw, Amount.UnitsPerToken, Fixed.ScaleRaw, Rounding.Down);
        if (FullMath.MulDiv(unitsRaw, Fixed.ScaleRaw, Amount.UnitsPerToken, Rounding.Down) != tokens.Raw)
        {
            error = $"'{text}' has more than 9 decimals: it is finer than one unit";
            return false;
        }
        amount = new Amount((UInt128)unitsRaw);
        return true;
    }

    public override void Write(Utf8JsonWriter writer, Amount value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Units.ToString(CultureInfo.InvariantCulture));

    public override Amount ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Read(ref reader, typeToConvert, options);

    public override void WriteAsPropertyName(Utf8JsonWriter writer, Amount value, JsonSerializerOptions options) =>
        writer.WritePropertyName(value.ToString());
}
