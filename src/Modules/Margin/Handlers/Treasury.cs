using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Margin.Model;
using Ballast.Subnets;

namespace Ballast.Margin;

/// <summary>Crowdloan, the borrow-fee keeper, buyback and burn, and the manager's actions.</summary>
public sealed partial class MarginModule
{
    private static TxResult Apply(EngineContext ctx, ContributeCrowdloan tx)
    {
        var state = ctx.State<MarginState>();
        var r = EngineContext.CheckAmount(tx.Amount, "crowdloan contribution");
        if (!r.Accepted) return r;
        if (!ctx.Ledger.TryTransfer(ctx.SenderId, Books.Account(ctx, CrowdloanAccount), ctx.Tao, tx.Amount))
            return ctx.InsufficientBalance(ctx.Sender, ctx.Tao, tx.Amount);
        state.Crowdloan[ctx.Sender] = state.Crowdloan.GetValueOrDefault(ctx.Sender) + tx.Amount;
        ctx.Emit(new CrowdloanContributed(ctx.Sender, tx.Amount));
        return TxResult.Ok;
    }

    private static TxResult Apply(EngineContext ctx, WithdrawCrowdloan tx)
    {
        var state = ctx.State<MarginState>();
        var amount = state.Crowdloan.GetValueOrDefault(ctx.Sender);
        if (amount.IsZero) return TxResult.Reject(MarginErrors.NoCrowdloanContribution, $"{ctx.Sender} has contributed nothing to the crowdloan");
        var p = ctx.Params<MarginParameters>();
        if (p.TierInputs == TierInputs.LockedInMargin && Books.HasOpenPosition(state, ctx.Sender))
            return TxResult.Reject(MarginErrors.TierInputsLocked, $"{ctx.Sender} has an open position: its crowdloan contribution stays until every position is closed");
        if (!ctx.Ledger.TryTransfer(Books.Account(ctx, CrowdloanAccount), ctx.SenderId, ctx.Tao, amount))
            throw new InvariantViolationException("crowdloan escrow is short");
        state.Crowdloan.Remove(ctx.Sender);
        ctx.Emit(new CrowdloanWithdrawn(ctx.Sender, amount));
        return TxResult.Ok;
    }

    private static TxResult Apply(EngineContext ctx, LockTierAlpha tx)
    {
        var state = ctx.State<MarginState>();
        var p = ctx.Params<MarginParameters>();
        var r = EngineContext.CheckAmount(tx.Amount, "tier lock");
        if (!r.Accepted) return r;
        if (!Books.TryProtocolAlpha(ctx, p, out var subnet))
            return TxResult.Reject(MarginErrors.ProtocolSubnetMissing, $"the protocol subnet {p.ProtocolNetuid} is not registered");
        if (!ctx.Ledger.TryTransfer(ctx.SenderId, Books.Account(ctx, TierLocksAccount), subnet.AlphaToken, tx.Amount))
            return ctx.InsufficientBalance(ctx.Sender, subnet.AlphaToken, tx.Amount);
        var total = state.TierLocks.GetValueOrDefault(ctx.Sender) + tx.Amount;
        state.TierLocks[ctx.Sender] = total;
        ctx.Emit(new TierAlphaLocked(ctx.Sender, tx.Amount, total));
        return TxResult.Ok;
    }

