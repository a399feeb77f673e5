using Ballast.Core.Numerics;
using Ballast.Core.State;

namespace Ballast.Cover.Model;

/// <summary>Where an IDO project stands.</summary>
public enum ProjectStatus
{
    /// <summary>Listed; allocations and cover sell between the sale's start and end.</summary>
    Listed,
    /// <summary>Settled against its average price: covers paid (or expired with nothing owed).</summary>
    Settled,
}

/// <summary>A buyer's allocation of a project: tokens bought at the IDO price, and how many of them are covered.</summary>
public sealed record Allocation(Amount Bought, Amount Covered);

/// <summary>
/// An IDO project on the launchpad: its token sold at <see cref="IdoPrice"/> (base-token per token) from the sale's
/// escrow during [<see cref="SaleStartBlock"/>, <see cref="SaleEndBlock"/>), the price source its settlement averages,
/// the premium inputs, and the running sums of the averaging window [<see cref="WindowStartBlock"/>,
/// <see cref="SettlementBlock"/>) that the block hook samples (one per block: the source's one-block TWAP).
/// </summary>
internal sealed class Project : StateObject
{
    public required long Id { get; init; }
    public required string Owner { get; init; }
    public required string Token { get; init; }
    public required string EscrowAccount { get; init; }
    /// <summary>Base-token units per whole project token (18 decimals).</summary>
    public required Fixed IdoPrice { get; init; }
    public required Amount SaleSupply { get; init; }
    public Amount Sold { get; set => Set(ref field, value); }
    public required long SaleStartBlock { get; init; }
    /// <summary>The IDO launch: sales and cover stop; the cover term starts.</summary>
    public required long SaleEndBlock { get; init; }
    public required long SettlementBlock { get; init; }
    public required long WindowStartBlock { get; init; }
    public required string PriceSource { get; init; }
    /// <summary>Annual volatility the premium uses (from comparables or the default).</summary>
    public required Fixed Volatility { get; init; }
    /// <summary>The governance risk factor added to the premium rate (bps of the sum insured; may be negative).</summary>
    public long RiskAdjustmentBps { get; set => Set(ref field, value); }
    public required AveragingRule Averaging { get; init; }
    public ProjectStatus Status { get; set => Set(ref field, value); }

    // ---------- the averaging window ----------
    public Fixed PriceSum { get; set => Set(ref field, value); }
    public long Samples { get; set => Set(ref field, value); }
    public long MissingSamples { get; set => Set(ref field, value); }
    /// <summary>Day of the window (0-based, 7,200-block days from its start) whose peak <see cref="DayPeak"/> holds.</summary>
    public long DayIndex { get; set => Set(ref field, value); } = -1;
    public Fixed DayPeak { get; set => Set(ref field, value); }
    public Fixed PeakSum { get; set => Set(ref field, value); }
    public long PeakDays { get; set => Set(ref field, value); }

    // ---------- cover written and settled ----------
    public Amount CoveredTokens { get; set => Set(ref field, value); }
    public Amount SumInsured { get; set => Set(ref field, value); }
    public Amount PremiumsPlatform { get; set => Set(ref field, value); }
    public Fixed SettlementPrice { get; set => Set(ref field, value); }
    public Amount PaidOut { get; set => Set(ref field, value); }
    public Amount Unpaid { get; set => Set(ref field, value); }
    public StateMap<string, Allocation> Allocations { get; } = new();
}
