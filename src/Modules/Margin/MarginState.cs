using Ballast.Core.Blocks;
using Ballast.Core.Modules;
using Ballast.Core.Numerics;
using Ballast.Core.State;
using Ballast.Margin.Liquidation;
using Ballast.Margin.Model;

namespace Ballast.Margin;

/// <summary>
/// The margin protocol's books. TAO sits in the vault account; these fields say whose it is:
/// free LP liquidity (<see cref="LpAssets"/> − <see cref="TotalBorrowed"/>), traders' added collateral, pending LP
/// fees, protocol fees, the buyback pool, liquidator rewards and users' claims. The query <c>margin.solvency</c>
/// checks the vault covers them all. Every field is declared once (journaled, cloned, hashed and shown from this
/// declaration); each pair's liquidation index is derived.
/// </summary>
internal sealed class MarginState : ModuleState
{
    // ---------- configuration chosen at genesis ----------
    public string ProtocolHotkey { get; set => Set(ref field, value); } = "tenex-validator";
    public string OwnerAccount { get; set => Set(ref field, value); } = MarginModule.OwnerFeesAccount;
    public string TreasuryAccount { get; set => Set(ref field, value); } = MarginModule.TreasuryAccount;

    // ---------- pairs and positions ----------
    public StateMap<int, AlphaPair> Pairs { get; } = new();
    public StateMap<long, Position> Positions { get; } = new();
    public long NextPositionId { get; set => Set(ref field, value); } = 1;
    public StateMap<long, LiquidationWindow> Windows { get; } = new();

    // ---------- lending ----------
    /// <summary>TAO owed to LPs as principal: deposits − withdrawals − uncovered bad debt.</summary>
    public Amount LpAssets { get; set => Set(ref field, value); }
    public UInt128 TotalLpShares { get; set => Set(ref field, value); }
    public StateMap<string, LiquidityProvider> Lps { get; } = new();
    public Amount TotalBorrowed { get; set => Set(ref field, value); }
    public Amount TotalAddedCollateral { get; set => Set(ref field, value); }
    public Amount TotalInitialCollateral { get; set => Set(ref field, value); }
    /// <summary>Σ borrow rate per period since genesis, ppb of principal.</summary>
    public UInt128 BorrowIndex { get; set => Set(ref field, value); }
    public long LastAccrualBlock { get; set => Set(ref field, value); }
    /// <summary>Σ borrowed·(1e9 − borrowing discount) over open positions (rao·ppb): what one accrual's interest is charged on.</summary>
    public UInt128 BorrowWeight { get; set => Set(ref field, value); }
    /// <summary>Per-accrual LP interest: the LP part of accrued interest already in <see cref="LpAssets"/> but not yet repaid.</summary>
    public Amount InterestReceivable { get; set => Set(ref field, value); }
    /// <summary>Per-accrual LP interest that was credited but never repaid (a liquidation's unpaid interest, rounding), written off LpAssets.</summary>
    public Amount InterestWrittenOff { get; set => Set(ref field, value); }

    // ---------- fees and rewards ----------
    /// <summary>LP fee rewards per share, scaled by 1e18.</summary>
    public UInt128 AccFeePerShare { get; set => Set(ref field, value); }
    public UInt128 AccEmissionPerShare { get; set => Set(ref field, value); }
    public Amount PendingLpFees { get; set => Set(ref field, value); }
    public Amount PendingLpEmission { get; set => Set(ref field, value); }
    public Amount ProtocolFees { get; set => Set(ref field, value); }
    public Amount BuybackPool { get; set => Set(ref field, value); }
    public long LastBuybackBlock { get; set => Set(ref field, value); } = long.MinValue / 2;
    public StateMap<string, Amount> LiquidatorRewards { get; } = new();
    public StateMap<string, Amount> UserClaims { get; } = new();
    public StateMap<string, Amount> Crowdloan { get; } = new();
    /// <summary>Protocol-subnet alpha locked for tiers (<c>TierInputs.LockedInMargin</c>), held in <c>margin:tierlocks</c>.</summary>
    public StateMap<string, Amount> TierLocks { get; } = new();
    public StateMap<string, long> LastUserAction { get; } = new();

