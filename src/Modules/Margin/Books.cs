using Ballast.Core.Blocks;
using Ballast.Core.Ledger;
using Ballast.Core.Numerics;
using Ballast.Margin.Lending;
using Ballast.Margin.Liquidation;
using Ballast.Margin.Model;
using Ballast.Subnets;

namespace Ballast.Margin;

/// <summary>
/// The protocol's shared bookkeeping: accounts, tiers and discounts, fee splits, LP accumulators, the borrow
/// accumulator, health and the circuit breaker. Amounts the protocol collects round up, amounts it pays round down.
/// </summary>
internal static class Books
{
    public const long Ppb = MarginParameters.Ppb;
    private static readonly UInt128 AccScale = UInt128.Parse("1000000000000000000", System.Globalization.CultureInfo.InvariantCulture);

    public static AccountId Account(EngineContext ctx, string name) => ctx.Ledger.GetOrCreateModuleAccount(name);

    public static AccountId Resolve(EngineContext ctx, string name) =>
        ctx.Ledger.TryGetAccount(name, out var id) ? id : ctx.Ledger.GetOrCreateModuleAccount(name);

    /// <summary>Moves TAO the protocol owes out of the vault; the books guarantee it is there.</summary>
    public static void PayFromVault(EngineContext ctx, AccountId to, TokenId token, Amount amount)
    {
        if (amount.IsZero) return;
        if (!ctx.Ledger.TryTransfer(Account(ctx, MarginModule.VaultAccount), to, token, amount))
            throw new InvariantViolationException($"margin vault is short of {amount} {ctx.Ledger.Token(token).Symbol} units");
    }

    // ---------- tiers ----------

    public static Amount StakedForTier(EngineContext ctx, MarginState state, MarginParameters p, string user) =>
        SubnetMarket.StakeOf(ctx, (int)p.ProtocolNetuid, state.ProtocolHotkey, user);

    public static int Tier(EngineContext ctx, MarginState state, MarginParameters p, string user)
    {
        var staked = StakedForTier(ctx, state, p, user).Units;
        long[] thresholds = [p.Tier1ThresholdRao, p.Tier2ThresholdRao, p.Tier3ThresholdRao, p.Tier4ThresholdRao, p.Tier5ThresholdRao];
        for (int k = 5; k >= 1; k--)
            if (staked >= (UInt128)thresholds[k - 1]) return k;
        return 0;
    }

    public static Fixed TierLeverage(MarginParameters p, int tier) => tier switch
    {
        0 => p.Tier0MaxLeverage, 1 => p.Tier1MaxLeverage, 2 => p.Tier2MaxLeverage,
        3 => p.Tier3MaxLeverage, 4 => p.Tier4MaxLeverage, _ => p.Tier5MaxLeverage,
    };

    public static long TierDiscountPpb(MarginParameters p, int tier) => tier switch
    {
        0 => p.Tier0DiscountPpb, 1 => p.Tier1DiscountPpb, 2 => p.Tier2DiscountPpb,
        3 => p.Tier3DiscountPpb, 4 => p.Tier4DiscountPpb, _ => p.Tier5DiscountPpb,
    };

    public static UInt128 CrowdloanWholeTao(MarginState state, string user) =>
        state.Crowdloan.TryGetValue(user, out var c) ? c.Units / Amount.UnitsPerToken : 0;

    /// <summary>Max leverage: the tier's, or the crowdloan's (N TAO contributed unlocks the tier leverage ≤ N×), whichever is higher.</summary>
    public static Fixed MaxLeverage(EngineContext ctx, MarginState state, MarginParameters p, string user, out int tier)
    {
        tier = Tier(ctx, state, p, user);
        var best = TierLeverage(p, tier);
        var contributed = CrowdloanWholeTao(state, user);
        for (int k = 0; k <= 5; k++)
        {
            var lev = TierLeverage(p, k);
            if (lev > best && (UInt128)(lev.Raw / Fixed.ScaleRaw) <= contributed && lev.Raw % Fixed.ScaleRaw == 0) best = lev;
        }
        return best;
    }

