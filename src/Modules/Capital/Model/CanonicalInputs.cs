using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ballast.Core.Numerics;

namespace Ballast.Capital.Model;

/// <summary>
/// The canonical text of <see cref="CapitalInputs"/> and its SHA-256. The text is the inputs as compact JSON in the
/// input file's own field names and order — amounts as strings of smallest units, rates as integers of ppb, exchange
/// rates as exact decimals without trailing zeros, the currency shock always written — with no whitespace. Names are
/// restricted to letters, digits and <c>_ . : -</c>, so nothing needs escaping. The text is itself a valid input
/// file; <c>ballast capital FILE --canonical | sha256sum</c> prints the same hash (docs/capital.md).
/// </summary>
public static class CanonicalInputs
{
    public static string Text(CapitalInputs inputs)
    {
        var s = new StringBuilder(256);
        s.Append("{\"baseToken\":").Append(Quote(inputs.BaseToken))
            .Append(",\"lockedAtBlock\":").Append(inputs.LockedAtBlock.ToString(CultureInfo.InvariantCulture))
            .Append(",\"floor\":").Append(Quote(inputs.Floor.ToString()))
            .Append(",\"modules\":[");
        for (int m = 0; m < inputs.Modules.Length; m++)
        {
            var module = inputs.Modules[m];
            if (m > 0) s.Append(',');
            s.Append("{\"name\":").Append(Quote(module.Name)).Append(",\"currency\":").Append(Quote(module.Currency)).Append(",\"cells\":[");
            for (int c = 0; c < module.Cells.Length; c++)
            {
                var cell = module.Cells[c];
                if (c > 0) s.Append(',');
                s.Append("{\"name\":").Append(Quote(cell.Name)).Append(",\"cover\":").Append(Quote(cell.Cover.ToString()))
                    .Append(",\"weightPpb\":").Append(cell.WeightPpb.ToString()).Append('}');
            }
            s.Append("],\"correlation\":");
            Matrix(s, module.Correlation);
            s.Append('}');
        }
        s.Append("],\"currencies\":[");
        for (int c = 0; c < inputs.Currencies.Length; c++)
        {
            var currency = inputs.Currencies[c];
            if (c > 0) s.Append(',');
            s.Append("{\"currency\":").Append(Quote(currency.Currency)).Append(",\"held\":").Append(Quote(currency.Held.ToString()))
                .Append(",\"rateToBase\":").Append(Quote(currency.RateToBase.ToString())).Append('}');
        }
        s.Append("],\"moduleCorrelation\":");
        Matrix(s, inputs.ModuleCorrelation);
        s.Append(",\"fxShockPpb\":").Append(inputs.EffectiveFxShock.ToString()).Append('}');
        return s.ToString();
    }

    /// <summary>SHA-256 of the canonical text's UTF-8 bytes, lower-case hex.</summary>
    public static string Hash(CapitalInputs inputs) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Text(inputs))));

    private static void Matrix(StringBuilder s, System.Collections.Immutable.ImmutableArray<System.Collections.Immutable.ImmutableArray<Ppb>> rows)
    {
        s.Append('[');
        for (int i = 0; i < rows.Length; i++)
        {
            if (i > 0) s.Append(',');
            s.Append('[');
            for (int j = 0; j < rows[i].Length; j++)
            {
                if (j > 0) s.Append(',');
                s.Append(rows[i][j].ToString());
            }
            s.Append(']');
        }
        s.Append(']');
    }

    // Valid names ([A-Za-z0-9_.:-]), amounts and decimals need no escaping; anything else is escaped as JSON does.
    private static string Quote(string text) => "\"" + System.Text.Json.JsonEncodedText.Encode(text).ToString() + "\"";
}