    // ---------- insurance, bad debt, breaker ----------
    public Amount InsuranceReceived { get; set => Set(ref field, value); }
    public Amount InsuranceDrawn { get; set => Set(ref field, value); }
    public Amount BadDebtCovered { get; set => Set(ref field, value); }
    public Amount BadDebtUncovered { get; set => Set(ref field, value); }
    public bool BreakerTripped { get; set => Set(ref field, value); }
    /// <summary>Which condition tripped the breaker when it last tripped (None while it is not tripped).</summary>
    public BreakerCondition BreakerCondition { get; set => Set(ref field, value); }

    // ---------- statistics ----------
    public Amount TotalTradingFees { get; set => Set(ref field, value); }
    public Amount TotalBorrowingFees { get; set => Set(ref field, value); }
    public Amount TotalLiquidationFees { get; set => Set(ref field, value); }
    public long Liquidations { get; set => Set(ref field, value); }
    public Amount TaoSpentOnBuybacks { get; set => Set(ref field, value); }
    public Amount AlphaBoughtBack { get; set => Set(ref field, value); }
    public Amount AlphaBurned { get; set => Set(ref field, value); }

    // ---------- the liquidation indexes (derived) ----------

    /// <summary>Each pair's liquidation index, present from the pair's listing on (an invariant: never built by a reader).</summary>
    public LiquidationIndex IndexOf(AlphaPair pair) =>
        pair.Index ?? throw new InvariantViolationException($"margin pair {pair.Netuid} has no liquidation index: a writer or RebuildDerived missed it");

    /// <summary>Builds (or re-keys) <paramref name="pair"/>'s index from its open positions at the current accumulator.</summary>
    public void RebuildIndex(AlphaPair pair)
    {
        var index = pair.Index ?? new LiquidationIndex();
        index.Rebuild(Positions.Values.Where(p => p.Netuid == pair.Netuid), pair.LiquidationThreshold, BorrowIndex);
        pair.Index = index;
    }

    /// <summary>A writer's re-keying of the pair's index (the accumulator moved far, or the pair's threshold changed).</summary>
    public void Reindex(AlphaPair pair)
    {
        RebuildIndex(pair);
        pair.IndexWritten();
    }

    /// <summary>A writer's update after a position was opened or changed.</summary>
    public void Reindex(Position position)
    {
        var pair = Pairs[position.Netuid];
        IndexOf(pair).Upsert(position, pair.LiquidationThreshold, BorrowIndex);
        pair.IndexWritten();
    }

    /// <summary>A writer's update after a position was closed or liquidated.</summary>
    public void Unindex(Position position)
    {
        var pair = Pairs[position.Netuid];
        IndexOf(pair).Remove(position.Id);
        pair.IndexWritten();
    }

    /// <summary>
    /// After a clone every index is rebuilt; after a rollback only those a rolled-back transaction wrote (their
    /// journaled version no longer matches the index's own).
    /// </summary>
    protected override void RebuildDerived()
    {
        foreach (var pair in Pairs.Values)
        {
            // Keys written at an earlier accumulator are bounds the scan allows for; one above it (an undone accrual) is not.
            if (pair.IndexCurrent && pair.Index!.KeyedAtIndex <= BorrowIndex) continue;
            RebuildIndex(pair);
            pair.IndexRebuilt();
        }
    }

    public override object Describe(EngineView view) => MarginQueries.Describe(view, this);
}

/// <summary>
/// Which condition holds the circuit breaker (TenexiumProtocol.sol, _updateLiquidityCircuitBreaker, checked in this
/// order): LP stakes below the minimum liquidity, or utilisation above the cap.
/// </summary>
public enum BreakerCondition
{
    /// <summary>Not tripped.</summary>
    None = 0,
    /// <summary>LP liquidity is below <c>MinLiquidityRao</c>.</summary>
    LiquidityBelowMinimum = 1,
    /// <summary>Utilisation is above <c>MaxUtilizationPpb</c>.</summary>
    UtilizationAboveCap = 2,
}
