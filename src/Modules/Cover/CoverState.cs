using Ballast.Core.Blocks;
using Ballast.Core.Modules;
using Ballast.Core.Numerics;
using Ballast.Core.State;
using Ballast.Cover.Model;

namespace Ballast.Cover;

/// <summary>
/// The cover module's books: the configuration chosen at genesis, projects and their windows, covers, DAO loans and
/// totals. Tokens sit in ledger accounts (the fund <c>cover:fund</c>, the DAO treasury <c>cover:dao</c>, each sale's
/// escrow); these fields say what they are for. Every field declared once (journaled, hashed, cloned).
/// </summary>
internal sealed class CoverState : ModuleState
{
    // ---------- configuration chosen at genesis ----------
    public bool Configured { get; set => Set(ref field, value); }
    /// <summary>The sale and settlement currency, and the unit of capital (TAO unless configured).</summary>
    public string BaseToken { get; set => Set(ref field, value); } = "TAO";
    /// <summary>The platform token cover is bought with, also the member token assessors stake ("ALT").</summary>
    public string PlatformToken { get; set => Set(ref field, value); } = "ALT";
    /// <summary>The price source of the platform token in the base token.</summary>
    public string PlatformPriceSource { get; set => Set(ref field, value); } = "ALT/TAO";

    // ---------- launchpad and cover ----------
    public StateMap<long, Project> Projects { get; } = new();
    public long NextProjectId { get; set => Set(ref field, value); } = 1;
    /// <summary>Projects not yet settled, whose windows the block hook samples.</summary>
    public StateMap<long, bool> Unsettled { get; } = new();
    public StateMap<long, CoverPolicy> Covers { get; } = new();
    public long NextCoverId { get; set => Set(ref field, value); } = 1;

    // ---------- fund and DAO loans ----------
    public StateMap<long, DaoLoan> Loans { get; } = new();
    public long NextLoanId { get; set => Set(ref field, value); } = 1;
    public Amount PremiumsPlatform { get; set => Set(ref field, value); }
    public Amount PremiumsToLoansPlatform { get; set => Set(ref field, value); }
    public Amount PaidOut { get; set => Set(ref field, value); }
    public Amount Unpaid { get; set => Set(ref field, value); }
    public Amount Lent { get; set => Set(ref field, value); }
    public Amount LoansRepaid { get; set => Set(ref field, value); }
    /// <summary>Base token the fund itself paid the DAO back (governance's <c>cover.repayLoansFromFund</c>).</summary>
    public Amount RepaidFromFund { get; set => Set(ref field, value); }

    // ---------- claims assessment ----------
    public StateMap<string, Staker> Stakers { get; } = new();
    public StateMap<long, Claim> Claims { get; } = new();
    public long NextClaimId { get; set => Set(ref field, value); } = 1;

    public override object Describe(EngineView view) => CoverQueries.Overview(view);
}
