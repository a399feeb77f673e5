using Ballast.Core.Numerics;
using Ballast.Subnets;
using Ballast.Underwriting.Tests.Support;

namespace Ballast.Underwriting.Tests.Lifecycle;

/// <summary>A pool/asset instrument: the principal buys subnet alpha at approval; at maturity the alpha is sold back into the pool and that TAO is the realized value.</summary>
public class AssetInstrumentTests
{
    [Fact]
    public void An_asset_instrument_holds_alpha_and_is_worth_its_sale_into_the_pool_at_maturity()
    {
        var w = new UwWorld();
        long vault = w.StandardVault();
        long id = w.State.NextInstrumentId;
        w.RunOk(new ProposeAssetInstrument(vault, UwWorld.Netuid, Tao.Of(100), Tao.Of(10), 500), UwWorld.Borrower);
        w.Rejects(new ProposeAssetInstrument(vault, 99, Tao.Of(100), Tao.Of(10), 500), UwWorld.Borrower, SubnetErrors.UnknownSubnet);
        w.RunOk(new BuyLong(id, Tao.Of(30)), "ann");
        var markets = w.View.Port<ISubnetMarkets>();
        var alphaQuote = markets.SimSwapTaoForAlpha(w.View, UwWorld.Netuid, Tao.Of(100));
        w.DrawAndApprove(id);
        var inst = w.Instrument(id);
        inst.AssetHeld.ShouldBe(alphaQuote);
        inst.Balance.ShouldBe(Amount.Zero);
        w.Rejects(new Drawdown(id), UwWorld.Borrower, UnderwritingErrors.WrongPhase);
        w.Rejects(new Resolve(id), "lp-1", UnderwritingErrors.NotResolvable);
        w.AdvanceTo(inst.MaturityBlock);
        var taoQuote = markets.SimSwapAlphaForTao(w.View, UwWorld.Netuid, alphaQuote);
        w.RunOk(new Resolve(id), "lp-1");
        inst = w.Instrument(id);
        inst.Realized.ShouldBe(taoQuote);
        inst.AssetHeld.ShouldBe(Amount.Zero);
        // A round trip through the pool's fee loses a little: below the 110 expected, the longs absorb it.
        inst.Omega.ShouldBeLessThan(Fixed.One);
        (inst.RedemptionReserve + inst.VaultShare).ShouldBe(inst.ValueIn);
        w.AssertBooks(id);
    }
}
