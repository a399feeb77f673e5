using Ballast.Core.Blocks;
using Ballast.Core.Hashing;
using Ballast.Core.Modules;
using Ballast.Core.Numerics;
using Ballast.Margin.Liquidation;
using Ballast.Margin.Model;

namespace Ballast.Margin;

/// <summary>
/// The margin protocol's books. TAO sits in the vault account; these fields say whose it is:
/// free LP liquidity (<see cref="LpAssets"/> − <see cref="TotalBorrowed"/>), traders' added collateral, pending LP
/// fees, protocol fees, the buyback pool, liquidator rewards and users' claims. <see cref="MarginQueries.Solvency"/>
/// checks the vault covers them all.
/// </summary>
public sealed class MarginState : ModuleState
{
    // ---------- configuration chosen at genesis ----------
    public string ProtocolHotkey { get; set; } = "tenex-validator";
    public string OwnerAccount { get; set; } = MarginModule.OwnerFeesAccount;
    public string TreasuryAccount { get; set; } = MarginModule.TreasuryAccount;

    // ---------- pairs and positions ----------
    public SortedDictionary<int, AlphaPair> Pairs { get; private set; } = [];
    public SortedDictionary<long, Position> Positions { get; private set; } = [];
    public long NextPositionId { get; set; } = 1;
    public SortedDictionary<long, LiquidationWindow> Windows { get; private set; } = [];

    // ---------- lending ----------
    /// <summary>TAO owed to LPs as principal: deposits − withdrawals − uncovered bad debt.</summary>
    public Amount LpAssets { get; set; }
    public UInt128 TotalLpShares { get; set; }
    public SortedDictionary<string, LiquidityProvider> Lps { get; private set; } = new(StringComparer.Ordinal);
    public Amount TotalBorrowed { get; set; }
    public Amount TotalAddedCollateral { get; set; }
    public Amount TotalInitialCollateral { get; set; }
    /// <summary>Σ borrow rate per period since genesis, ppb of principal.</summary>
    public UInt128 BorrowIndex { get; set; }
    public long LastAccrualBlock { get; set; }

