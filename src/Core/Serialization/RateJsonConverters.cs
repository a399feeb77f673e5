using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ballast.Core.Numerics;

namespace Ballast.Core.Serialization;

/// <summary>A rate in parts per billion as a plain JSON integer (<c>50000000</c> = 5%); reads an integer or a string of one.</summary>
public sealed class PpbJsonConverter : JsonConverter<Ppb>
{
    public override Ppb Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new(RateJson.ReadWhole(ref reader, "ppb"));

    public override void Write(Utf8JsonWriter writer, Ppb value, JsonSerializerOptions options) => writer.WriteNumberValue(value.Value);
}

/// <summary>A rate in basis points as a plain JSON integer (<c>30</c> = 0.3%); reads an integer or a string of one.</summary>
public sealed class BpsJsonConverter : JsonConverter<Bps>
{
    public override Bps Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new(RateJson.ReadWhole(ref reader, "bps"));

    public override void Write(Utf8JsonWriter writer, Bps value, JsonSerializerOptions options) => writer.WriteNumberValue(value.Value);
}

internal static class RateJson
{
    public static long ReadWhole(ref Utf8JsonReader reader, string unit)
    {
        var text = AmountJsonConverter.NumberOrStringText(ref reader, $"a rate must be a whole number of {unit}");
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new JsonException($"'{text}' is not a rate: write a whole number of {unit}");
    }
}
