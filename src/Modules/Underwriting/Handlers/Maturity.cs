using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Subnets;
using Ballast.Underwriting.Model;
using Ballast.Underwriting.Pricing;

namespace Ballast.Underwriting.Handlers;

/// <summary>The instrument's life after approval: drawdown, repayment, resolution at ω, redemption, stakes and reputations.</summary>
internal static class Maturity
{
    public static TxResult Apply(EngineContext ctx, Drawdown tx)
    {
        var r = Lookups.TryInstrument(ctx, tx.InstrumentId, out var i, out var vault);
        if (!r.Accepted) return r;
        if (i.Kind != InstrumentKind.CreditLine)
            return TxResult.Reject(UnderwritingErrors.WrongPhase, $"instrument {i.Id} is an asset instrument: its principal stays invested");
        if (ctx.Sender != i.Utilizer)
            return TxResult.Reject(UnderwritingErrors.NotTheUtilizer, $"only {i.Utilizer} draws instrument {i.Id}'s principal");
        if (i.Phase != MarketPhase.Approved)
            return TxResult.Reject(UnderwritingErrors.WrongPhase, $"instrument {i.Id} is {i.Phase}, not approved");
        if (i.PrincipalDrawn)
            return TxResult.Reject(UnderwritingErrors.AlreadyDrawn, $"instrument {i.Id}'s principal was drawn already");
        ctx.Ledger.TryTransfer(Vaults.Account(ctx, i.Account), ctx.SenderId, Lookups.Asset(ctx, vault), i.Principal);
        i.PrincipalDrawn = true;
        ctx.Emit(new PrincipalDrawn(i.Id, ctx.Sender, i.Principal));
        return TxResult.Ok;
    }

    public static TxResult Apply(EngineContext ctx, Repay tx)
    {
        var r = Lookups.TryInstrument(ctx, tx.InstrumentId, out var i, out var vault);
        if (!r.Accepted) return r;
        if (i.Phase != MarketPhase.Approved)
            return TxResult.Reject(UnderwritingErrors.WrongPhase, $"instrument {i.Id} is {i.Phase}, not approved");
        r = EngineContext.CheckAmount(tx.Amount, "repayment");
        if (!r.Accepted) return r;
        var asset = Lookups.Asset(ctx, vault);
        var account = Vaults.Account(ctx, i.Account);
        if (!ctx.Ledger.TryTransfer(ctx.SenderId, account, asset, tx.Amount))
            return ctx.InsufficientBalance(ctx.Sender, asset, tx.Amount);
        ctx.Emit(new InstrumentRepaid(i.Id, ctx.Sender, tx.Amount, ctx.Ledger.BalanceOf(account, asset)));
        return TxResult.Ok;
    }

    public static TxResult Apply(EngineContext ctx, Resolve tx)
    {
        var r = Lookups.TryInstrument(ctx, tx.InstrumentId, out var i, out var vault);
        if (!r.Accepted) return r;
        if (i.Phase != MarketPhase.Approved)
            return TxResult.Reject(UnderwritingErrors.WrongPhase, $"instrument {i.Id} is {i.Phase}, not approved");
        var asset = Lookups.Asset(ctx, vault);
        var account = Vaults.Account(ctx, i.Account);
        var balance = ctx.Ledger.BalanceOf(account, asset);
        bool repaid = i.Kind == InstrumentKind.CreditLine && balance >= i.Expected;
        long closesAt = i.MaturityBlock + (i.Kind == InstrumentKind.CreditLine ? i.GraceBlocks : 0);
        if (!repaid && ctx.Height < closesAt)
            return TxResult.Reject(UnderwritingErrors.NotResolvable,
                $"instrument {i.Id} holds {balance} of the {i.Expected} it owes; it resolves when that is repaid or at block {closesAt} (now {ctx.Height})");
        if (i.Kind == InstrumentKind.Asset && !i.AssetHeld.IsZero)
        {
            // The asset's value at maturity is its sale into the subnet pool (§6.3), into the instrument's own account.
            r = ctx.Port<ISubnetMarkets>().Swap(ctx, i.Netuid, SwapDirection.AlphaToTao, account, account, i.AssetHeld, Amount.Zero, out _);
            if (!r.Accepted) return r;
            i.AssetHeld = Amount.Zero;
            balance = ctx.Ledger.BalanceOf(account, asset);
        }
        var market = Vaults.Account(ctx, i.MarketAccount);
        Book.CancelAll(ctx, vault, i);
        // §5.2: the instrument's balance is the oracle; all of it moves to the market for the payout.
        if (!balance.IsZero) ctx.Ledger.TryTransfer(account, market, asset, balance);
        var price = RedemptionPrice.Compute(i.LongSupply.Units, i.ShortSupply.Units, i.Expected.Units, balance.Units);
        Amount reserve = Amount.Zero;
        foreach (var h in i.Holders.Values) reserve += price.Payout(h.Long, h.Short);
        var ideal = price.Payout(i.LongSupply, i.ShortSupply);
        var valueIn = balance + i.Collateral;
        if (reserve > valueIn)
            throw new InvalidOperationException($"instrument {i.Id}: redemptions {reserve} exceed the value in {valueIn}");
        var vaultShare = valueIn - reserve;
        ctx.Ledger.TryTransfer(market, Vaults.Account(ctx, vault.Account), asset, vaultShare);
        vault.Deployed -= i.Principal;
        var dust = ideal - reserve;
        vault.Dust += dust;
        i.Realized = balance;
        i.OmegaNumerator = price.LongNumerator;
        i.OmegaDenominator = price.LongDenominator;
        i.ShortNumerator = price.ShortNumerator;
        i.ShortDenominator = price.ShortDenominator;
        i.RedemptionReserve = reserve;
        i.VaultShare = vaultShare;
        i.Dust = dust;
        WriteOffUncoveredLoans(vault, i, price);
        ShrinkStakes(ctx, vault, i, balance);
        Approval.ReleaseStakes(ctx, vault, i);
        ScoreManagers(ctx, i, price.Succeeded);
        i.Phase = MarketPhase.Resolved;
        ctx.Emit(new PhaseChanged(i.Id, MarketPhase.Approved, MarketPhase.Resolved));
        ctx.Emit(new InstrumentResolved(i.Id, i.Expected, balance, price.Omega, price.ShortOmega, valueIn, reserve, vaultShare, dust, balance < i.Expected));
        return TxResult.Ok;
    }

