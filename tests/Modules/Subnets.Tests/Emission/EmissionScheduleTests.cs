using System.Numerics;
using Ballast.Core.Numerics;
using Ballast.Subnets.Emission;
using FsCheck;
using FsCheck.Fluent;
using static Ballast.Subnets.Tests.TestKit;

namespace Ballast.Subnets.Tests.Emission;

public class EmissionScheduleTests
{
    private const ulong Cap = 21_000_000_000_000_000; // 21M TAO in rao

    [Fact]
    public void At_zero_issuance_a_block_emits_1_tao()
    {
        EmissionSchedule.Halvings(Amount.Zero, EmissionSchedule.SupplyCap).ShouldBe(0);
        EmissionSchedule.BlockEmission(Amount.Zero).ShouldBe(Tao(1));
    }

    [Fact]
    public void Just_below_10_5M_a_block_still_emits_1_tao()
    {
        // 1 − i/21M with i = 10.5M − 1 rao is just above ½: ⌊log2(1/(1 − i/21M))⌋ = 0.
        EmissionSchedule.BlockEmission(Tao(10_500_000) - Rao(1)).ShouldBe(Tao(1));
    }

    [Fact]
    public void At_10_5M_the_emission_halves_to_half_a_tao()
    {
        // 1/(1 − ½) = 2 → one halving: 0.5 TAO.
        EmissionSchedule.Halvings(Tao(10_500_000), EmissionSchedule.SupplyCap).ShouldBe(1);
        EmissionSchedule.BlockEmission(Tao(10_500_000)).ShouldBe(Rao(500_000_000));
    }

    [Fact]
    public void At_15_75M_it_halves_again_to_a_quarter()
    {
        // 1/(1 − 0.75) = 4 → two halvings: 0.25 TAO; just below, still 0.5.
        EmissionSchedule.BlockEmission(Tao(15_750_000)).ShouldBe(Rao(250_000_000));
        EmissionSchedule.BlockEmission(Tao(15_750_000) - Rao(1)).ShouldBe(Rao(500_000_000));
        // 18.375M (7/8 issued): 0.125 TAO.
        EmissionSchedule.BlockEmission(Tao(18_375_000)).ShouldBe(Rao(125_000_000));
    }

    [Fact]
    public void Near_the_cap_a_block_never_emits_more_than_what_is_left()
    {
        // 1 rao left: 1/(1 − i/21M) = 2.1e16 → 54 halvings → 1e9 >> 54 = 0; min(0, 1) = 0.
        EmissionSchedule.BlockEmission(Rao(Cap - 1)).ShouldBe(Amount.Zero);
        // 100 rao left: ⌊log2(2.1e14)⌋ = 47 halvings → 1e9 >> 47 = 0.
        EmissionSchedule.BlockEmission(Rao(Cap - 100)).ShouldBe(Amount.Zero);
        // At or beyond the cap nothing.
        EmissionSchedule.BlockEmission(Rao(Cap)).ShouldBe(Amount.Zero);
        EmissionSchedule.BlockEmission(Rao(Cap + 12_345)).ShouldBe(Amount.Zero);
        // A tiny cap: base 1 TAO, cap 3 TAO, issuance 2.5 TAO: 1/(1 − 2.5/3) = 6 → 2 halvings → 0.25 TAO ≤ 0.5 left.
        EmissionSchedule.BlockEmission(Rao(2_500_000_000), Tao(3), Tao(1)).ShouldBe(Rao(250_000_000));
        // Base larger than what is left: base 10 TAO, cap 10 TAO, issuance 6 TAO → 1 halving → 5 TAO, but 4 left.
        EmissionSchedule.BlockEmission(Tao(6), Tao(10), Tao(10)).ShouldBe(Tao(4));
        for (ulong left = 1; left < 5_000; left += 7)
            EmissionSchedule.BlockEmission(Rao(Cap - left)).Units.ShouldBeLessThanOrEqualTo((UInt128)left);
    }

    /// <summary>⌊log2(1/(1 − i/cap))⌋ = ⌊log2(cap/(cap − i))⌋ = ⌊log2 ⌊cap/(cap − i)⌋⌋ = bit length − 1, exactly.</summary>
    private static int ClosedFormHalvings(BigInteger issuance, BigInteger cap) =>
        (int)(BigInteger.Divide(cap, cap - issuance).GetBitLength() - 1);

