using Ballast.Core.Numerics;
using Ballast.Underwriting.Pricing;
using Ballast.Underwriting.Tests.Support;

namespace Ballast.Underwriting.Tests.Pricing;

/// <summary>ω in both branches of §7.1.7, p_j and one Brier update of §7.2, and the selling fee, worked by hand.</summary>
public class RedemptionAndReputationTests
{
    private static UInt128 T(decimal tao) => Tao.Of(tao).Units;

    [Fact]
    public void A_gain_is_shared_over_the_long_supply()
    {
        // 80 longs, 20 shorts (net 60), expected 120, realized 132: λ = 12, ω = 1 + 12/(60 + 20) = 1.15, shorts 0.
        var w = RedemptionPrice.Compute(T(80), T(20), T(120), T(132));
        w.Omega.ShouldBe(Tao.X("1.15"));
        w.ShortOmega.ShouldBe(Fixed.Zero);
        w.Succeeded.ShouldBeTrue();
        w.Payout(Tao.Of(80), Tao.Of(20)).ShouldBe(Tao.Of(92)); // V_out = λ + C + C_s = 12 + 60 + 20
    }

    [Fact]
    public void A_loss_is_absorbed_by_the_net_long_and_paid_to_the_shorts()
    {
        // Realized 105: λ = −15, ω = 1 − 15/60 = 0.75, shorts 0.25; V_out = 0.75·80 + 0.25·20 = 65 = −15 + 60 + 20.
        var w = RedemptionPrice.Compute(T(80), T(20), T(120), T(105));
        w.Omega.ShouldBe(Tao.X("0.75"));
        w.ShortOmega.ShouldBe(Tao.X("0.25"));
        w.Succeeded.ShouldBeFalse();
        w.Payout(Tao.Of(80), Tao.Of(20)).ShouldBe(Tao.Of(65));
    }

    [Fact]
    public void A_loss_beyond_the_net_long_sends_longs_to_zero_and_shorts_to_one()
    {
        var w = RedemptionPrice.Compute(T(80), T(20), T(120), T(30));
        w.Omega.ShouldBe(Fixed.Zero);
        w.ShortOmega.ShouldBe(Fixed.One);
    }

    [Fact]
    public void Exactly_the_expected_value_redeems_at_one()
    {
        var w = RedemptionPrice.Compute(T(80), T(20), T(120), T(120));
        w.Omega.ShouldBe(Fixed.One);
        w.Succeeded.ShouldBeTrue();
        w.ShortOmega.ShouldBe(Fixed.Zero);
    }

    [Fact]
    public void Value_in_equals_value_out_for_random_outcomes()
    {
        var random = new DeterministicRandom(5);
        for (int n = 0; n < 500; n++)
        {
            ulong net = 1 + random.NextBelow(1_000_000_000_000);
            ulong shorts = random.NextBelow(1_000_000_000_000);
            ulong expected = net + random.NextBelow(1_000_000_000_000);
            ulong realized = random.NextBelow(3 * expected);
            var w = RedemptionPrice.Compute(net + shorts, shorts, expected, realized);
            // V_in = λ + C + C_s when the loss is within the net long; exact rationals, so the aggregate payout is exact.
            var payoutTimesDen = (System.Numerics.BigInteger)(net + shorts) * w.LongNumerator * w.ShortDenominator
                                 + (System.Numerics.BigInteger)shorts * w.ShortNumerator * w.LongDenominator;
            var den = (System.Numerics.BigInteger)w.LongDenominator * w.ShortDenominator;
            var lambda = (System.Numerics.BigInteger)realized - expected;
            var vin = lambda + net + shorts;
            if (-lambda <= net) (payoutTimesDen == vin * den).ShouldBeTrue($"net {net} shorts {shorts} E {expected} R {realized}");
            else (payoutTimesDen == (System.Numerics.BigInteger)shorts * den).ShouldBeTrue(); // ω = 0: only the shorts are paid
        }
    }

    [Fact]
    public void Implied_probability_of_30_bonds_on_a_budget_of_60_at_0_8_is_0_88()
    {
        // p = (30/60)·0.8·0.2 + 0.8 = 0.88
        var p = Reputation.ImpliedProbability(Tao.Of(30), Tao.Of(60), Tao.X("0.8"));
        p.ShouldBe(Tao.X("0.88"));
        Reputation.AveragePrice(Tao.Of(24), Tao.Of(30)).ShouldBe(Tao.X("0.8"));
    }

    [Fact]
    public void One_Brier_update_up_on_success_and_down_to_zero_on_failure()
    {
        var p = Tao.X("0.88");
        Reputation.Brier(p, true).ShouldBe(Tao.X("0.0144"));
        Reputation.Brier(p, false).ShouldBe(Tao.X("0.7744"));
        // k = 4: 2 + 4·(0.25 − 0.0144) = 2.9424; 2 + 4·(0.25 − 0.7744) = −0.0976 → 0
        Reputation.Update(Fixed.FromInt(2), p, true, Fixed.FromInt(4)).ShouldBe(Tao.X("2.9424"));
        Reputation.Update(Fixed.FromInt(2), p, false, Fixed.FromInt(4)).ShouldBe(Fixed.Zero);
    }

    [Fact]
    public void Selling_fee_decays_with_time_and_shrinks_with_locked_value()
    {
        var rate = new Ppb(50_000_000); // 5%
        SellingFee.Of(Tao.Of(100), rate, 1_000, 1_000, Amount.Zero).ShouldBe(Tao.Of(5));
        SellingFee.Of(Tao.Of(100), rate, 500, 1_000, Amount.Zero).ShouldBe(Tao.Of(2.5m));
        SellingFee.Of(Tao.Of(100), rate, 500, 1_000, Tao.Of(40)).ShouldBe(Tao.Of(1.5m));
        SellingFee.Of(Tao.Of(100), rate, 500, 1_000, Tao.Of(100)).ShouldBe(Amount.Zero);
        SellingFee.Of(Tao.Of(100), rate, 0, 1_000, Amount.Zero).ShouldBe(Amount.Zero);
    }

    [Fact]
    public void Tick_prices_of_long_and_short_sum_to_one_at_every_tick()
    {
        for (int t = 2; t <= 1_000; t += 37)
            for (int k = 1; k < t; k++)
            {
                var bonds = new Amount(1_000_000_007);
                (Ticks.LongValue(bonds, k, t, Rounding.Down) + Ticks.ShortValue(bonds, k, t, Rounding.Up)).ShouldBe(bonds);
                (Ticks.LongValue(bonds, k, t, Rounding.Up) + Ticks.ShortValue(bonds, k, t, Rounding.Down)).ShouldBe(bonds);
            }
    }
}
