using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Subnets;
using Ballast.Underwriting.Model;

namespace Ballast.Underwriting.Handlers;

/// <summary>Validators (drawn, staking, approving), approval that funds the instrument, and the close without approval.</summary>
internal static class Approval
{
    public static TxResult Apply(EngineContext ctx, DrawValidators tx)
    {
        var r = Lookups.TryInstrument(ctx, tx.InstrumentId, out var i, out var vault);
        if (!r.Accepted) return r;
        if (!i.InAssessment)
            return TxResult.Reject(UnderwritingErrors.WrongPhase, $"instrument {i.Id} is {i.Phase}, not in assessment");
        if (i.ValidatorsDrawn)
            return TxResult.Reject(UnderwritingErrors.ValidatorsAlreadyDrawn, $"instrument {i.Id}'s validators were drawn already");
        if (!Lookups.CanBeApproved(vault, i))
            return TxResult.Reject(UnderwritingErrors.CannotBeApproved, $"net long {i.NetLong} is below the approval threshold {Lookups.ApprovalNetLong(vault, i)}");
        var drawn = Draw(ctx, i.Utilizer, ctx.Params<UnderwritingParameters>(), out var cutoff);
        if (drawn.Count == 0)
            return TxResult.Reject(UnderwritingErrors.NoEligibleValidators, $"no manager other than the utilizer has a positive score at or above the percentile cutoff");
        foreach (var v in drawn) i.Validators.Add(v, new ValidatorSeat(false, Amount.Zero));
        i.ValidatorsDrawn = true;
        ctx.Emit(new ValidatorsDrawn(i.Id, drawn, cutoff));
        return TxResult.Ok;
    }

    /// <summary>
    /// Draws up to <c>ValidatorCount</c> managers without replacement, each with probability proportional to its score,
    /// among those with a positive score at or above the <c>ValidatorPercentilePpb</c> percentile, the utilizer excluded.
    /// The engine's seeded randomness stands in for the VRF a chain would use: deterministic for a seed, not
    /// predictable by a participant who does not know the seed and the block's order (docs/underwriting.md).
    /// </summary>
    internal static List<string> Draw(EngineContext ctx, string utilizer, UnderwritingParameters p, out Fixed cutoff)
    {
        // The percentile is over every manager with a positive score; the utilizer is then left out of the draw.
        var candidates = ctx.State<UnderwritingState>().Managers
            .Where(m => m.Value.Score.IsPositive)
            .Select(m => (Account: m.Key, m.Value.Score))
            .ToList();
        cutoff = Fixed.Zero;
        if (candidates.Count == 0) return [];
        var sorted = candidates.Select(c => c.Score).OrderBy(s => s).ToList();
        int index = (int)Math.Min(sorted.Count - 1, (long)sorted.Count * p.ValidatorPercentilePpb.Value / Ppb.Scale);
        var min = sorted[index];
        cutoff = min;
        var pool = candidates.Where(c => c.Score >= min && c.Account != utilizer).ToList();
        var drawn = new List<string>();
        while (drawn.Count < p.ValidatorCount && pool.Count > 0)
        {
            // Weights in units of 1e-9 of a score point (at least 1), so the total fits a ulong for any sane score.
            var weights = pool.Select(c => (ulong)Math.Max(1, (long)(c.Score.Raw / 1_000_000_000))).ToList();
            ulong total = 0;
            foreach (var w in weights) total = checked(total + w);
            ulong pick = ctx.Random.NextBelow(total);
            int k = 0;
            while (pick >= weights[k]) { pick -= weights[k]; k++; }
            drawn.Add(pool[k].Account);
            pool.RemoveAt(k);
        }
        return drawn;
    }

