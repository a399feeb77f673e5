using System.Collections.Immutable;
using System.Numerics;
using System.Runtime.CompilerServices;
using Ballast.Core.Numerics;
using Ballast.Simulation.Prices;

namespace Ballast.Simulation.Agents;

/// <summary>One position of the radCAD anchor's initial book: its leverage and its collateral to the rao.</summary>
public readonly record struct CPythonBookEntry(Fixed Leverage, Amount Collateral);

/// <summary>
/// The initial book of the radCAD anchor (../shared/bench/radcad_margin.py): from CPython's <c>Random(seed)</c>, per
/// position in order, <c>choice(leverages)</c> then <c>uniform(min, max)</c> in TAO, the collateral then rounded to the
/// nearest rao exactly (ties to even). Trader i of a <c>marginTrader</c> population with <c>draws: {kind: cpython}</c>
/// opens position i of this book, so the engine opens the very positions the Python model holds.
/// </summary>
public static class CPythonMarginBook
{
    // One book per spec instance, drawn once however many paths and threads ask (a scenario's paths share the spec).
    private static readonly ConditionalWeakTable<MarginTraderSpec, Lazy<ImmutableArray<CPythonBookEntry>>> Books = new();

    /// <summary>Trader <paramref name="index"/>'s entry of the book of <paramref name="spec"/> (which must draw from CPython).</summary>
    public static CPythonBookEntry Entry(MarginTraderSpec spec, int index)
    {
        var seed = spec.CPythonDrawSeed ?? throw new InvalidOperationException($"{spec.Name} does not draw from CPython");
        var book = Books.GetValue(spec, s => new Lazy<ImmutableArray<CPythonBookEntry>>(
            () => Draw(seed, s.Count, [.. s.Leverages.Select(l => l.Leverage)], s.CollateralMin, s.CollateralMax)));
        return book.Value[index];
    }

    /// <summary>The first <paramref name="count"/> positions of the book <c>Random(seed)</c> draws.</summary>
    public static ImmutableArray<CPythonBookEntry> Draw(long seed, int count, IReadOnlyList<Fixed> leverages, Amount collateralMin, Amount collateralMax)
    {
        var random = new CPythonRandom(seed);
        double min = TaoOf(collateralMin), max = TaoOf(collateralMax);
        var book = ImmutableArray.CreateBuilder<CPythonBookEntry>(count);
        for (int i = 0; i < count; i++)
        {
            var leverage = random.Choice(leverages);
            book.Add(new CPythonBookEntry(leverage, ToRao(random.Uniform(min, max))));
        }
        return book.MoveToImmutable();
    }

    // The model writes uniform(1, 50) with integers: an amount of whole TAO is that exact double.
    private static double TaoOf(Amount amount) => (double)amount.Units / Amount.UnitsPerToken;

    /// <summary>A non-negative amount of TAO as a double, to the nearest rao (ties to even), computed exactly from the double's bits.</summary>
    public static Amount ToRao(double tao)
    {
        if (!(tao >= 0) || double.IsInfinity(tao)) throw new ArgumentOutOfRangeException(nameof(tao), tao, "expected a finite amount of at least 0");
        if (tao == 0) return Amount.Zero;
        long bits = BitConverter.DoubleToInt64Bits(tao);
        int exponent = (int)((bits >> 52) & 0x7FF);
        long mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0) exponent = 1; else mantissa |= 1L << 52; // subnormal: no hidden bit
        // tao = mantissa · 2^(exponent − 1075); rao = tao · 10^9.
        var scaled = new BigInteger(mantissa) * Amount.UnitsPerToken;
        int shift = exponent - 1075;
        if (shift >= 0) return new Amount((UInt128)(scaled << shift));
        var divisor = BigInteger.One << -shift;
        var quotient = BigInteger.DivRem(scaled, divisor, out var remainder);
        var twice = remainder * 2;
        if (twice > divisor || (twice == divisor && !quotient.IsEven)) quotient += 1;
        return new Amount((UInt128)quotient);
    }
}
