using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ballast.Core.Serialization;

/// <summary>128-bit integers as JSON strings, so JavaScript readers lose no digits.</summary>
public sealed class UInt128JsonConverter : JsonConverter<UInt128>
{
    public override UInt128 Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        NumberText.TryParseUInt128(AmountJsonConverter.NumberOrStringText(ref reader, "a whole number"), out var value)
            ? value : throw new JsonException("expected a whole number from 0 to 2^128-1");

    public override void Write(Utf8JsonWriter writer, UInt128 value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
}

public sealed class Int128JsonConverter : JsonConverter<Int128>
{
    public override Int128 Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        NumberText.TryParseInteger(AmountJsonConverter.NumberOrStringText(ref reader, "an integer"), Int128.MinValue, Int128.MaxValue, out var value)
            ? value : throw new JsonException("expected an integer from -2^127 to 2^127-1");

    public override void Write(Utf8JsonWriter writer, Int128 value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
}