    /// <summary>Tier discount plus crowdloan discount (per whole TAO, capped), stacked and capped, in ppb.</summary>
    public static long DiscountPpb(EngineContext ctx, MarginState state, MarginParameters p, string user, out int tier)
    {
        tier = Tier(ctx, state, p, user);
        var contributed = CrowdloanWholeTao(state, user);
        var crowd = (long)UInt128.Min(contributed * (UInt128)p.CrowdloanDiscountPerTaoPpb, (UInt128)p.CrowdloanDiscountCapPpb);
        return Math.Min(TierDiscountPpb(p, tier) + crowd, p.CombinedDiscountCapPpb);
    }

    /// <summary>notional·rate·(1 − discount), rounded up once: both factors are ppb, so one division by 1e18.</summary>
    public static Amount TradingFee(Amount notional, MarginParameters p, long discountPpb) =>
        notional.MulDiv((UInt128)p.TradingFeePpb * (UInt128)(Ppb - discountPpb), (UInt128)Ppb * Ppb, Rounding.Up);

    // ---------- borrowing ----------

    public static long UtilizationPpb(MarginState s) =>
        s.LpAssets.IsZero ? (s.TotalBorrowed.IsZero ? 0 : Ppb) : (long)FullMath.MulDiv(s.TotalBorrowed.Units, Ppb, s.LpAssets.Units, Rounding.Down);

    /// <summary>Borrowing fee owed now: Borrowed·(index − index at open)/1e9, less the discount when the preset says so.</summary>
    public static Amount OwedBorrowFee(EngineContext ctx, MarginState state, MarginParameters p, Position position)
    {
        var fee = position.Borrowed.MulDiv(state.BorrowIndex - position.BorrowIndexAtOpen, Ppb, Rounding.Up);
        if (p.BorrowFeeTierDiscounted == 0 || fee.IsZero) return fee;
        var discount = DiscountPpb(ctx, state, p, position.Owner, out _);
        return fee.MulDiv((UInt128)(Ppb - discount), Ppb, Rounding.Up);
    }

    public static void Accrue(EngineContext ctx, MarginState state, MarginParameters p)
    {
        var u = UtilizationPpb(state);
        var rate = BorrowRateModel.RatePpb(u, p);
        state.BorrowIndex += (UInt128)rate;
        state.LastAccrualBlock = ctx.Height;
        ctx.Emit(new BorrowFeesAccrued(u, rate, state.BorrowIndex));
    }

    // ---------- health ----------

    /// <summary>(what selling the alpha into the pool returns + added collateral)·1e9 / (borrowed + owed fee); long.MaxValue without debt.</summary>
    public static long HealthPpb(EngineContext ctx, MarginState state, MarginParameters p, Position position, out Amount value, out Amount debt)
    {
        value = SubnetMarket.SimSwapAlphaForTao(ctx, position.Netuid, position.Alpha);
        debt = position.Borrowed + OwedBorrowFee(ctx, state, p, position);
        if (debt.IsZero) return long.MaxValue;
        var health = FullMath.MulDiv((value + position.AddedCollateral).Units, Ppb, debt.Units, Rounding.Down);
        return health > long.MaxValue ? long.MaxValue : (long)health;
    }

    // ---------- LP accumulators ----------

    // An LP earns ⌊shares·acc⌋ − debt, and its debt (its entry point in the accumulator) is ⌈shares·acc⌉ at each
    // settlement: so what it earns over any stretch is at most shares·Δacc, and what all LPs can claim never exceeds
    // what was credited to them. (With entry points rounded down too, each LP could gain up to one unit per
    // stretch, and the last claimer would ask the vault for more than it holds for LPs.)

    public static void Settle(MarginState state, LiquidityProvider lp)
    {
        var fees = FullMath.MulDiv(lp.Shares, state.AccFeePerShare, AccScale, Rounding.Down);
        if (fees > lp.FeeDebt) lp.PendingFees += new Amount(fees - lp.FeeDebt);
        lp.FeeDebt = UInt128.Max(lp.FeeDebt, FullMath.MulDiv(lp.Shares, state.AccFeePerShare, AccScale, Rounding.Up));
        var emission = FullMath.MulDiv(lp.Shares, state.AccEmissionPerShare, AccScale, Rounding.Down);
        if (emission > lp.EmissionDebt) lp.PendingEmission += new Amount(emission - lp.EmissionDebt);
        lp.EmissionDebt = UInt128.Max(lp.EmissionDebt, FullMath.MulDiv(lp.Shares, state.AccEmissionPerShare, AccScale, Rounding.Up));
    }

