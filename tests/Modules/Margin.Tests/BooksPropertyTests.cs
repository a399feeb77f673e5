using System.Numerics;
using Ballast.Core.Numerics;
using FsCheck;
using FsCheck.Fluent;

namespace Ballast.Margin.Tests;

/// <summary>The fee formulas of <see cref="Books"/> against BigInteger references, over random amounts and discounts.</summary>
public class BooksPropertyTests
{
    private static readonly Config Cases = Config.QuickThrowOnFailure.WithMaxTest(5_000).WithQuietOnSuccess(true);

    /// <summary>Notionals from one rao to the 1e30 transaction limit, biased to small and round values.</summary>
    private static readonly Gen<UInt128> Small = Gen.Choose(1, int.MaxValue).Select(v => (UInt128)v);

    private static readonly Gen<UInt128> Medium =
        Gen.Zip(Gen.Choose(0, int.MaxValue), Gen.Choose(0, int.MaxValue), (a, b) => (UInt128)a * 1_000_000_000 + (UInt128)b);

    private static readonly Gen<UInt128> Large =
        Gen.Zip(Medium, Gen.Choose(1, 1_000_000_000), (a, b) => a * (UInt128)b % Ballast.Core.Blocks.EngineContext.MaxTransactionUnits + 1);

    /// <summary>Notionals from one rao to the 1e30 transaction limit, biased to small and round values.</summary>
    private static readonly Gen<UInt128> Notionals = Gen.Frequency(
        (4, Small), (3, Medium), (2, Large),
        (1, Gen.Elements<UInt128>(1, 333, 1_000_000_000, 10_000_000_334, Ballast.Core.Blocks.EngineContext.MaxTransactionUnits)));

    private static readonly Gen<long> Discounts = Gen.Frequency(
        (3, Gen.Choose(0, 900_000_000).Select(v => (long)v)),
        (1, Gen.Elements(0L, 100_000_000L, 250_000_000L, 500_000_000L, 900_000_000L)));

    [Fact]
    public void Trading_fee_is_notional_times_rate_times_one_minus_discount_rounded_up_once()
    {
        var p = MarginParameters.Mainnet;
        Prop.ForAll(Notionals.ToArbitrary(), Discounts.ToArbitrary(), (notional, discount) =>
        {
            var fee = Books.TradingFee(new Amount(notional), p, new Ppb(discount)).Units;
            var exact = (BigInteger)notional * p.TradingFeePpb.Value * (Ppb.Scale - discount);
            var scale = (BigInteger)Ppb.Scale * Ppb.Scale;
            var expected = (exact + scale - 1) / scale;
            return (BigInteger)fee == expected;
        }).Check(Cases);
    }

    [Fact]
    public void A_larger_discount_never_costs_more()
    {
        var p = MarginParameters.Mainnet;
        Prop.ForAll(Notionals.ToArbitrary(), Discounts.ToArbitrary(), Discounts.ToArbitrary(), (notional, d1, d2) =>
        {
            var (low, high) = d1 <= d2 ? (d1, d2) : (d2, d1);
            return Books.TradingFee(new Amount(notional), p, new Ppb(high)) <= Books.TradingFee(new Amount(notional), p, new Ppb(low));
        }).Check(Cases);
    }
}
