using Ballast.Capital.Model;
using Ballast.Core.Numerics;
using static Ballast.Capital.Tests.Support.Inputs;

namespace Ballast.Capital.Tests.Model;

/// <summary>Hand-worked examples of seed 003's formulas; each figure is worked in the comment beside it.</summary>
public sealed class AltFormulaTests
{
    // Cells: 30 TAO of cover at weight 10% → Exp 3; 8 TAO at 50% → 4; 48 TAO at 25% → 12.
    private static readonly RiskCell[] Cells = [Cell("a", 30, 0.1m), Cell("b", 8, 0.5m), Cell("c", 48, 0.25m)];

    // Corr = [[1, .5, 0], [.5, 1, .15625], [0, .15625, 1]]:
    // Σ ρ·Exp·Exp = 9 + 16 + 144 + 2·0.5·3·4 + 2·0·3·12 + 2·0.15625·4·12 = 169 + 12 + 0 + 15 = 196, √196 = 14.
    private static readonly ProductModuleInputs Ido = Module("ido", "TAO", Matrix([1, 0.5m, 0], [0.5m, 1, 0.15625m], [0, 0.15625m, 1]), Cells);

    [Fact]
    public void A_3x3_module_is_the_root_of_the_correlated_sum_of_exposures()
    {
        var b = Compute(Single(Ido));
        b.Modules[0].Cells.Select(c => c.Exposure).ShouldBe([Tokens(3), Tokens(4), Tokens(12)]);
        b.Modules[0].Requirement.ShouldBe(Tokens(14));
        b.Modules[0].RequirementInBase.ShouldBe(Tokens(14));
        b.FxRequirement.ShouldBe(Amount.Zero);
        b.Combined.ShouldBe(Tokens(14)); // one module, no currency risk: √(14²)
        b.MinimumCapital.ShouldBe(Tokens(14));
        b.FloorBinding.ShouldBeFalse();
    }

    [Fact]
    public void Full_correlation_gives_the_sum_of_exposures()
    {
        // ρ = 1 everywhere: (3 + 4 + 12)² under the root: 19.
        Compute(Single(Module("ido", "TAO", AllOnes(3), Cells))).MinimumCapital.ShouldBe(Tokens(19));
    }

    [Fact]
    public void Independence_gives_the_root_sum_of_squares_not_the_seeds_root_of_the_sum()
    {
        // ρ = I: √(9 + 16 + 144) = √169 = 13 TAO. The seed's √Σ Exp(i) would be √19 (in √TAO), which is not an amount.
        Compute(Single(Module("ido", "TAO", Identity(3), Cells))).MinimumCapital.ShouldBe(Tokens(13));
    }

    [Fact]
    public void An_irrational_root_is_rounded_up_to_the_unit()
    {
        // Corr(b, c) = 0.25: 169 + 12 + 24 = 205; √205 = 14.3178210632763…, so 14.317821064 TAO (rounded up to a rao).
        var m = Module("ido", "TAO", Matrix([1, 0.5m, 0], [0.5m, 1, 0.25m], [0, 0.25m, 1]), Cells);
        Compute(Single(m)).MinimumCapital.ShouldBe(new Amount(14_317_821_064));
    }

    [Fact]
    public void A_probability_weighted_exposure_is_rounded_up()
    {
        // 3 units of cover at weight 50% is 1.5 units of exposure: counted as 2.
        var m = Module("tiny", "TAO", Identity(1), new RiskCell("x", new Amount(3), P(0.5m)));
        var b = Compute(Single(m));
        b.Modules[0].Cells[0].Exposure.ShouldBe(new Amount(2));
        b.MinimumCapital.ShouldBe(new Amount(2));
    }

