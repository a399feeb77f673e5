using Ballast.Core.Blocks;
using Ballast.Core.Numerics;

namespace Ballast.Cover;

/// <summary><c>cover.configured</c>: the base token, the platform token and its price source.</summary>
public sealed record CoverConfigured(string BaseToken, string PlatformToken, string PlatformPriceSource, bool PlatformTokenCreated) : IEvent;

/// <summary><c>cover.daoFunded</c>: base token added to the DAO treasury.</summary>
public sealed record DaoFunded(string From, Amount Amount) : IEvent;

/// <summary><c>cover.capitalAdded</c>: capital added to the fund in the base or the platform token.</summary>
public sealed record CapitalAdded(string From, string Token, Amount Amount) : IEvent;

/// <summary><c>cover.projectListed</c>: a project, its sale, its settlement block and window, and its premium inputs.</summary>
public sealed record ProjectListed(long ProjectId, string Owner, string Token, Fixed IdoPrice, Amount SaleSupply, long SaleStartBlock,
    long SaleEndBlock, long SettlementBlock, long WindowStartBlock, string PriceSource, Fixed Volatility, long RiskAdjustmentBps, bool TokenCreated) : IEvent;

/// <summary><c>cover.allocationBought</c>: tokens bought at the IDO price, and what the buyer paid.</summary>
public sealed record AllocationBought(long ProjectId, string Buyer, Amount Tokens, Amount Paid) : IEvent;

/// <summary>
/// <c>cover.coverBought</c>: a cover, its sum insured (base), the premium in the platform token and its base value, and
/// how much of the premium repaid DAO loans.
/// </summary>
public sealed record CoverBought(long CoverId, long ProjectId, string Owner, Amount Tokens, Amount SumInsured, Amount PremiumPlatform,
    Amount PremiumBase, Fixed PremiumRate, Amount ToLoansPlatform) : IEvent;

/// <summary><c>cover.riskAdjusted</c>: a project's governance risk factor changed.</summary>
public sealed record RiskAdjusted(long ProjectId, long FromBps, long ToBps) : IEvent;

/// <summary>
/// <c>cover.projectSettled</c>: the settlement price and how it was averaged (samples and days), what the covers were
/// owed, what was paid, what the DAO lent for it, and what neither fund nor loan could pay.
/// </summary>
public sealed record ProjectSettled(long ProjectId, Fixed SettlementPrice, AveragingRule Averaging, long Samples, long MissingSamples,
    long Days, Amount Owed, Amount Paid, Amount Lent, Amount Unpaid) : IEvent;

/// <summary><c>cover.coverSettled</c>: one cover's payout at settlement (zero when the average held the IDO price).</summary>
public sealed record CoverSettled(long CoverId, string Owner, Amount Owed, Amount Paid, Amount Unpaid) : IEvent;

/// <summary><c>cover.loanTaken</c>: the DAO treasury lent the fund base token, on these terms.</summary>
public sealed record LoanTaken(long LoanId, long ProjectId, Amount Principal, long RateBps) : IEvent;

/// <summary><c>cover.loanRepaid</c>: a premium's platform tokens repaid a loan (their base value), and what is still owed.</summary>
public sealed record LoanRepaid(long LoanId, Amount Platform, Amount Value, Amount Outstanding, bool Closed) : IEvent;