    private static TxResult Apply(EngineContext ctx, UnlockTierAlpha tx)
    {
        var state = ctx.State<MarginState>();
        var p = ctx.Params<MarginParameters>();
        var r = EngineContext.CheckAmount(tx.Amount, "tier unlock");
        if (!r.Accepted) return r;
        var locked = state.TierLocks.GetValueOrDefault(ctx.Sender);
        if (tx.Amount > locked)
            return TxResult.Reject(MarginErrors.UnlockAboveLocked, $"{ctx.Sender} has {locked} alpha units locked for tiers; asked {tx.Amount}");
        if (p.TierInputs == TierInputs.LockedInMargin && Books.HasOpenPosition(state, ctx.Sender))
            return TxResult.Reject(MarginErrors.TierInputsLocked, $"{ctx.Sender} has an open position: locked tier alpha stays until every position is closed");
        // Locked alpha came from the protocol subnet, so the subnet is there.
        if (!Books.TryProtocolAlpha(ctx, p, out var subnet) ||
            !ctx.Ledger.TryTransfer(Books.Account(ctx, TierLocksAccount), ctx.SenderId, subnet.AlphaToken, tx.Amount))
            throw new InvariantViolationException("the tier-lock account is short of locked alpha");
        var left = locked - tx.Amount;
        if (left.IsZero) state.TierLocks.Remove(ctx.Sender); else state.TierLocks[ctx.Sender] = left;
        ctx.Emit(new TierAlphaUnlocked(ctx.Sender, tx.Amount, left));
        return TxResult.Ok;
    }

    private static TxResult Apply(EngineContext ctx, AccrueBorrowFees tx)
    {
        var state = ctx.State<MarginState>();
        var p = ctx.Params<MarginParameters>();
        if (ctx.Height - state.LastAccrualBlock < p.BorrowAccrualIntervalBlocks)
            return TxResult.Reject(MarginErrors.BorrowAccrualCooldown,
                $"the borrow accumulator moved at block {state.LastAccrualBlock}; next from block {state.LastAccrualBlock + p.BorrowAccrualIntervalBlocks}");
        // The contract returns without accruing or moving its clock while nothing is borrowed (updateAccruedBorrowingFees).
        if (state.TotalBorrowed.IsZero) return TxResult.Ok;
        Books.Accrue(ctx, state, p);
        return TxResult.Ok;
    }

    private static TxResult Apply(EngineContext ctx, ExecuteBuyback tx)
    {
        var state = ctx.State<MarginState>();
        var p = ctx.Params<MarginParameters>();
        var r = Books.RequireOpenForBusiness(ctx, state, "buyback");
        if (!r.Accepted) return r;
        if (ctx.Height < state.LastBuybackBlock + p.BuybackIntervalBlocks)
            return TxResult.Reject(MarginErrors.BuybackNotDue, $"the last buyback was at block {state.LastBuybackBlock}; the next is due at block {state.LastBuybackBlock + p.BuybackIntervalBlocks}");
        if (state.BuybackPool.Units < (UInt128)p.BuybackThresholdRao)
            return TxResult.Reject(MarginErrors.BuybackPoolBelowThreshold,
                $"the buyback pool holds {state.BuybackPool.ToTokenString()} TAO; a buyback needs {new Amount((UInt128)p.BuybackThresholdRao).ToTokenString()}");
        var netuid = (int)p.ProtocolNetuid;
        var markets = Books.Markets(ctx);
        if (!markets.TryGetSubnet(ctx, netuid, out _).Accepted)
            return TxResult.Reject(MarginErrors.ProtocolSubnetMissing, $"the protocol subnet {netuid} is not registered");
        // Spread over calls: one buyback spends at most BuybackMaxDepthPpb of the pool's TAO reserve (0: all of it).
        var spend = state.BuybackPool;
        if (p.BuybackMaxDepthPpb.Value > 0)
            spend = Amount.Min(spend, p.BuybackMaxDepthPpb.Of(markets.Reserves(ctx, netuid).Tao, Rounding.Down));
        if (spend.IsZero)
            return TxResult.Reject(MarginErrors.BuybackPoolBelowThreshold, $"subnet {netuid}'s pool is too shallow for any buyback under the depth limit");
        // The bound's reference: the pool now (deployed; a price the caller may just have moved) or its TWAP.
        var spot = markets.SpotPrice(ctx, netuid);
        var reference = p.BuybackReference == BuybackReference.Twap ? Books.Twap(ctx, p, netuid, spot) : spot;
        var minimum = reference.DivAmount(spend, Rounding.Down).MulBps((uint)(10_000 - p.BuybackSlippageBps.Value), Rounding.Up);
        r = markets.Swap(ctx, netuid, SwapDirection.TaoToAlpha, Books.Account(ctx, VaultAccount), Books.Account(ctx, BuybackAccount), spend, minimum, out var alpha);
        if (!r.Accepted)
            return ImpactOr(r, p.BuybackReference == BuybackReference.Twap
                ? $"buying back with {spend.ToTokenString()} TAO at subnet {netuid}'s spot {spot} would pay more than {p.BuybackSlippageBps} bps above its {p.TwapWindowBlocks}-block TWAP {reference}"
                : $"buying back with {spend.ToTokenString()} TAO moves subnet {netuid}'s price more than {p.BuybackSlippageBps} bps");
        state.BuybackPool -= spend;
        state.LastBuybackBlock = ctx.Height;
        state.TaoSpentOnBuybacks += spend;
        state.AlphaBoughtBack += alpha;
        ctx.Emit(new BuybackExecuted(spend, alpha));
        return TxResult.Ok;
    }