    // ---------- fees and rewards ----------
    /// <summary>LP fee rewards per share, scaled by 1e18.</summary>
    public UInt128 AccFeePerShare { get; set; }
    public UInt128 AccEmissionPerShare { get; set; }
    public Amount PendingLpFees { get; set; }
    public Amount PendingLpEmission { get; set; }
    public Amount ProtocolFees { get; set; }
    public Amount BuybackPool { get; set; }
    public long LastBuybackBlock { get; set; } = long.MinValue / 2;
    public SortedDictionary<string, Amount> LiquidatorRewards { get; private set; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, Amount> UserClaims { get; private set; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, Amount> Crowdloan { get; private set; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, long> LastUserAction { get; private set; } = new(StringComparer.Ordinal);

    // ---------- insurance, bad debt, breaker ----------
    public Amount InsuranceReceived { get; set; }
    public Amount InsuranceDrawn { get; set; }
    public Amount BadDebtCovered { get; set; }
    public Amount BadDebtUncovered { get; set; }
    public bool BreakerTripped { get; set; }

    // ---------- statistics ----------
    public Amount TotalTradingFees { get; set; }
    public Amount TotalBorrowingFees { get; set; }
    public Amount TotalLiquidationFees { get; set; }
    public long Liquidations { get; set; }
    public Amount TaoSpentOnBuybacks { get; set; }
    public Amount AlphaBoughtBack { get; set; }
    public Amount AlphaBurned { get; set; }

    /// <summary>Per-pair liquidation indexes (derived: rebuilt from positions, not hashed).</summary>
    internal Dictionary<int, LiquidationIndex> Indexes { get; private set; } = [];

    public override ModuleState Clone()
    {
        var copy = (MarginState)MemberwiseClone();
        copy.Pairs = new(Pairs.ToDictionary(kv => kv.Key, kv => kv.Value.Clone()));
        copy.Positions = new(Positions.ToDictionary(kv => kv.Key, kv => kv.Value.Clone()));
        copy.Windows = new(Windows.ToDictionary(kv => kv.Key, kv => kv.Value.Clone()));
        copy.Lps = new(Lps.ToDictionary(kv => kv.Key, kv => kv.Value.Clone()), StringComparer.Ordinal);
        copy.LiquidatorRewards = new(LiquidatorRewards, StringComparer.Ordinal);
        copy.UserClaims = new(UserClaims, StringComparer.Ordinal);
        copy.Crowdloan = new(Crowdloan, StringComparer.Ordinal);
        copy.LastUserAction = new(LastUserAction, StringComparer.Ordinal);
        copy.Indexes = Indexes.ToDictionary(kv => kv.Key, kv => kv.Value.Clone());
        return copy;
    }

    public override void WriteHash(StateHasher h)
    {
        h.Write("margin");
        h.Write(ProtocolHotkey); h.Write(OwnerAccount); h.Write(TreasuryAccount);
        h.Write(Pairs.Count);
        foreach (var p in Pairs.Values)
        {
            h.Write(p.Netuid); h.Write(p.MaxLeverage); h.Write(p.LiquidationThresholdPpb); h.Write(p.MaxSlippageBps); h.Write(p.Active);
            h.Write(p.TotalCollateral); h.Write(p.TotalBorrowed); h.Write(p.TotalAlpha);
        }
        h.Write(Positions.Count);
        foreach (var p in Positions.Values)
        {
            h.Write(p.Id); h.Write(p.Owner); h.Write(p.Netuid); h.Write(p.InitialCollateral); h.Write(p.AddedCollateral);
            h.Write(p.Borrowed); h.Write(p.Alpha); h.Write(p.Leverage); h.Write(p.EntryPrice); h.Write(p.OpenedAt); h.Write(p.BorrowIndexAtOpen);
        }
        h.Write(NextPositionId);
        h.Write(Windows.Count);
        foreach (var (id, w) in Windows)
        {
            h.Write(id); h.Write(w.FirstBlock); h.Write(w.LastCallBlock); h.Write(w.Callers.Count);
            foreach (var c in w.Callers) h.Write(c);
        }
        h.Write(LpAssets); h.Write(TotalLpShares);
        h.Write(Lps.Count);
        foreach (var (name, lp) in Lps)
        {
            h.Write(name); h.Write(lp.Shares); h.Write(lp.FeeDebt); h.Write(lp.EmissionDebt); h.Write(lp.PendingFees); h.Write(lp.PendingEmission); h.Write(lp.LastActionBlock);
        }
        h.Write(TotalBorrowed); h.Write(TotalAddedCollateral); h.Write(TotalInitialCollateral); h.Write(BorrowIndex); h.Write(LastAccrualBlock);
        h.Write(AccFeePerShare); h.Write(AccEmissionPerShare); h.Write(PendingLpFees); h.Write(PendingLpEmission);
        h.Write(ProtocolFees); h.Write(BuybackPool); h.Write(LastBuybackBlock);
        WriteMap(h, LiquidatorRewards); WriteMap(h, UserClaims); WriteMap(h, Crowdloan);
        h.Write(LastUserAction.Count);
        foreach (var (name, block) in LastUserAction) { h.Write(name); h.Write(block); }
        h.Write(InsuranceReceived); h.Write(InsuranceDrawn); h.Write(BadDebtCovered); h.Write(BadDebtUncovered); h.Write(BreakerTripped);
        h.Write(TotalTradingFees); h.Write(TotalBorrowingFees); h.Write(TotalLiquidationFees); h.Write(Liquidations);
        h.Write(TaoSpentOnBuybacks); h.Write(AlphaBoughtBack); h.Write(AlphaBurned);
    }

    private static void WriteMap(StateHasher h, SortedDictionary<string, Amount> map)
    {
        h.Write(map.Count);
        foreach (var (k, v) in map) { h.Write(k); h.Write(v); }
    }

    public override object Describe(EngineContext ctx) => MarginQueries.Describe(ctx, this);
}
