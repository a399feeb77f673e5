using System.Globalization;
using Ballast.Core.Numerics;

namespace Ballast.Core.Serialization;

/// <summary>
/// Exact reading of the number forms scripts write — amounts, decimals, integers — with, on refusal, a reason in
/// the script's words ("has more than 9 decimals", "a sign is not allowed"). Used by the strict reader and by the
/// JSON converters, so every path reads a number the same way.
/// </summary>
public static class NumberText
{
    public const string AmountExpected = "an amount: whole units as an integer or string, or \"1.5 TAO\"";
    public const string DecimalExpected = "a decimal with at most 18 places (a number or a string, like \"0.035\"; no exponent)";

    /// <summary>
    /// An amount: an integer count of smallest units (<c>1500000000</c>) or whole 9-decimal tokens with one space
    /// and a unit word (<c>1.5 TAO</c>, <c>250 alpha</c>; the word is a label). No sign, no exponent, no fraction
    /// finer than one unit, no surrounding spaces.
    /// </summary>
    public static bool TryParseAmount(string text, out Amount amount, out string reason)
    {
        amount = Amount.Zero;
        int space = text.IndexOf(' ');
        if (space < 0)
        {
            if (Amount.TryParseUnits(text, out amount)) { reason = ""; return true; }
            reason = text.Length == 0 ? "it is empty"
                : text[0] is '-' or '+' ? "a sign is not allowed: an amount is never negative"
                : IsDigits(text) ? "it is more than 340282366920938463463374607431768211455 units"
                : text.Contains('.') && IsDecimal(text) ? $"units are whole; for tokens add a unit word, like \"{text} TAO\""
                : "write whole units (digits only) or tokens with a unit word, like \"1.5 TAO\"";
            return false;
        }
        var number = text[..space];
        var unit = text[(space + 1)..];
        if (!IsUnitWord(unit))
        {
            reason = "after the number comes one space and a unit word of letters and digits, like \"1.5 TAO\" or \"250 alpha\"";
            return false;
        }
        if (number.Length > 0 && number[0] is '-' or '+')
        {
            reason = "a sign is not allowed: an amount is never negative";
            return false;
        }
        // "rao" names the unit itself (10⁻⁹ of a token), not a token: "5 rao" is 5 units. Read as a token word it
        // would be 5·10⁹ units, a billion times what its writer meant.
        if (unit.Equals("rao", StringComparison.OrdinalIgnoreCase))
        {
            if (Amount.TryParseUnits(number, out amount)) { reason = ""; return true; }
            reason = number.Contains('.') ? "rao are whole units: no decimals (for fractions of a token write, like \"0.5 TAO\")"
                : "write whole rao as digits, like \"250 rao\"";
            return false;
        }
        int dot = number.IndexOf('.');
        if (dot >= 0 && IsDecimal(number) && number.Length - dot - 1 > 9)
        {
            reason = "it has more than 9 decimals: it is finer than one unit";
            return false;
        }
        if (!TryParseDecimal(number, out var tokens, out var why))
        {
            reason = $"the number of tokens: {why}";
            return false;
        }
        // At most 9 decimals (checked above), so whole units are exact.
        amount = new Amount((UInt128)(tokens.Raw / (Fixed.ScaleRaw / Amount.UnitsPerToken)));
        reason = "";
        return true;
    }

    /// <summary>An exact decimal: optional sign, digits, optional point and at most 18 decimals; no exponent.</summary>
    public static bool TryParseDecimal(string text, out Fixed value, out string reason)
    {
        if (Fixed.TryParse(text, out value)) { reason = ""; return true; }
        int dot = text.IndexOf('.');
        reason = text.Length == 0 ? "it is empty"
            : text.Contains('e') || text.Contains('E') ? "an exponent is not allowed: write the digits, like \"0.00001\""
            : !IsDecimal(text) ? "it is not a decimal number"
            : dot >= 0 && text.Length - dot - 1 > Fixed.Decimals ? $"it has more than {Fixed.Decimals} decimal places"
            : "it is out of range (at most 170141183460469231731 in size)";
        return false;
    }

    /// <summary>An integer literal (optional minus, digits) within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static bool TryParseInteger(string text, Int128 min, Int128 max, out Int128 value)
    {
        value = 0;
        var digits = text.StartsWith('-') ? text[1..] : text;
        // 40 digits is beyond every 128-bit bound, so a longer literal is out of range without parsing it.
        return digits.Length is > 0 and <= 40 && IsDigits(digits)
            && Int128.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value)
            && value >= min && value <= max;
    }

    /// <summary>A non-negative integer literal (digits only) that fits 128 bits.</summary>
    public static bool TryParseUInt128(string text, out UInt128 value)
    {
        value = 0;
        return text.Length is > 0 and <= 40 && IsDigits(text)
            && UInt128.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static bool IsDigits(string text) => text.Length > 0 && text.All(char.IsAsciiDigit);

    /// <summary>Digits with at most one point, optionally signed: the shape of a decimal, whatever its size.</summary>
    private static bool IsDecimal(string text)
    {
        var body = text.Length > 0 && text[0] is '-' or '+' ? text[1..] : text;
        int dot = body.IndexOf('.');
        return dot < 0 ? IsDigits(body) : (dot == 0 || IsDigits(body[..dot])) && IsDigits(body[(dot + 1)..]);
    }

    private static bool IsUnitWord(string unit) =>
        unit.Length is > 0 and <= 32 && char.IsAsciiLetter(unit[0]) && unit.All(char.IsAsciiLetterOrDigit);
}
