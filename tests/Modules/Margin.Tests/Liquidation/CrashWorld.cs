using Ballast.Margin.Tests.Support;
using static Ballast.Margin.Tests.Support.Units;

namespace Ballast.Margin.Tests.Liquidation;

/// <summary>
/// The liquidation story, worked by hand (quiet market, mainnet parameters, 10,000 TAO of LP liquidity):
/// <list type="number">
/// <item>Block 2: the whale buys SN3 alpha with 100,000 TAO: out = 2,000,000·100,000/200,000 = 1,000,000 alpha
/// exactly; the pool holds 200,000 TAO and 1,000,000 alpha (spot 0.2).</item>
/// <item>Block 3: bob (tier 0) opens 100 TAO at 2×: borrowed 100, fee 0.6 TAO, spend 199.4 TAO →
/// alpha = ⌊1e15·199.4e9/(2e14 + 199.4e9)⌋ = 996,006,981,039; the pool then holds 200,199.4 TAO and
/// 999,003,993,018,961 alpha units.</item>
/// <item>Block 362: the accumulator's first period (U = 100/10,000 = 1%: 51,875 ppb); bob owes
/// 100e9·51,875/1e9 = 5,187,500 rao of interest.</item>
/// <item>Block 363: the whale sells alpha back to crash the price (<see cref="Crash"/>).</item>
/// </list>
/// </summary>
public static class CrashWorld
{
    public const long BobAlpha = 996_006_981_039;
    public const long Interest = 5_187_500;
    public const long Opened = 3;
    public const long Accrued = 362;
    public const long Crashed = 363;

    /// <param name="interest">Interest owed after the first period: 5,187,500 on mainnet; 100e9·31,125/1e9 = 3,112,500 with the README's rates.</param>
    public static MarginWorld Build(Func<MarginWorldBuilder, MarginWorldBuilder>? more = null, long interest = Interest)
    {
        var builder = MarginWorldBuilder.Create()
            .WithSubnet(3, 100_000, "0.05")
            .WithLp("lp-ann", 10_000)
            .WithTrader("bob", 1_000)
            .WithPair(3);
        var world = (more ?? (b => b))(builder).Build();
        world.Height.ShouldBe(1);
        world.WhaleBuys(3, Tao(100_000)).ShouldBeAccepted();
        world.AlphaBalance(MarginWorldBuilder.Whale, 3).ShouldBe(Alpha(1_000_000));
        long id = world.Open("bob", 3, Tao(100), "2");
        world.State.Positions[id].Alpha.ShouldBe(Rao(BobAlpha));
        world.AdvanceTo(Accrued);
        world.Position(id).BorrowingFeeOwed.ShouldBe(Rao((ulong)interest));
        return world;
    }

    /// <summary>
    /// The whale sells <paramref name="alpha"/> in block 363. With 380,000 alpha: the pool ends at
    /// 145,032,212,388,417 TAO and 1,379,003,993,018,961 alpha units, and bob's alpha would sell for
    /// ⌊145,032,212,388,417·996,006,981,039/(1,379,003,993,018,961 + 996,006,981,039)⌋ = 104,676,156,532 rao:
    /// health ⌊104,676,156,532·1e9/100,005,187,500⌋ = 1,046,707,267 (104.67%, below 110%, above 100%).
    /// With all 1,000,000: it would sell for 49,825,162,156 rao, less than the 100 TAO borrowed.
    /// </summary>
    public static void Crash(MarginWorld world, decimal alpha)
    {
        world.Height.ShouldBe(Crashed - 1);
        world.WhaleSells(3, Alpha(alpha)).ShouldBeAccepted();
    }

    public const long HealthAfter380k = 1_046_707_267;
    public const long SaleAfter380k = 104_676_156_532;
    public const long SaleAfterFullDump = 49_825_162_156;
}
