using Ballast.Core.Blocks;
using Ballast.Core.Hashing;
using Ballast.Core.Modules;
using Ballast.Core.Numerics;

namespace Ballast.Perps;

/// <summary>
/// Markets, positions, the lenders' shares and the leverage state the controller steers. The vault account holds
/// lenders' TAO plus every open position's margin: lenders' assets = vault − Σ margins.
/// </summary>
public sealed class PerpsState : ModuleState
{
    public SortedDictionary<string, PerpMarket> Markets { get; private set; } = new(StringComparer.Ordinal);
    public SortedDictionary<long, PerpPosition> Positions { get; private set; } = [];
    public long NextPositionId { get; set; } = 1;
    public Amount TotalMargin { get; set; }
    public UInt128 LenderShares { get; set; }
    public SortedDictionary<string, UInt128> Lenders { get; private set; } = new(StringComparer.Ordinal);

    /// <summary>Caps unlocked so far: 1 → Cap1 (40×) … 4 → Cap4 (10,000×).</summary>
    public int UnlockedCaps { get; set; } = 1;
    /// <summary>L_max now: the controller lowers and raises it within the unlocked cap.</summary>
    public Fixed MaxLeverage { get; set; } = Fixed.FromInt(40);
    /// <summary>New leverage paused by the controller's circuit breaker.</summary>
    public bool LeverageHalted { get; set; }

    public Amount FeesToLenders { get; set; }
    public Amount LenderLosses { get; set; }
    public Amount InsurancePaid { get; set; }
    public Amount UnpaidProfit { get; set; }
    /// <summary>Σ funding paid by traders (negative: received); the vault is the other side, so trader + vault = 0.</summary>
    public Int128 FundingFromTradersRao { get; set; }
    public long Liquidations { get; set; }

    /// <summary>Derived, per market: open positions by liquidation price (not hashed; rebuilt from positions).</summary>
    internal Dictionary<string, LiquidationBook> Books { get; private set; } = new(StringComparer.Ordinal);

    public override ModuleState Clone()
    {
        var copy = (PerpsState)MemberwiseClone();
        copy.Markets = new(Markets.ToDictionary(kv => kv.Key, kv => kv.Value.Clone()), StringComparer.Ordinal);
        copy.Positions = new(Positions.ToDictionary(kv => kv.Key, kv => kv.Value.Clone()));
        copy.Lenders = new(Lenders, StringComparer.Ordinal);
        copy.Books = Books.ToDictionary(kv => kv.Key, kv => kv.Value.Clone(), StringComparer.Ordinal);
        return copy;
    }

    public override void WriteHash(StateHasher h)
    {
        h.Write("perps");
        h.Write(Markets.Count);
        foreach (var m in Markets.Values)
        {
            h.Write(m.Id); h.Write(m.IndexSource); h.Write(m.GuardSource ?? ""); h.Write(m.QuoteIsTao); h.Write(m.BaseReserve); h.Write(m.QuoteReserve);
            h.Write(m.CumulativeFunding); h.Write(m.LastFundingBlock); h.Write(m.LastFundingRate); h.Write(m.LongSize); h.Write(m.ShortSize);
            h.Write(m.OpenNotional); h.Write(m.LeverageNotional); h.Write(m.Peg); h.Write(m.DepthScale);
        }
        h.Write(Positions.Count);
        foreach (var p in Positions.Values)
        {
            h.Write(p.Id); h.Write(p.Trader); h.Write(p.Market); h.Write(p.Size); h.Write(p.OpenNotional); h.Write(p.Margin); h.Write(p.Leverage);
            h.Write(p.EntryPrice); h.Write(p.FundingAtOpen); h.Write(p.OpenedAt); h.Write(p.LiquidationPrice);
        }
        h.Write(NextPositionId); h.Write(TotalMargin); h.Write(LenderShares);
        h.Write(Lenders.Count);
        foreach (var (name, shares) in Lenders) { h.Write(name); h.Write(shares); }
        h.Write(UnlockedCaps); h.Write(MaxLeverage); h.Write(LeverageHalted);
        h.Write(FeesToLenders); h.Write(LenderLosses); h.Write(InsurancePaid); h.Write(UnpaidProfit); h.Write(FundingFromTradersRao); h.Write(Liquidations);
    }

    public override object Describe(EngineContext ctx) => PerpsBook.Describe(ctx, this);
}