    /// <summary>
    /// At resolution each leveraged holder's loan is known to be repaid by min(payout, debt): the rest is written off
    /// now, not when (if ever) the holder redeems. Otherwise a holder whose bonds redeem for nothing never redeems, the
    /// vault keeps counting the dead loan in its assets and VT holders who exit first take the overstated share value
    /// from those who stay (adversary test <c>Adversary2</c>, docs/underwriting.md).
    /// </summary>
    private static void WriteOffUncoveredLoans(Vault vault, Instrument i, RedemptionPrice price)
    {
        foreach (var (account, h) in i.Holders.ToList())
        {
            if (h.Debt.IsZero || h.Redeemed) continue;
            var covered = Amount.Min(price.Payout(h.Long, h.Short), h.Debt);
            if (covered == h.Debt) continue;
            vault.Lent -= h.Debt - covered;
            i.Holders[account] = h with { Debt = covered };
        }
    }

    /// <summary>On a loss of principal, each validator keeps staked·(P − loss)/P VT (0 when the loss is the whole principal); the rest is burned.</summary>
    private static void ShrinkStakes(EngineContext ctx, Vault vault, Instrument i, Amount realized)
    {
        if (realized >= i.Principal) return;
        var loss = i.Principal - realized;
        var vtToken = Lookups.Vt(ctx, vault);
        var lockAccount = Vaults.Account(ctx, vault.LockAccount);
        foreach (var (account, seat) in i.Validators.ToList())
        {
            if (seat.StakedVt.IsZero) continue;
            var kept = seat.StakedVt.MulDiv(i.Principal - loss, i.Principal, Rounding.Down);
            var burned = seat.StakedVt - kept;
            if (!burned.IsZero) ctx.Ledger.TryBurn(lockAccount, vtToken, burned);
            i.Validators[account] = seat with { StakedVt = kept };
            ctx.Emit(new StakeSlashed(i.Id, account, seat.StakedVt, kept, burned));
        }
    }

    /// <summary>§7.2: every manager who bought in the assessment is scored on whether ω ≥ 1.</summary>
    private static void ScoreManagers(EngineContext ctx, Instrument i, bool succeeded)
    {
        var p = ctx.Params<UnderwritingParameters>();
        var managers = ctx.State<UnderwritingState>().Managers;
        foreach (var (account, h) in i.Holders)
        {
            if (h.AssessmentBonds.IsZero || !managers.TryGetValue(account, out var m)) continue;
            var probability = Reputation.ImpliedProbability(h.AssessmentBonds, h.Budget, Reputation.AveragePrice(h.AssessmentCost, h.AssessmentBonds));
            var brier = Reputation.Brier(probability, succeeded);
            var next = Reputation.Update(m.Score, probability, succeeded, p.ReputationStep);
            managers[account] = new ManagerRecord(next, m.Scored + 1, m.BrierSum + brier);
            ctx.Emit(new ReputationUpdated(i.Id, account, probability, brier, m.Score, next));
        }
    }

    public static TxResult Apply(EngineContext ctx, Redeem tx)
    {
        var r = Lookups.TryInstrument(ctx, tx.InstrumentId, out var i, out var vault);
        if (!r.Accepted) return r;
        if (i.Phase != MarketPhase.Resolved)
            return TxResult.Reject(UnderwritingErrors.WrongPhase, $"instrument {i.Id} is {i.Phase}, not resolved");
        if (!i.Holders.TryGetValue(ctx.Sender, out var h) || h.Redeemed || (h.Long.IsZero && h.Short.IsZero && h.Debt.IsZero))
            return TxResult.Reject(UnderwritingErrors.NothingToRedeem, $"{ctx.Sender} has nothing to redeem in instrument {i.Id}");
        var payout = i.Redemption.Payout(h.Long, h.Short);
        var repay = Amount.Min(payout, h.Debt);
        var toHolder = payout - repay;
        var asset = Lookups.Asset(ctx, vault);
        var market = Vaults.Account(ctx, i.MarketAccount);
        if (!repay.IsZero) ctx.Ledger.TryTransfer(market, Vaults.Account(ctx, vault.Account), asset, repay);
        // A loan the payout does not cover is the vault's loss: written off.
        vault.Lent -= h.Debt;
        if (!toHolder.IsZero) ctx.Ledger.TryTransfer(market, ctx.SenderId, asset, toHolder);
        i.RedemptionReserve -= payout;
        i.Redemptions += payout;
        i.Holders[ctx.Sender] = h with { Redeemed = true };
        ctx.Emit(new Redeemed(i.Id, ctx.Sender, h.Long, h.Short, payout, repay, toHolder));
        return TxResult.Ok;
    }
}
