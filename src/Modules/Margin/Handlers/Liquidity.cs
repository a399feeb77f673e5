using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Margin.Model;

namespace Ballast.Margin;

/// <summary>LP deposits, withdrawals and reward claims.</summary>
public sealed partial class MarginModule
{
    private static TxResult Apply(EngineContext ctx, DepositLiquidity tx)
    {
        var state = ctx.State<MarginState>();
        var p = ctx.Params<MarginParameters>();
        var r = EngineContext.CheckAmount(tx.Amount, "LP deposit");
        if (!r.Accepted) return r;
        if (tx.Amount.Units < (UInt128)p.MinLpDepositRao)
            return TxResult.Reject(MarginErrors.DepositBelowMinimum, $"an LP deposit is at least {new Amount((UInt128)p.MinLpDepositRao).ToTokenString()} TAO; got {tx.Amount.ToTokenString()}");
        if (state.TotalLpShares != 0 && state.LpAssets.IsZero)
            return TxResult.Reject(MarginErrors.InsufficientLiquidity, "the LP pool's assets were wiped out by bad debt; it takes deposits again after an insurance draw");
        // Shares at the current value: 1:1 while no bad debt has been socialised.
        var shares = state.TotalLpShares == 0
            ? tx.Amount.Units
            : FullMath.MulDiv(tx.Amount.Units, state.TotalLpShares, state.LpAssets.Units, Rounding.Down);
        if (shares == 0)
            return TxResult.Reject(MarginErrors.DepositBelowMinimum, $"{tx.Amount} rao buys no LP share at the current share value");
        if (!ctx.Ledger.TryTransfer(ctx.SenderId, Books.Account(ctx, VaultAccount), ctx.Tao, tx.Amount))
            return ctx.InsufficientBalance(ctx.Sender, ctx.Tao, tx.Amount);
        if (!state.Lps.TryGetValue(ctx.Sender, out var lp)) state.Lps.Add(ctx.Sender, lp = new LiquidityProvider());
        Books.Settle(state, lp);
        lp.Shares += shares;
        Books.ResetDebts(state, lp);
        lp.LastActionBlock = ctx.Height;
        state.TotalLpShares += shares;
        state.LpAssets += tx.Amount;
        ctx.Emit(new LiquidityDeposited(ctx.Sender, tx.Amount, shares));
        Books.UpdateBreaker(ctx, state, p);
        return TxResult.Ok;
    }

    private static TxResult Apply(EngineContext ctx, WithdrawLiquidity tx)
    {
        var state = ctx.State<MarginState>();
        var p = ctx.Params<MarginParameters>();
        var r = EngineContext.CheckAmount(tx.Amount, "LP withdrawal");
        if (!r.Accepted) return r;
        if (!state.Lps.TryGetValue(ctx.Sender, out var lp) || lp.Shares == 0)
            return TxResult.Reject(MarginErrors.NotLiquidityProvider, $"{ctx.Sender} holds no LP shares");
        if (ctx.Height < lp.LastActionBlock + p.LpCooldownBlocks)
            return TxResult.Reject(MarginErrors.LpCooldown,
                $"{ctx.Sender}'s last LP action was at block {lp.LastActionBlock}; withdrawals open at block {lp.LastActionBlock + p.LpCooldownBlocks}");
        var burn = state.LpAssets.IsZero ? UInt128.MaxValue : FullMath.MulDiv(tx.Amount.Units, state.TotalLpShares, state.LpAssets.Units, Rounding.Up);
        if (burn > lp.Shares)
        {
            var worth = new Amount(FullMath.MulDiv(lp.Shares, state.LpAssets.Units, state.TotalLpShares, Rounding.Down));
            return TxResult.Reject(MarginErrors.WithdrawalAboveShare, $"{ctx.Sender}'s LP shares are worth {worth.ToTokenString()} TAO; asked {tx.Amount.ToTokenString()}");
        }
        var remaining = state.LpAssets - tx.Amount;
        // Compared as 128-bit: leaving a few rao under heavy borrowing is a utilisation far beyond 64 bits of ppb.
        var utilisationAfter = remaining.IsZero
            ? (state.TotalBorrowed.IsZero ? UInt128.Zero : UInt128.MaxValue)
            : FullMath.MulDiv(state.TotalBorrowed.Units, Ppb.Scale, remaining.Units, Rounding.Up);
        if (utilisationAfter > (UInt128)p.MaxUtilizationPpb.Value)
            return TxResult.Reject(MarginErrors.UtilizationCapExceeded,
                $"withdrawing {tx.Amount.ToTokenString()} TAO would leave {state.TotalBorrowed.ToTokenString()} borrowed of {remaining.ToTokenString()}, above the {p.MaxUtilizationPpb.Value / 10_000_000.0:0.##}% cap");
        // Interest credited per accrual is LP assets before it is TAO in the vault: only the cash part can leave.
        var free = Books.FreeLiquidity(state);
        if (tx.Amount > free)
            return TxResult.Reject(MarginErrors.InsufficientLiquidity,
                $"{free.ToTokenString()} TAO of LP liquidity is in the vault ({state.InterestReceivable.ToTokenString()} TAO of credited interest is still owed by borrowers); asked {tx.Amount.ToTokenString()}");
        Books.PayFromVault(ctx, ctx.SenderId, ctx.Tao, tx.Amount);
        Books.Settle(state, lp);
        lp.Shares -= burn;
        Books.ResetDebts(state, lp);
        lp.LastActionBlock = ctx.Height;
        state.TotalLpShares -= burn;
        state.LpAssets = remaining;
        ctx.Emit(new LiquidityWithdrawn(ctx.Sender, tx.Amount, burn));
        Books.UpdateBreaker(ctx, state, p);
        return TxResult.Ok;
    }