    public static void ResetDebts(MarginState state, LiquidityProvider lp)
    {
        lp.FeeDebt = FullMath.MulDiv(lp.Shares, state.AccFeePerShare, AccScale, Rounding.Up);
        lp.EmissionDebt = FullMath.MulDiv(lp.Shares, state.AccEmissionPerShare, AccScale, Rounding.Up);
    }

    /// <summary>
    /// Splits a fee that is already in the vault: the LP share (less the insurance cut) into the LP accumulator, the
    /// insurance cut to the insurance manager, the liquidator share of liquidation fees to the callers (done by the
    /// caller), and everything else — protocol share, liquidator shares of other fees, dust — to protocol fees.
    /// Returns the liquidator share for the caller to pay.
    /// </summary>
    public static Amount DistributeFee(EngineContext ctx, MarginState state, MarginParameters p, string kind, Amount fee)
    {
        if (fee.IsZero) return Amount.Zero;
        (long lpShare, long liqShare) = kind switch
        {
            "trading" => (p.TradingLpSharePpb, p.TradingLiquidatorSharePpb),
            "borrowing" => (p.BorrowingLpSharePpb, p.BorrowingLiquidatorSharePpb),
            _ => (p.LiquidationLpSharePpb, p.LiquidationLiquidatorSharePpb),
        };
        var lp = fee.MulDiv((UInt128)lpShare, Ppb, Rounding.Down);
        var insurance = kind == "liquidation" ? Amount.Zero : lp.MulDiv((UInt128)p.LpFeeInsuranceSharePpb, Ppb, Rounding.Down);
        lp -= insurance;
        if (state.TotalLpShares == 0) lp = Amount.Zero; // no LPs to credit: the protocol keeps it
        var liquidators = kind == "liquidation" ? fee.MulDiv((UInt128)liqShare, Ppb, Rounding.Down) : Amount.Zero;
        var protocol = fee - lp - insurance - liquidators;
        if (!lp.IsZero)
        {
            state.AccFeePerShare += FullMath.MulDiv(lp.Units, AccScale, state.TotalLpShares, Rounding.Down);
            state.PendingLpFees += lp;
        }
        SendToInsurance(ctx, state, ctx.Tao, insurance);
        state.ProtocolFees += protocol;
        switch (kind)
        {
            case "trading": state.TotalTradingFees += fee; break;
            case "borrowing": state.TotalBorrowingFees += fee; break;
            default: state.TotalLiquidationFees += fee; break;
        }
        ctx.Emit(new FeeDistributed(kind, fee, lp, insurance, protocol));
        return liquidators;
    }

    public static void SendToInsurance(EngineContext ctx, MarginState state, TokenId token, Amount amount)
    {
        if (amount.IsZero) return;
        PayFromVault(ctx, Account(ctx, MarginModule.InsuranceAccount), token, amount);
        if (token == ctx.Tao) state.InsuranceReceived += amount;
    }

