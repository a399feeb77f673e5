using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ballast.Core.Numerics;

namespace Ballast.Core.Serialization;

/// <summary>A <see cref="Ppb"/> rate as its integer count of parts per billion (<c>50000000</c> is 5%), read from a number or a numeric string.</summary>
public sealed class PpbJsonConverter : JsonConverter<Ppb>
{
    public override Ppb Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new(RateJson.ReadInteger(ref reader, "a ppb rate"));

    public override void Write(Utf8JsonWriter writer, Ppb value, JsonSerializerOptions options) => writer.WriteNumberValue(value.Value);
}

/// <summary>A <see cref="Bps"/> rate as its integer count of basis points (<c>500</c> is 5%), read from a number or a numeric string.</summary>
public sealed class BpsJsonConverter : JsonConverter<Bps>
{
    public override Bps Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new(RateJson.ReadInteger(ref reader, "a bps rate"));

    public override void Write(Utf8JsonWriter writer, Bps value, JsonSerializerOptions options) => writer.WriteNumberValue(value.Value);
}

internal static class RateJson
{
    public static long ReadInteger(ref Utf8JsonReader reader, string what)
    {
        var text = AmountJsonConverter.NumberOrStringText(ref reader, $"{what} must be an integer");
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new JsonException($"'{text}' is not {what}: write a whole number");
    }
}