    private static TxResult Apply(EngineContext ctx, ClaimLpFees tx)
    {
        var state = ctx.State<MarginState>();
        var r = Books.RequireOpenForBusiness(ctx, state, "claimLpFees");
        if (!r.Accepted) return r;
        if (!state.Lps.TryGetValue(ctx.Sender, out var lp))
            return TxResult.Reject(MarginErrors.NotLiquidityProvider, $"{ctx.Sender} is not a liquidity provider");
        // Settling moves both accumulators (fees and emissions) into the LP's pending amounts: look first, so that a
        // refusal writes nothing.
        if (Books.Claimable(state, lp).Fees.IsZero) return TxResult.Reject(MarginErrors.NothingToClaim, $"{ctx.Sender} has no LP fees to claim");
        Books.Settle(state, lp);
        var amount = lp.PendingFees;
        Books.PayFromVault(ctx, ctx.SenderId, ctx.Tao, amount);
        lp.PendingFees = Amount.Zero;
        state.PendingLpFees -= amount;
        ctx.Emit(new LpFeesClaimed(ctx.Sender, amount));
        return TxResult.Ok;
    }

    private static TxResult Apply(EngineContext ctx, ClaimLpEmissions tx)
    {
        var state = ctx.State<MarginState>();
        var p = ctx.Params<MarginParameters>();
        var r = Books.RequireOpenForBusiness(ctx, state, "claimLpEmissions");
        if (!r.Accepted) return r;
        if (!state.Lps.TryGetValue(ctx.Sender, out var lp))
            return TxResult.Reject(MarginErrors.NotLiquidityProvider, $"{ctx.Sender} is not a liquidity provider");
        if (Books.Claimable(state, lp).Emission.IsZero) return TxResult.Reject(MarginErrors.NothingToClaim, $"{ctx.Sender} has no emissions to claim");
        // Pending emission came from the protocol subnet's alpha, so the subnet is there.
        if (!Books.TryProtocolAlpha(ctx, p, out var subnet))
            throw new InvariantViolationException($"LP emissions are pending but the protocol subnet {p.ProtocolNetuid} is missing");
        Books.Settle(state, lp);
        var amount = lp.PendingEmission;
        var symbol = subnet.AlphaSymbol;
        Books.PayFromVault(ctx, ctx.SenderId, subnet.AlphaToken, amount);
        lp.PendingEmission = Amount.Zero;
        state.PendingLpEmission -= amount;
        ctx.Emit(new LpEmissionsClaimed(ctx.Sender, symbol, amount));
        return TxResult.Ok;
    }
}
