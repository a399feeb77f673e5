using System.Collections.ObjectModel;
using Ballast.Core.Blocks;
using Ballast.Core.Modules;
using Ballast.Core.Numerics;
using Ballast.Core.State;

namespace Ballast.Perps;

/// <summary>
/// Markets, positions, the lenders' shares and the leverage state the controller steers, each field declared once
/// (journaled, hashed and cloned from this declaration). The vault account holds lenders' TAO plus every open
/// position's margin: lenders' assets = vault − Σ margins.
/// </summary>
internal sealed class PerpsState : ModuleState
{
    public StateMap<string, PerpMarket> Markets { get; } = new();
    public StateMap<long, PerpPosition> Positions { get; } = new();
    public long NextPositionId { get; set => Set(ref field, value); } = 1;
    public Amount TotalMargin { get; set => Set(ref field, value); }
    public UInt128 LenderShares { get; set => Set(ref field, value); }
    public StateMap<string, UInt128> Lenders { get; } = new();

    /// <summary>Caps unlocked so far: 1 → <c>Caps[0]</c> (40×) … 4 → <c>Caps[3]</c> (10,000×).</summary>
    public int UnlockedCaps { get; set => Set(ref field, value); } = 1;
    /// <summary>L_max now: the controller lowers and raises it within the unlocked cap.</summary>
    public Fixed MaxLeverage { get; set => Set(ref field, value); } = Fixed.FromInt(40);
    /// <summary>New leverage paused by the controller's circuit breaker.</summary>
    public bool LeverageHalted { get; set => Set(ref field, value); }

    public Amount FeesToLenders { get; set => Set(ref field, value); }
    public Amount LenderLosses { get; set => Set(ref field, value); }
    public Amount InsurancePaid { get; set => Set(ref field, value); }
    public Amount UnpaidProfit { get; set => Set(ref field, value); }
    /// <summary>Σ funding paid by traders (negative: received); the vault is the other side, so trader + vault = 0.</summary>
    public Int128 FundingFromTradersRao { get; set => Set(ref field, value); }
    public long Liquidations { get; set => Set(ref field, value); }
    /// <summary>
    /// The depth budget: the lenders' value set aside to pay traders' gains when the controller makes a vAMM shallower
    /// (a share of each trading fee, plus what traders lost to deepenings). An accounting tally: the TAO stays in the vault.
    /// </summary>
    public Amount DepthBudget { get; set => Set(ref field, value); }
    /// <summary>Σ traders' gains paid by depth changes (out of the budget) and Σ their losses to them (into it).</summary>
    public Amount DepthCostPaid { get; set => Set(ref field, value); }
    public Amount DepthGainKept { get; set => Set(ref field, value); }

    /// <summary>
    /// Derived: the market ids in order, read-only, for the levers port (iterated by index: no enumerator per block).
    /// Markets are only ever added; <c>createMarket</c> replaces it, <see cref="RebuildDerived"/> rebuilds it.
    /// </summary>
    [Derived] internal ReadOnlyCollection<string> MarketIds { get; set; } = ReadOnlyCollection<string>.Empty;

    /// <summary>Derived: each account's one position per market, (trader, market) → position id; kept by the writers.</summary>
    [Derived] internal Dictionary<(string Trader, string Market), long> PositionOf { get; set; } = [];

    /// <summary>The market ids and the account index, from the markets and open positions (after a clone, and after a rolled-back transaction).</summary>
    protected override void RebuildDerived()
    {
        MarketIds = Array.AsReadOnly(Markets.Keys.ToArray());
        PositionOf = new Dictionary<(string, string), long>(Positions.Count);
        foreach (var market in Markets.Values) { market.OpenIds = []; market.Health = null; }
        foreach (var position in Positions.Values)
        {
            PositionOf[(position.Trader, position.Market)] = position.Id;
            Markets[position.Market].OpenIds.Add(position.Id);
        }
    }

    public override object Describe(EngineView view) => PerpsQueries.State(view);
}