    private static TxResult Apply(EngineContext ctx, BurnBoughtAlpha tx)
    {
        var state = ctx.State<MarginState>();
        var p = ctx.Params<MarginParameters>();
        var r = Books.RequireOpenForBusiness(ctx, state, "burn");
        if (!r.Accepted) return r;
        var buyback = Books.Account(ctx, BuybackAccount);
        if (!Books.TryProtocolAlpha(ctx, p, out var subnet) || ctx.Ledger.BalanceOf(buyback, subnet.AlphaToken).IsZero)
            return TxResult.Reject(MarginErrors.NothingToBurn, "no bought-back alpha to burn");
        var alpha = subnet.AlphaToken;
        var amount = ctx.Ledger.BalanceOf(buyback, alpha);
        ctx.Ledger.TryBurn(buyback, alpha, amount);
        state.AlphaBurned += amount;
        ctx.Emit(new BoughtAlphaBurned(amount));
        return TxResult.Ok;
    }

    // ---------- manager ----------

    private static TxResult Apply(EngineContext ctx, AddPair tx)
    {
        var state = ctx.State<MarginState>();
        var r = ctx.RequireRole(ManagerRole);
        if (!r.Accepted) return r;
        r = Books.Markets(ctx).TryGetSubnet(ctx, tx.Netuid, out _);
        if (!r.Accepted) return r;
        if (state.Pairs.ContainsKey(tx.Netuid))
            return TxResult.Reject(MarginErrors.PairExists, $"subnet {tx.Netuid} is already a pair");
        var threshold = tx.LiquidationThresholdPpb ?? 1_100_000_000;
        var slippage = tx.MaxSlippageBps ?? 1_000;
        r = CheckPairTerms(ctx, tx.MaxLeverage, threshold, slippage);
        if (!r.Accepted) return r;
        var pair = new AlphaPair { Netuid = tx.Netuid, MaxLeverage = tx.MaxLeverage, LiquidationThreshold = new Ppb(threshold), MaxSlippage = new Bps(slippage) };
        state.Pairs.Add(tx.Netuid, pair);
        state.Reindex(pair);
        ctx.Emit(new PairAdded(tx.Netuid, tx.MaxLeverage, pair.LiquidationThreshold, pair.MaxSlippage));
        return TxResult.Ok;
    }

    private static TxResult Apply(EngineContext ctx, UpdatePair tx)
    {
        var state = ctx.State<MarginState>();
        var r = ctx.RequireRole(ManagerRole);
        if (!r.Accepted) return r;
        if (!state.Pairs.TryGetValue(tx.Netuid, out var pair))
            return TxResult.Reject(MarginErrors.UnknownPair, $"subnet {tx.Netuid} is not a margin pair");
        r = CheckPairTerms(ctx, tx.MaxLeverage, tx.LiquidationThresholdPpb, tx.MaxSlippageBps);
        if (!r.Accepted) return r;
        pair.MaxLeverage = tx.MaxLeverage;
        pair.LiquidationThreshold = new Ppb(tx.LiquidationThresholdPpb);
        pair.MaxSlippage = new Bps(tx.MaxSlippageBps);
        pair.Active = tx.Active;
        state.Reindex(pair); // keys depend on the threshold
        ctx.Emit(new PairUpdated(tx.Netuid, tx.MaxLeverage, pair.LiquidationThreshold, pair.MaxSlippage, tx.Active));
        return TxResult.Ok;
    }