    // Two modules: "ido" (14 TAO, above) and "alpha" in SN4: one cell of 100 SN4, so ALT = 100 SN4 = 20 TAO at 0.2 TAO/SN4.
    private static CapitalInputs TwoModules(decimal heldSn4, decimal floor = 0) => new(
        "TAO", 100, Tokens(floor),
        [Ido, Module("alpha", "SN4", Identity(1), Cell("sn4-ido", 100))],
        [new CurrencyHolding("SN4", Tokens(heldSn4), Fixed.Parse("0.2"))],
        // modules (ido, alpha, currency module): Σ = 14² + 20² + 6² + 2·0.2·14·20 + 2·0·14·6 + 2·0.65·20·6 = 196 + 400 + 36 + 112 + 156 = 900 → 30.
        Matrix([1, 0.2m, 0], [0.2m, 1, 0.65m], [0, 0.65m, 1]));

    [Fact]
    public void A_currency_requirement_above_holdings_loses_when_the_currency_rises()
    {
        // Requirement 100 SN4, held 40: short 60 SN4. Up 50%: 0.5·60·0.2 = 6 TAO lost; down: a gain, 0.
        var b = Compute(TwoModules(heldSn4: 40));
        var shock = b.Currencies.ShouldHaveSingleItem();
        shock.Requirement.ShouldBe(Tokens(100));
        shock.ShockUpLoss.ShouldBe(Tokens(6));
        shock.ShockDownLoss.ShouldBe(Amount.Zero);
        shock.Worse.ShouldBe(Tokens(6));
        b.FxRequirement.ShouldBe(Tokens(6));
        b.Modules[1].RequirementInBase.ShouldBe(Tokens(20));
        b.Combined.ShouldBe(Tokens(30));
    }

    [Fact]
    public void Holdings_above_the_currency_requirement_lose_when_the_currency_falls()
    {
        // Held 160 SN4 against 100: long 60 SN4. Down 50%: 0.5·60·0.2 = 6 TAO lost; up: a gain, 0.
        var b = Compute(TwoModules(heldSn4: 160));
        var shock = b.Currencies.ShouldHaveSingleItem();
        shock.ShockUpLoss.ShouldBe(Amount.Zero);
        shock.ShockDownLoss.ShouldBe(Tokens(6));
        b.FxRequirement.ShouldBe(Tokens(6));
        b.Combined.ShouldBe(Tokens(30));
    }

    [Fact]
    public void A_currency_held_exactly_at_its_requirement_carries_no_currency_risk()
    {
        // Net 0: the modules alone, √(196 + 400 + 2·0.2·14·20) = √708 = 26.6082693…, rounded up.
        var b = Compute(TwoModules(heldSn4: 100));
        b.FxRequirement.ShouldBe(Amount.Zero);
        b.Combined.ShouldBe(new Amount(26_608_269_392)); // √708 = 26.60826939130014…: 26.608269392 TAO
    }

    [Fact]
    public void A_smaller_shock_scales_the_currency_module()
    {
        // A 20% shock: 0.2·60·0.2 = 2.4 TAO.
        var b = Compute(TwoModules(heldSn4: 40) with { FxShockPpb = P(0.2m) });
        b.FxRequirement.ShouldBe(Tokens(2.4m));
    }

    [Fact]
    public void The_floor_binds_only_above_the_combined_requirement()
    {
        var below = Compute(TwoModules(heldSn4: 40, floor: 25));
        below.MinimumCapital.ShouldBe(Tokens(30));
        below.FloorBinding.ShouldBeFalse();
        var above = Compute(TwoModules(heldSn4: 40, floor: 50));
        above.Combined.ShouldBe(Tokens(30));
        above.MinimumCapital.ShouldBe(Tokens(50));
        above.FloorBinding.ShouldBeTrue();
    }

    [Fact]
    public void The_breakdown_carries_the_hash_of_its_canonical_inputs()
    {
        var inputs = TwoModules(heldSn4: 40);
        Compute(inputs).InputsHash.ShouldBe(CanonicalInputs.Hash(inputs));
    }
}
