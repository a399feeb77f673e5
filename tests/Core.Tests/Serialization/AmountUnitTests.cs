using Ballast.Core.Numerics;
using Ballast.Core.Serialization;
using Shouldly;
using Xunit;

namespace Ballast.Core.Tests.Serialization;

/// <summary>
/// "rao" is the unit itself (10⁻⁹ of a token): "5 rao" is 5 units, where any other unit word names a token
/// ("5 TAO", "5 alpha" = 5·10⁹ units). Before, "5 rao" was read as 5 tokens, a billion times what was written.
/// </summary>
public class AmountUnitTests
{
    [Theory]
    [InlineData("5 rao", 5UL)]
    [InlineData("5 RAO", 5UL)]
    [InlineData("0 rao", 0UL)]
    [InlineData("1000000000 rao", 1_000_000_000UL)]
    [InlineData("5", 5UL)]
    [InlineData("5 TAO", 5_000_000_000UL)]
    [InlineData("1.5 alpha", 1_500_000_000UL)]
    [InlineData("0.000000001 TAO", 1UL)]
    public void Reads_units_and_tokens(string text, ulong units)
    {
        NumberText.TryParseAmount(text, out var amount, out var reason).ShouldBeTrue(reason);
        amount.ShouldBe(new Amount(units));
    }

    [Theory]
    [InlineData("1.5 rao", "rao are whole units")]
    [InlineData("-5 rao", "a sign is not allowed")]
    [InlineData("x rao", "write whole rao as digits")]
    public void Refuses_fractions_and_signs_of_rao(string text, string reason)
    {
        NumberText.TryParseAmount(text, out _, out var why).ShouldBeFalse();
        why.ShouldContain(reason);
    }

    [Fact]
    public void A_transaction_written_in_rao_moves_that_many_units()
    {
        var catalog = new Ballast.Core.Blocks.Engine(new Ballast.Core.Blocks.EngineOptions()).Catalog;
        var read = BallastJson.ReadEnvelope(catalog, """{ "type": "ledger.transfer", "sender": "alice", "to": "bob", "token": "TAO", "amount": "250 rao" }""");
        read.Payload.ShouldBe(new Ballast.Core.Ledger.Transfer("bob", "TAO", new Amount(250)));
    }
}