    /// <summary>Threshold 105%–110% (REFERENCE.md), leverage 1× to the global cap, slippage limit ≤ 1,000 bps.</summary>
    private static TxResult CheckPairTerms(EngineContext ctx, Fixed maxLeverage, long thresholdPpb, int maxSlippageBps)
    {
        var global = ctx.Params<MarginParameters>().MaxLeverage;
        if (maxLeverage < Fixed.One || maxLeverage > global)
            return TxResult.Reject(MarginErrors.InvalidPair, $"a pair's max leverage is 1x–{global}x; got {maxLeverage}x");
        if (thresholdPpb is < 1_050_000_000 or > 1_100_000_000)
            return TxResult.Reject(MarginErrors.InvalidPair, $"a liquidation threshold is 105%–110% (1.05e9–1.1e9 ppb); got {thresholdPpb}");
        if (maxSlippageBps is < 0 or > 1_000)
            return TxResult.Reject(MarginErrors.InvalidPair, $"a pair's slippage limit is 0–1000 bps; got {maxSlippageBps}");
        return TxResult.Ok;
    }

    private static TxResult Apply(EngineContext ctx, WithdrawProtocolFees tx)
    {
        var state = ctx.State<MarginState>();
        var p = ctx.Params<MarginParameters>();
        var r = ctx.RequireRole(ManagerRole);
        if (!r.Accepted) return r;
        var total = state.ProtocolFees;
        if (total.IsZero) return TxResult.Reject(MarginErrors.NoProtocolFees, "no protocol fees have accrued since the last withdrawal");
        var toOwner = p.ProtocolFeeGovernanceSharePpb.Of(total, Rounding.Down);
        var toBuyback = p.ProtocolFeeBuybackSharePpb.Of(total, Rounding.Down);
        var toInsurance = p.ProtocolFeeInsuranceSharePpb.Of(total, Rounding.Down);
        var toTreasury = total - toOwner - toBuyback - toInsurance;
        state.ProtocolFees = Amount.Zero;
        state.BuybackPool += toBuyback;
        Books.PayFromVault(ctx, Books.Resolve(ctx, state.OwnerAccount), ctx.Tao, toOwner);
        Books.SendToInsurance(ctx, state, ctx.Tao, toInsurance);
        Books.PayFromVault(ctx, Books.Resolve(ctx, state.TreasuryAccount), ctx.Tao, toTreasury);
        ctx.Emit(new ProtocolFeesWithdrawn(total, toOwner, toBuyback, toInsurance, toTreasury));
        return TxResult.Ok;
    }

    private static TxResult Apply(EngineContext ctx, DrawInsurance tx)
    {
        var state = ctx.State<MarginState>();
        var p = ctx.Params<MarginParameters>();
        var r = ctx.RequireRole(ManagerRole);
        if (!r.Accepted) return r;
        r = EngineContext.CheckAmount(tx.Amount, "insurance draw");
        if (!r.Accepted) return r;
        var insurance = Books.Account(ctx, InsuranceAccount);
        var balance = ctx.Ledger.BalanceOf(insurance, ctx.Tao);
        if (balance < tx.Amount)
            return TxResult.Reject(MarginErrors.InsufficientInsurance, $"the insurance fund holds {balance.ToTokenString()} TAO; asked {tx.Amount.ToTokenString()}");
        ctx.Ledger.TryTransfer(insurance, Books.Account(ctx, VaultAccount), ctx.Tao, tx.Amount);
        state.LpAssets += tx.Amount;
        state.InsuranceDrawn += tx.Amount;
        ctx.Emit(new InsuranceDrawn(tx.Amount, ctx.Sender));
        Books.UpdateBreaker(ctx, state, p);
        return TxResult.Ok;
    }
}
