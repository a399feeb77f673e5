using System.Collections.Immutable;
using Ballast.Capital.Model;
using Ballast.Core.Numerics;

namespace Ballast.Capital.Tests.Support;

/// <summary>Short forms for building capital inputs in tests: tokens as decimals, correlations as decimals.</summary>
internal static class Inputs
{
    public static Amount Tokens(decimal tokens)
    {
        var units = tokens * Amount.UnitsPerToken;
        if (units < 0 || units != decimal.Truncate(units)) throw new ArgumentException($"{tokens} is not a whole number of units");
        return new Amount((UInt128)units);
    }

    public static Ppb P(decimal fraction) => new((long)(fraction * Ppb.Scale));

    public static ImmutableArray<ImmutableArray<Ppb>> Matrix(params decimal[][] rows) =>
        [.. rows.Select(r => r.Select(P).ToImmutableArray())];

    public static ImmutableArray<ImmutableArray<Ppb>> Identity(int n) =>
        [.. Enumerable.Range(0, n).Select(i => Enumerable.Range(0, n).Select(j => i == j ? Ppb.One : Ppb.Zero).ToImmutableArray())];

    public static ImmutableArray<ImmutableArray<Ppb>> AllOnes(int n) =>
        [.. Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, n).Select(_ => Ppb.One).ToImmutableArray())];

    public static RiskCell Cell(string name, decimal coverTokens, decimal weight = 1m) => new(name, Tokens(coverTokens), P(weight));

    public static ProductModuleInputs Module(string name, string currency, ImmutableArray<ImmutableArray<Ppb>> correlation, params RiskCell[] cells) =>
        new(name, currency, [.. cells], correlation);

    /// <summary>One module in TAO, no currencies, the module correlation 2×2 identity, no floor.</summary>
    public static CapitalInputs Single(ProductModuleInputs module, decimal floorTokens = 0, long lockedAt = 0) =>
        new("TAO", lockedAt, Tokens(floorTokens), [module], [], Identity(2));

    public static CapitalBreakdown Compute(CapitalInputs inputs)
    {
        var r = CapitalModel.TryCompute(inputs, CorrelationMatrix.DefaultTolerance, out var breakdown);
        r.Accepted.ShouldBeTrue(r.ToString());
        return breakdown!;
    }

    public static Core.Blocks.TxResult Refusal(CapitalInputs inputs, Ppb? tolerance = null)
    {
        var r = CapitalModel.TryCompute(inputs, tolerance ?? CorrelationMatrix.DefaultTolerance, out var breakdown);
        r.Accepted.ShouldBeFalse("the inputs were accepted");
        breakdown.ShouldBeNull();
        return r;
    }
}
