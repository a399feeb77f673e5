using Ballast.Capital;
using Ballast.Core.Blocks;
using Ballast.Core.Ledger;
using Ballast.Core.Numerics;
using Ballast.Cover.Model;
using Ballast.Cover.Pricing;

namespace Ballast.Cover.Fund;

/// <summary>The fund's capital against the recorded requirement: both in base-token units, and their ratio (null without a requirement).</summary>
public sealed record CapitalPosition(Amount Capital, Amount? MinimumCapital, Fixed? Ratio, bool RequirementRecorded, string Source);

/// <summary>
/// The insurance fund (<c>cover:fund</c>) and the DAO treasury (<c>cover:dao</c>): valuation of the fund's capital,
/// payouts with the DAO's loan when the fund is short, and loan repayment from premiums. Capital is the fund's base
/// token plus its platform tokens at the platform price (zero while that price is unavailable) less what the fund owes
/// the DAO.
/// </summary>
internal static class InsuranceFund
{
    public const string FundAccount = "cover:fund";
    public const string DaoAccount = "cover:dao";

    public static Amount BalanceOf(EngineView view, string account, string symbol) =>
        view.Ledger.TryGetAccount(account, out var id) && view.Ledger.TryGetToken(symbol, out var token) ? view.Ledger.BalanceOf(id, token) : Amount.Zero;

    /// <summary>The platform token's price in the base token, or false when its source is unknown, unposted or stale.</summary>
    public static bool TryPlatformPrice(EngineView view, out Fixed price)
    {
        var s = view.State<CoverState>();
        return view.Prices.TryGetSpot(s.PlatformPriceSource, view.Height, out price).Accepted && price.IsPositive;
    }

    /// <summary>What a loan still owes at this height: principal plus simple interest (rounded up) less repayments.</summary>
    public static Amount Outstanding(DaoLoan loan, long height)
    {
        if (loan.ClosedAt >= 0) return Amount.Zero;
        var elapsed = (UInt128)Math.Max(0, height - loan.LentAt);
        var denominator = (UInt128)(365 * BlockClock.BlocksPerDay) * 10_000;
        var interest = loan.Principal.MulDiv(elapsed * (UInt128)loan.RateBps, denominator, Rounding.Up);
        return (loan.Principal + interest).SaturatingSub(loan.Repaid);
    }

    public static Amount TotalOutstanding(EngineView view)
    {
        var total = Amount.Zero;
        foreach (var (_, loan) in view.State<CoverState>().Loans) total += Outstanding(loan, view.Height);
        return total;
    }

    /// <summary>The fund's capital in base-token units: base + platform·price − loans owed, floored at zero.</summary>
    public static Amount Capital(EngineView view)
    {
        var s = view.State<CoverState>();
        var assets = BalanceOf(view, FundAccount, s.BaseToken);
        if (TryPlatformPrice(view, out var price)) assets += price.MulAmount(BalanceOf(view, FundAccount, s.PlatformToken), Rounding.Down);
        return assets.SaturatingSub(TotalOutstanding(view));
    }

    /// <summary>The capital position: the requirement from the capital module (or what the parameters say applies without one).</summary>
    public static CapitalPosition Position(EngineView view)
    {
        var s = view.State<CoverState>();
        var p = view.Params<CoverParameters>();
        var capital = Capital(view);
        var record = view.Port<ICapitalRequirement>().Latest(view);
        if (record is not null)
        {
            if (record.BaseToken != s.BaseToken)
                return new CapitalPosition(capital, null, null, true, $"recorded in {record.BaseToken}, not the fund's base token {s.BaseToken}");
            return new CapitalPosition(capital, record.MinimumCapital, RatioOf(capital, record.MinimumCapital), true,
                $"recorded at block {record.RecordedAtBlock} (inputs locked at {record.InputsLockedAtBlock}, hash {record.InputsHash})");
        }
        if (p.NoRequirement == NoRequirementRule.Fallback)
        {
            var fallback = new Amount((UInt128)p.FallbackMinimumCapitalRao);
            return new CapitalPosition(capital, fallback, RatioOf(capital, fallback), false, "no requirement recorded: FallbackMinimumCapitalRao applies");
        }
        return new CapitalPosition(capital, null, null, false, "no requirement recorded: new cover halts (NoRequirement = halt)");
    }

    private static Fixed? RatioOf(Amount capital, Amount minimum) =>
        minimum.IsZero ? null : Fixed.Ratio(capital, minimum, Rounding.Down);

