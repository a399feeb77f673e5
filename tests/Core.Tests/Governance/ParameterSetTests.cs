using Ballast.Core.Governance;
using Ballast.Core.Numerics;
using Ballast.Core.Tests.Support;

namespace Ballast.Core.Tests.Governance;

public class ParameterSetTests
{
    private static readonly IReadOnlyList<ParameterSpec<TestParams>> Specs =
    [
        ParameterSpec<TestParams>.Integer("CooldownBlocks", "blocks", 1, 100_000, p => p.CooldownBlocks, (p, v) => p with { CooldownBlocks = v }),
        ParameterSpec<TestParams>.Decimal("FeeRate", "fraction", Fixed.Zero, Fixed.Parse("0.1"), p => p.FeeRate, (p, v) => p with { FeeRate = v }),
        ParameterSpec<TestParams>.Decimal("MaxFeeRate", "fraction", Fixed.Zero, Fixed.Parse("0.1"), p => p.MaxFeeRate, (p, v) => p with { MaxFeeRate = v }),
    ];

    private static string? FeeAtMostMax(TestParams p) => p.FeeRate > p.MaxFeeRate ? "FeeRate above MaxFeeRate" : null;

    private static ParameterSet<TestParams> Set() => new("test", TestParams.Default, Specs, FeeAtMostMax);

    [Fact]
    public void Defaults_outside_their_range_or_rules_are_refused_when_the_module_is_built()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new ParameterSet<TestParams>("test", TestParams.Default with { CooldownBlocks = 0 }, Specs));
        Should.Throw<ArgumentException>(() => new ParameterSet<TestParams>("test", TestParams.Default with { FeeRate = Fixed.Parse("0.05") }, Specs, FeeAtMostMax));
    }

    [Fact]
    public void View_lists_each_parameter_with_unit_value_and_range_in_declaration_order()
    {
        Set().View().ShouldBe([
            new ParameterView("CooldownBlocks", "blocks", "100", "1", "100000"),
            new ParameterView("FeeRate", "fraction", "0.003", "0", "0.1"),
            new ParameterView("MaxFeeRate", "fraction", "0.01", "0", "0.1"),
        ]);
    }

    [Fact]
    public void A_change_gives_a_new_set_and_leaves_the_old_one_as_it_was()
    {
        var set = Set();
        set.TryWith("CooldownBlocks", "250", out var updated).ShouldBeAccepted();
        ((TestParams)updated.ValuesObject).CooldownBlocks.ShouldBe(250);
        set.Values.ShouldBe(TestParams.Default);
    }

    [Theory]
    [InlineData("CooldownBlocks", "1.5", "InvalidParameterValue")]
    [InlineData("CooldownBlocks", "", "InvalidParameterValue")]
    [InlineData("CooldownBlocks", "1.", "InvalidParameterValue")]
    [InlineData("CooldownBlocks", "0", "ParameterOutOfRange")]
    [InlineData("FeeRate", "0.1000000000000000001", "InvalidParameterValue")]
    [InlineData("FeeRate", "0.100000000000000001", "ParameterOutOfRange")]
    [InlineData("FeeRate", "0.010000000000000001", "InconsistentParameters")]
    [InlineData("feeRate", "0.001", "UnknownParameter")]
    public void A_refused_change_names_its_reason_and_returns_the_set_unchanged(string name, string value, string code)
    {
        var set = Set();
        var result = set.TryWith(name, value, out var updated);
        result.Error!.Value.Name.ShouldBe(code);
        result.Message.ShouldNotBeNullOrWhiteSpace();
        updated.ShouldBeSameAs(set);
    }

    [Theory]
    [InlineData("CooldownBlocks", "1", "1")]
    [InlineData("CooldownBlocks", "100000.000", "100000")]
    [InlineData("CooldownBlocks", "+7", "7")]
    [InlineData("FeeRate", "0.01", "0.01")]
    [InlineData("FeeRate", ".005", "0.005")]
    [InlineData("FeeRate", "0", "0")]
    public void Accepted_values_are_stored_exactly(string name, string value, string stored)
    {
        Set().TryWith(name, value, out var updated).ShouldBeAccepted();
        updated.View().Single(v => v.Name == name).Value.ShouldBe(stored);
    }
}