    public static TxResult Apply(EngineContext ctx, ApproveInstrument tx)
    {
        var r = ctx.RequireNotPaused(UnderwritingModule.ModuleName, "approve");
        if (!r.Accepted) return r;
        r = Lookups.TryInstrument(ctx, tx.InstrumentId, out var i, out var vault);
        if (!r.Accepted) return r;
        if (!i.InAssessment)
            return TxResult.Reject(UnderwritingErrors.WrongPhase, $"instrument {i.Id} is {i.Phase}, not in assessment");
        if (ctx.Height > i.AssessmentDeadline)
            return TxResult.Reject(UnderwritingErrors.DeadlinePassed, $"instrument {i.Id}'s assessment ended at block {i.AssessmentDeadline}");
        if (!i.Validators.TryGetValue(ctx.Sender, out var seat))
            return TxResult.Reject(UnderwritingErrors.NotAValidator, $"{ctx.Sender} was not drawn as a validator of instrument {i.Id}");
        if (seat.Approved)
            return TxResult.Reject(UnderwritingErrors.AlreadyApproved, $"{ctx.Sender} approved instrument {i.Id} already");
        if (!Lookups.CanBeApproved(vault, i))
            return TxResult.Reject(UnderwritingErrors.CannotBeApproved, $"net long {i.NetLong} is below the approval threshold {Lookups.ApprovalNetLong(vault, i)}");
        r = EngineContext.CheckAmount(tx.Collateral, "validator collateral");
        if (!r.Accepted) return r;
        var p = ctx.Params<UnderwritingParameters>();
        var asset = Lookups.Asset(ctx, vault);
        var vtToken = Lookups.Vt(ctx, vault);
        var stake = vault.Mandate.ValidatorStakeVt;
        if (ctx.Ledger.BalanceOf(ctx.SenderId, vtToken) < stake)
            return TxResult.Reject(UnderwritingErrors.VtLocked, $"a validator of vault {vault.Id} locks {stake} VT; {ctx.Sender} holds {ctx.Ledger.BalanceOf(ctx.SenderId, vtToken)}");
        // The discount: the collateral buys the bonds that collateral/(1 − σ) would, the vault paying the difference.
        var curve = i.Curve;
        var gross = tx.Collateral.MulDiv((UInt128)Ppb.Scale, (UInt128)(Ppb.Scale - p.ValidatorDiscountPpb.Value), Rounding.Down);
        // The α·c cap binds the managers; a validator's purchase may go past it up to the curve's end c (as the deployed
        // contract's δ of extra supply), so managers filling the cap cannot lock validators out of approving.
        var bonds = new Amount(curve.BondsFor(i.NetLong.Units, gross.Units));
        var wanted = bonds;
        bonds = VaultSafeBonds(curve, i, bonds, tx.Collateral, p.ValidatorDiscountPpb);
        // When the vault's bound leaves nothing (earlier validators took the headroom) the validator approves on its
        // stake alone rather than being locked out.
        if (bonds.IsZero && wanted.IsZero)
            return TxResult.Reject(UnderwritingErrors.NetLongCapReached, $"{tx.Collateral} buys no bond (net long {i.NetLong}, curve end {curve.Capacity}): a validator must buy longZCB");
        var area = new Amount(curve.CostToBuy(i.NetLong.Units, bonds.Units));
        var paid = Amount.Min(tx.Collateral, (Ppb.One - p.ValidatorDiscountPpb).Of(area, Rounding.Up));
        var discount = area - paid;
        if (!discount.IsZero && Lookups.Idle(ctx, vault) < discount)
            return TxResult.Reject(UnderwritingErrors.VaultLacksLiquidity, $"vault {vault.Id} cannot fund the validator discount {discount}");
        var market = Vaults.Account(ctx, i.MarketAccount);
        if (!ctx.Ledger.TryTransfer(ctx.SenderId, market, asset, paid))
            return ctx.InsufficientBalance(ctx.Sender, asset, paid);
        if (!discount.IsZero)
        {
            ctx.Ledger.TryTransfer(Vaults.Account(ctx, vault.Account), market, asset, discount);
            vault.Discounts += discount;
        }
        if (!stake.IsZero) ctx.Ledger.TryTransfer(ctx.SenderId, Vaults.Account(ctx, vault.LockAccount), vtToken, stake);
        var holding = i.Holders.GetValueOrDefault(ctx.Sender, Holding.Empty);
        // The discount is the vault's subsidy, not the validator's contribution: a refund returns it to the vault.
        i.Holders[ctx.Sender] = holding with { Long = holding.Long + bonds, Paid = holding.Paid + paid };
        i.Validators[ctx.Sender] = new ValidatorSeat(true, stake);
        i.NetLong += bonds;
        i.LongSupply += bonds;
        i.Collateral += area;
        ctx.Emit(new ValidatorApproved(i.Id, ctx.Sender, stake, bonds, paid, discount));
        if (i.Validators.Values.All(v => v.Approved)) return Fund(ctx, vault, i);
        return TxResult.Ok;
    }