    /// <summary>
    /// Pays <paramref name="owed"/> (cover id, owner, amount) from the fund in the base token. When the fund's base
    /// token falls short the DAO treasury lends the difference (as far as it holds it); when both fall short every
    /// payout is cut by the same fraction (rounded down). Returns the paid amounts, the loan and the unpaid total.
    /// </summary>
    public static (Amount[] Paid, Amount Lent, long LoanId) Pay(EngineContext ctx, long projectId, IReadOnlyList<(long CoverId, string Owner, Amount Owed)> owed)
    {
        var s = ctx.State<CoverState>();
        var p = ctx.Params<CoverParameters>();
        ctx.ResolveToken(s.BaseToken, out var baseToken);
        var fund = ctx.Ledger.GetOrCreateModuleAccount(FundAccount);
        var total = Amount.Zero;
        foreach (var o in owed) total += o.Owed;
        var inFund = ctx.Ledger.BalanceOf(fund, baseToken);
        Amount lent = Amount.Zero;
        long loanId = 0;
        if (total > inFund)
        {
            var dao = ctx.Ledger.GetOrCreateModuleAccount(DaoAccount);
            lent = Amount.Min(total - inFund, ctx.Ledger.BalanceOf(dao, baseToken));
            if (!lent.IsZero)
            {
                ctx.Ledger.TryTransfer(dao, fund, baseToken, lent);
                loanId = s.NextLoanId++;
                s.Loans.Add(loanId, new DaoLoan { Id = loanId, ProjectId = projectId, Principal = lent, RateBps = p.LoanInterestBps.Value, LentAt = ctx.Height });
                s.Lent += lent;
                ctx.Emit(new LoanTaken(loanId, projectId, lent, p.LoanInterestBps.Value));
            }
        }
        var available = inFund + lent;
        var paid = new Amount[owed.Count];
        for (int i = 0; i < owed.Count; i++)
        {
            paid[i] = available >= total ? owed[i].Owed : owed[i].Owed.MulDiv(available, total, Rounding.Down);
            if (paid[i].IsZero) continue;
            ctx.ResolveAccount(owed[i].Owner, out var to);
            if (!ctx.Ledger.TryTransfer(fund, to, baseToken, paid[i]))
                throw new InvariantViolationException($"the cover fund cannot pay {paid[i]} it was counted to hold");
        }
        return (paid, lent, loanId);
    }

    /// <summary>
    /// Moves a premium of <paramref name="premium"/> platform tokens from <paramref name="payer"/>: first to the DAO
    /// treasury against open loans (oldest first, valued at <paramref name="price"/>), the rest into the fund. Returns
    /// the platform tokens that went to loans.
    /// </summary>
    public static Amount TakePremium(EngineContext ctx, AccountId payer, Amount premium, Fixed price)
    {
        var s = ctx.State<CoverState>();
        ctx.ResolveToken(s.PlatformToken, out var platform);
        var remaining = premium;
        var toLoans = Amount.Zero;
        if (price.IsPositive)
        {
            foreach (var (_, loan) in s.Loans)
            {
                if (remaining.IsZero) break;
                if (loan.ClosedAt >= 0) continue;
                var outstanding = Outstanding(loan, ctx.Height);
                var needed = price.DivAmount(outstanding, Rounding.Up);
                var used = Amount.Min(remaining, needed);
                var closes = used == needed;
                var value = closes ? outstanding : price.MulAmount(used, Rounding.Down);
                ctx.Ledger.TryTransfer(payer, ctx.Ledger.GetOrCreateModuleAccount(DaoAccount), platform, used);
                loan.Repaid += value;
                loan.RepaidPlatform += used;
                if (closes) loan.ClosedAt = ctx.Height;
                s.LoansRepaid += value;
                remaining -= used;
                toLoans += used;
                ctx.Emit(new LoanRepaid(loan.Id, used, value, closes ? Amount.Zero : Outstanding(loan, ctx.Height), closes));
            }
        }
        if (!remaining.IsZero) ctx.Ledger.TryTransfer(payer, ctx.Ledger.GetOrCreateModuleAccount(FundAccount), platform, remaining);
        return toLoans;
    }

    /// <summary>Moves up to <paramref name="amount"/> of the fund's base token to the DAO against open loans, oldest first; returns what moved.</summary>
    public static Amount RepayFromFund(EngineContext ctx, Amount amount)
    {
        var s = ctx.State<CoverState>();
        ctx.ResolveToken(s.BaseToken, out var baseToken);
        var fund = ctx.Ledger.GetOrCreateModuleAccount(FundAccount);
        var remaining = Amount.Min(amount, ctx.Ledger.BalanceOf(fund, baseToken));
        var moved = Amount.Zero;
        foreach (var (_, loan) in s.Loans)
        {
            if (remaining.IsZero) break;
            if (loan.ClosedAt >= 0) continue;
            var outstanding = Outstanding(loan, ctx.Height);
            var used = Amount.Min(remaining, outstanding);
            bool closes = used == outstanding;
            if (!used.IsZero) ctx.Ledger.TryTransfer(fund, ctx.Ledger.GetOrCreateModuleAccount(DaoAccount), baseToken, used);
            loan.Repaid += used;
            if (closes) loan.ClosedAt = ctx.Height;
            s.LoansRepaid += used;
            s.RepaidFromFund += used;
            remaining -= used;
            moved += used;
            ctx.Emit(new LoanRepaid(loan.Id, Amount.Zero, used, closes ? Amount.Zero : Outstanding(loan, ctx.Height), closes));
        }
        return moved;
    }
}
