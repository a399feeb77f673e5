using System.Collections.Immutable;
using Ballast.Core.Governance;
using Ballast.Core.Numerics;

namespace Ballast.Core.Tests.Governance;

public enum Curve { Linear, Kinked }

public sealed record TierRow
{
    [Parameter("alpha rao", "0", "1000000000000000")] public long Threshold { get; init; }
    [Parameter("×", "1", "100")] public Fixed MaxLeverage { get; init; } = Fixed.One;
}

/// <summary>A parameter record declared once: units, ranges, presets, an enum switch, a rate and a table.</summary>
public sealed record DeclaredParams
{
    [Parameter("blocks", "1", "100000"), Preset("fast", "10")]
    public long CooldownBlocks { get; init; } = 100;

    [Parameter("ppb of notional", "0", "1000000000"), Preset("fast", "2000000")]
    public Ppb Fee { get; init; } = new(3_000_000);

    [Parameter("switch", "0", "1")]
    public Curve Curve { get; init; } = Curve.Kinked;

    [ParameterTable, Preset("fast", "[1].MaxLeverage", "5")]
    public ImmutableArray<TierRow> Tiers { get; init; } = [new TierRow(), new TierRow { Threshold = 1_000, MaxLeverage = Fixed.FromInt(3) }];

    /// <summary>Not declared: not governed.</summary>
    public long Internal { get; init; } = 7;
}

public sealed class ParameterDeclarationTests
{
    private static ParameterSet<DeclaredParams> Set() =>
        ParameterSet<DeclaredParams>.Declared("demo", validate: p => p.Tiers[0].MaxLeverage <= p.Tiers[1].MaxLeverage ? null : "tiers must not lower leverage", defaultsPreset: "standard");

    [Fact]
    public void The_declaration_gives_specs_in_order_with_units_ranges_and_current_values()
    {
        Set().View().ShouldBe([
            new ParameterView("CooldownBlocks", "blocks", "100", "1", "100000"),
            new ParameterView("Fee", "ppb of notional", "3000000", "0", "1000000000"),
            new ParameterView("Curve", "switch", "kinked", "linear", "kinked"),
            new ParameterView("Tiers[0].Threshold", "alpha rao", "0", "0", "1000000000000000"),
            new ParameterView("Tiers[1].Threshold", "alpha rao", "1000", "0", "1000000000000000"),
            new ParameterView("Tiers[0].MaxLeverage", "×", "1", "1", "100"),
            new ParameterView("Tiers[1].MaxLeverage", "×", "3", "1", "100"),
        ]);
    }

    [Fact]
    public void Presets_apply_their_declared_cells_over_the_defaults()
    {
        Set().Presets.ShouldBe(["fast", "standard"]);
        Set().TryPreset("fast", out var fast).Accepted.ShouldBeTrue();
        var p = (DeclaredParams)fast.ValuesObject;
        p.CooldownBlocks.ShouldBe(10);
        p.Fee.ShouldBe(new Ppb(2_000_000));
        p.Tiers[1].MaxLeverage.ShouldBe(Fixed.FromInt(5));
        p.Tiers[0].ShouldBe(new TierRow());
        p.Curve.ShouldBe(Curve.Kinked);
        Set().TryPreset("standard", out var standard).Accepted.ShouldBeTrue();
        standard.View().ShouldBe(Set().View()); // (record equality would compare the table's array by reference)
    }

    [Fact]
    public void Governance_changes_a_typed_rate_an_enum_by_name_and_a_table_cell()
    {
        var set = Set();
        set.TryWith("Fee", "4000000", out var a).Accepted.ShouldBeTrue();
        ((DeclaredParams)a.ValuesObject).Fee.ShouldBe(new Ppb(4_000_000));
        set.TryWith("Curve", "linear", out var b).Accepted.ShouldBeTrue();
        ((DeclaredParams)b.ValuesObject).Curve.ShouldBe(Curve.Linear);
        set.TryWith("Curve", "0", out var c).Accepted.ShouldBeTrue();
        ((DeclaredParams)c.ValuesObject).Curve.ShouldBe(Curve.Linear);
        set.TryWith("Tiers[1].MaxLeverage", "7.5", out var d).Accepted.ShouldBeTrue();
        var changed = (DeclaredParams)d.ValuesObject;
        changed.Tiers[1].MaxLeverage.ShouldBe(Fixed.Parse("7.5"));
        changed.Tiers[1].Threshold.ShouldBe(1_000);
        set.Values.Tiers[1].MaxLeverage.ShouldBe(Fixed.FromInt(3)); // the old set is unchanged
        changed.Internal.ShouldBe(7);
    }

    [Fact]
    public void Refusals_name_the_range_the_kind_and_the_cross_field_rule()
    {
        var set = Set();
        set.TryWith("CooldownBlocks", "0", out _).Error.ShouldBe(GovernanceErrors.ParameterOutOfRange);
        set.TryWith("CooldownBlocks", "1.5", out _).Error.ShouldBe(GovernanceErrors.InvalidParameterValue);
        var curve = set.TryWith("Curve", "cubic", out _);
        curve.Error.ShouldBe(GovernanceErrors.InvalidParameterValue);
        curve.Message!.ShouldContain("linear, kinked");
        set.TryWith("Tiers[0].MaxLeverage", "4", out _).Error.ShouldBe(GovernanceErrors.InconsistentParameters);
        set.TryWith("Tiers[2].MaxLeverage", "4", out _).Error.ShouldBe(GovernanceErrors.UnknownParameter);
        set.TryWith("Internal", "4", out _).Error.ShouldBe(GovernanceErrors.UnknownParameter);
    }
}