    /// <summary>
    /// The most of <paramref name="bonds"/> a validator may buy so that the vault still keeps a non-negative return on a
    /// line repaid in full: on repayment the vault receives P + f(c̄) − discounts with f(c̄) = I − (c̄ − ∫₀^c̄ p) the
    /// interest the longs leave it, so f(c̄ after) ≥ the discounts already paid on this market + this one's. Without the
    /// bound a validator buying to the curve's end c (f = 0) took the whole interest and the vault paid it 5% of the
    /// area on top: a loss on a repaid loan (adversary test <c>Adversary2</c>, docs/underwriting.md). f falls and the
    /// discount grows with the bonds, so the largest allowed purchase is found by bisection.
    /// </summary>
    internal static Amount VaultSafeBonds(Pricing.LinearCurve curve, Instrument i, Amount bonds, Amount collateral, Ppb discountRate)
    {
        // Discounts already paid on this market: the collateral the curve holds beyond what holders put in net.
        var contributed = Amount.Zero;
        foreach (var h in i.Holders.Values) contributed += h.Paid - h.Received;
        var prior = i.Collateral.SaturatingSub(contributed).Units;
        var s0 = i.NetLong.Units;
        bool Safe(UInt128 b)
        {
            var area = curve.CostToBuy(s0, b);
            var paid = UInt128.Min(collateral.Units, (Ppb.One - discountRate).Of(new Amount(area), Rounding.Up).Units);
            var discount = area - paid;
            var c1 = s0 + b;
            // f(c1) ≥ prior + discount, with ∫ rounded down (the vault's side of the bound).
            return curve.Return + curve.Area(0, c1, Rounding.Down) >= c1 + prior + discount;
        }
        if (Safe(bonds.Units)) return bonds;
        UInt128 lo = 0, hi = bonds.Units; // Safe(lo) assumed (no purchase costs the vault nothing), !Safe(hi)
        if (!Safe(lo)) return Amount.Zero;
        while (hi - lo > 1)
        {
            var mid = lo + (hi - lo) / 2;
            if (Safe(mid)) lo = mid; else hi = mid;
        }
        return new Amount(lo);
    }

