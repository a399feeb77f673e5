using Ballast.Core.Blocks;
using Ballast.Core.Numerics;

namespace Ballast.Cover;

// ---------- genesis ----------

/// <summary>
/// Genesis only: the base token (sale, settlement and capital currency; TAO by default), the platform token cover is
/// bought with and assessors stake (created by the module when it does not exist; "ALT" by default), and the price
/// source giving the platform token's price in the base token ("ALT/TAO" by default).
/// </summary>
public sealed record GenesisCoverConfig(string? BaseToken = null, string? PlatformToken = null, string? PlatformPriceSource = null)
    : IGenesisTransaction;

// ---------- fund and DAO treasury ----------

/// <summary>Adds base token to the DAO treasury that lends to the fund when a settlement exceeds it (anyone may fund it).</summary>
public sealed record FundDao(Amount Amount) : ITransaction;

/// <summary>Adds capital to the insurance fund: the base token or the platform token (anyone may add it).</summary>
public sealed record AddCapital(string Token, Amount Amount) : ITransaction;

// ---------- launchpad ----------

/// <summary>
/// Lists an IDO project (launchpad role): <paramref name="SaleSupply"/> of <paramref name="Token"/> sold at
/// <paramref name="IdoPrice"/> base token per token between <paramref name="SaleStartBlock"/> and
/// <paramref name="SaleEndBlock"/> (the launch), settled against <paramref name="PriceSource"/> (a pool TWAP such as
/// <c>subnet:5</c> or a feed). An existing token's supply is escrowed from the sender; a new symbol is created and
/// minted into the escrow. <paramref name="VolatilityBps"/> (annual, bps) prices its cover (the default when omitted);
/// <paramref name="RiskAdjustmentBps"/> is the governance risk factor added to the premium rate.
/// </summary>
public sealed record ListProject(
    string Token,
    Fixed IdoPrice,
    Amount SaleSupply,
    long SaleStartBlock,
    long SaleEndBlock,
    string PriceSource,
    long? VolatilityBps = null,
    long RiskAdjustmentBps = 0) : ITransaction;

/// <summary>Buys <paramref name="Tokens"/> of a project's sale at its IDO price (paid to the project owner in the base token).</summary>
public sealed record BuyAllocation(long ProjectId, Amount Tokens) : ITransaction;

/// <summary>
/// Buys cover on <paramref name="Tokens"/> of the sender's allocation, paying the premium in the platform token into
/// the fund (later premiums repay DAO loans first); refused above <paramref name="MaxPremium"/> platform units when given.
/// </summary>
public sealed record BuyCover(long ProjectId, Amount Tokens, Amount? MaxPremium = null) : ITransaction;

/// <summary>Governor: sets a project's risk factor, added to its premium rate (bps of the sum insured, −5,000 to 10,000).</summary>
public sealed record SetRiskAdjustment(long ProjectId, long RiskAdjustmentBps) : ITransaction;

/// <summary>
/// Settles a project at or after its settlement block (anyone may call it): the average price over the window, then
/// every cover's shortfall Tokens·max(0, IDO − average) paid from the fund, the DAO treasury lending what the fund
/// lacks; what neither holds is paid pro rata and recorded unpaid.
/// </summary>
public sealed record Settle(long ProjectId) : ITransaction;

/// <summary>
/// Governor: repays DAO loans (oldest first) with up to <paramref name="Amount"/> of the fund's base token — after
/// the premiums, the second way a loan is repaid (when the fund holds base token it does not need).
/// </summary>
public sealed record RepayLoansFromFund(Amount Amount) : ITransaction;