    /// <summary>Alpha that reached the emissions account: the LP share into the LP emission accumulator, the rest to insurance.</summary>
    public static void DistributeEmissions(EngineContext ctx, MarginState state, MarginParameters p)
    {
        if (!ctx.Ledger.TryGetAccount(MarginModule.EmissionsAccount, out var emissions)) return;
        if (!ctx.Ledger.TryGetToken(SubnetModule.AlphaSymbol((int)p.ProtocolNetuid), out var alpha)) return;
        var amount = ctx.Ledger.BalanceOf(emissions, alpha);
        if (amount.IsZero) return;
        var toLps = state.TotalLpShares == 0 ? Amount.Zero : amount.MulDiv((UInt128)p.LpEmissionSharePpb, Ppb, Rounding.Down);
        var toInsurance = amount - toLps;
        var vault = Account(ctx, MarginModule.VaultAccount);
        if (!ctx.Ledger.TryTransfer(emissions, vault, alpha, toLps) ||
            !ctx.Ledger.TryTransfer(emissions, Account(ctx, MarginModule.InsuranceAccount), alpha, toInsurance))
            throw new InvariantViolationException("emissions account cannot pay out its own balance");
        if (!toLps.IsZero)
        {
            state.AccEmissionPerShare += FullMath.MulDiv(toLps.Units, AccScale, state.TotalLpShares, Rounding.Down);
            state.PendingLpEmission += toLps;
        }
        ctx.Emit(new EmissionsReceived(toLps, toInsurance));
    }

    // ---------- circuit breaker, cooldowns, pauses ----------

    public static void UpdateBreaker(EngineContext ctx, MarginState state, MarginParameters p)
    {
        string? reason = null;
        if (state.LpAssets.Units < (UInt128)p.MinLiquidityRao)
            reason = $"LP liquidity {state.LpAssets.ToTokenString()} TAO is below the minimum {new Amount((UInt128)p.MinLiquidityRao).ToTokenString()}";
        else if (UtilizationPpb(state) > p.MaxUtilizationPpb)
            reason = $"utilisation {UtilizationPpb(state) / 10_000_000.0:0.##}% is above {p.MaxUtilizationPpb / 10_000_000.0:0.##}%";
        bool tripped = reason is not null;
        if (tripped == state.BreakerTripped) return;
        state.BreakerTripped = tripped;
        ctx.Emit(new CircuitBreaker(tripped, reason ?? "liquidity and utilisation back within limits"));
    }

    /// <summary>Opening, claims and buybacks stop while the breaker is tripped or governance paused them.</summary>
    public static TxResult RequireOpenForBusiness(EngineContext ctx, MarginState state, string action)
    {
        var r = ctx.RequireNotPaused(MarginModule.ModuleName, action);
        if (!r.Accepted) return r;
        return state.BreakerTripped
            ? TxResult.Reject(MarginErrors.CircuitBreakerTripped, $"margin.{action} is halted by the circuit breaker (LP liquidity below the minimum or utilisation above the cap)")
            : TxResult.Ok;
    }

    public static TxResult CheckUserCooldown(EngineContext ctx, MarginState state, MarginParameters p)
    {
        if (state.LastUserAction.TryGetValue(ctx.Sender, out var last) && ctx.Height < last + p.UserCooldownBlocks)
            return TxResult.Reject(MarginErrors.UserCooldown,
                $"{ctx.Sender} acted at block {last}; the next position action is allowed from block {last + p.UserCooldownBlocks}");
        return TxResult.Ok;
    }

    // ---------- liquidation index ----------

    public static LiquidationIndex Index(MarginState state, int netuid)
    {
        if (!state.Indexes.TryGetValue(netuid, out var index))
        {
            index = new LiquidationIndex();
            var pair = state.Pairs[netuid];
            index.Rebuild(state.Positions.Values.Where(x => x.Netuid == netuid), pair.LiquidationThresholdPpb, state.BorrowIndex);
            state.Indexes[netuid] = index;
        }
        else if (index.KeyedAtIndex != state.BorrowIndex)
        {
            index.Rebuild(state.Positions.Values.Where(x => x.Netuid == netuid), state.Pairs[netuid].LiquidationThresholdPpb, state.BorrowIndex);
        }
        return index;
    }

    public static void Reindex(MarginState state, Position position)
    {
        if (state.Indexes.TryGetValue(position.Netuid, out var index) && index.KeyedAtIndex == state.BorrowIndex)
            index.Upsert(position, state.Pairs[position.Netuid].LiquidationThresholdPpb, state.BorrowIndex);
        else state.Indexes.Remove(position.Netuid); // rebuilt on next use
    }

    public static void Unindex(MarginState state, Position position)
    {
        if (state.Indexes.TryGetValue(position.Netuid, out var index)) index.Remove(position.Id);
    }
}