    /// <summary>Moves the approved principal from the vault to the instrument (an asset instrument buys its alpha).</summary>
    private static TxResult Fund(EngineContext ctx, Vault vault, Instrument i)
    {
        var asset = Lookups.Asset(ctx, vault);
        var idle = Lookups.Idle(ctx, vault);
        if (idle < i.Principal)
            return TxResult.Reject(UnderwritingErrors.VaultLacksLiquidity, $"vault {vault.Id} holds {idle} idle; the principal is {i.Principal}");
        var account = Vaults.Account(ctx, i.Account);
        ctx.Ledger.TryTransfer(Vaults.Account(ctx, vault.Account), account, asset, i.Principal);
        vault.Deployed += i.Principal;
        if (i.Kind == InstrumentKind.Asset)
        {
            var r = ctx.Port<ISubnetMarkets>().Swap(ctx, i.Netuid, SwapDirection.TaoToAlpha, account, account, i.Principal, Amount.Zero, out var alpha);
            if (!r.Accepted) return r;
            i.AssetHeld = alpha;
        }
        var from = i.Phase;
        i.Phase = MarketPhase.Approved;
        i.ApprovedAt = ctx.Height;
        i.MaturityBlock = ctx.Height + i.DurationBlocks;
        ctx.Emit(new PhaseChanged(i.Id, from, MarketPhase.Approved));
        ctx.Emit(new InstrumentApproved(i.Id, i.Principal, i.MaturityBlock));
        return TxResult.Ok;
    }

    public static TxResult Apply(EngineContext ctx, CloseUnapproved tx)
    {
        var r = Lookups.TryInstrument(ctx, tx.InstrumentId, out var i, out var vault);
        if (!r.Accepted) return r;
        if (!i.InAssessment)
            return TxResult.Reject(UnderwritingErrors.WrongPhase, $"instrument {i.Id} is {i.Phase}, not in assessment");
        if (ctx.Height <= i.AssessmentDeadline)
            return TxResult.Reject(UnderwritingErrors.DeadlineNotReached, $"instrument {i.Id}'s assessment runs to block {i.AssessmentDeadline}; now {ctx.Height}");
        var asset = Lookups.Asset(ctx, vault);
        var market = Vaults.Account(ctx, i.MarketAccount);
        var vaultAccount = Vaults.Account(ctx, vault.Account);
        foreach (var (account, h) in i.Holders.ToList())
        {
            // Each holder's net contribution (a sale never took out more than was paid in, so none is negative); the
            // vault's loan and validator discount go back to the vault.
            var net = h.Paid - h.Received;
            var toVault = Amount.Min(h.Debt, net);
            var toHolder = net - toVault;
            if (!toVault.IsZero) { ctx.Ledger.TryTransfer(market, vaultAccount, asset, toVault); vault.Lent -= toVault; }
            if (!toHolder.IsZero && ctx.Ledger.TryGetAccount(account, out var holder)) ctx.Ledger.TryTransfer(market, holder, asset, toHolder);
            i.Holders[account] = h with { Long = Amount.Zero, Short = Amount.Zero, Received = h.Paid, Debt = Amount.Zero, Redeemed = true };
            ctx.Emit(new Refunded(i.Id, account, toHolder, toVault));
        }
        // What remains is the validators' discounts: back to the vault.
        var rest = ctx.Ledger.BalanceOf(market, asset) - i.OrderEscrow;
        if (!rest.IsZero) ctx.Ledger.TryTransfer(market, vaultAccount, asset, rest);
        ReleaseStakes(ctx, vault, i);
        i.Collateral = Amount.Zero;
        i.NetLong = Amount.Zero;
        i.LongSupply = Amount.Zero;
        i.ShortSupply = Amount.Zero;
        var from = i.Phase;
        i.Phase = MarketPhase.Closed;
        ctx.Emit(new PhaseChanged(i.Id, from, MarketPhase.Closed));
        return TxResult.Ok;
    }

    /// <summary>Returns the validators' staked VT (after any shrinking) from the lock account.</summary>
    internal static void ReleaseStakes(EngineContext ctx, Vault vault, Instrument i)
    {
        var vtToken = Lookups.Vt(ctx, vault);
        foreach (var (account, seat) in i.Validators.ToList())
        {
            if (seat.StakedVt.IsZero) continue;
            ctx.Ledger.TryGetAccount(account, out var id);
            ctx.Ledger.TryTransfer(Vaults.Account(ctx, vault.LockAccount), id, vtToken, seat.StakedVt);
            i.Validators[account] = seat with { StakedVt = Amount.Zero };
        }
    }
}