    [Fact]
    public void Halvings_match_the_closed_form_over_random_issuances()
    {
        // 10,000 issuances: uniform over [0, 21M) and clustered within 2^j rao of the cap for every j, where the
        // halvings pile up. Checked against the closed form in BigInteger and, away from the boundaries, in double.
        var gen = Gen.Frequency(
            (1, FsCheck.FSharp.Gen.Choose64(0, (long)Cap - 1)),
            (1, from j in Gen.Choose(0, 54)
                from back in FsCheck.FSharp.Gen.Choose64(1, 1L << j)
                select (long)Cap - back));
        Check.One(Cases(10_000), Prop.ForAll(gen.ToArbitrary(), i =>
        {
            var issuance = Rao((ulong)i);
            int k = EmissionSchedule.Halvings(issuance, EmissionSchedule.SupplyCap);
            k.ShouldBe(ClosedFormHalvings(i, Cap), $"issuance {i}");

            // The same in double, written log2(cap/(cap − i)) so that 1 − i/cap does not cancel near the cap.
            double x = Math.Log2((double)Cap / (Cap - (ulong)i));
            if (Math.Abs(x - Math.Round(x)) > 1e-6) k.ShouldBe((int)Math.Floor(x), $"issuance {i}");

            var emission = EmissionSchedule.BlockEmission(issuance);
            var expected = UInt128.Min((UInt128)1_000_000_000 >> k, (UInt128)(Cap - (ulong)i));
            emission.Units.ShouldBe(expected);
        }));
    }

    [Fact]
    public void Halvings_match_the_closed_form_for_any_cap()
    {
        // The three-argument overload serves any token: caps anywhere up to 2^128 − 1 units, issuance below the cap.
        var gen =
            from capBits in Gen.Choose(1, 128)
            from hi in FsCheck.FSharp.Gen.Choose64(0, long.MaxValue)
            from lo in FsCheck.FSharp.Gen.Choose64(0, long.MaxValue)
            from f in Gen.Choose(0, 1_000_000)
            select (CapBits: capBits, Hi: hi, Lo: lo, F: f);
        Check.One(Cases(5_000), Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var mask = c.CapBits == 128 ? UInt128.MaxValue : (UInt128.One << c.CapBits) - 1;
            var cap = ((((UInt128)(ulong)c.Hi << 64) | (ulong)c.Lo) & mask) | (UInt128.One << (c.CapBits - 1));
            // issuance: a fraction f/1e6 of the cap, or within a few units of it.
            var issuance = c.F < 999_000 ? cap / 1_000_000 * (ulong)c.F : cap - (UInt128)(1_000_000 - c.F + 1) % cap;
            if (issuance >= cap) issuance = cap - 1;
            int k = EmissionSchedule.Halvings(new Amount(issuance), new Amount(cap));
            int expected = Math.Min(64, ClosedFormHalvings((BigInteger)issuance, (BigInteger)cap));
            Math.Min(64, k).ShouldBe(expected, $"cap {cap}, issuance {issuance}");
        }));
    }

    [Fact]
    public void A_cap_of_2_to_the_127_units_or_more_does_not_wrap()
    {
        // cap = 2^127 units, nothing issued: 1/(1 − 0) = 1 → no halving; the base is emitted.
        var cap = new Amount(UInt128.One << 127);
        EmissionSchedule.Halvings(Amount.Zero, cap).ShouldBe(0);
        EmissionSchedule.BlockEmission(Amount.Zero, cap, Tao(1)).ShouldBe(Tao(1));
        // Half issued: one halving; three quarters: two.
        EmissionSchedule.Halvings(new Amount(UInt128.One << 126), cap).ShouldBe(1);
        EmissionSchedule.Halvings(new Amount((UInt128.One << 126) + (UInt128.One << 125)), cap).ShouldBe(2);
        // The largest cap there is, nothing issued.
        EmissionSchedule.Halvings(Amount.Zero, new Amount(UInt128.MaxValue)).ShouldBe(0);
    }
}
