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
/// Reads take an <see cref="EngineView"/> (handlers pass their context), writes an <see cref="EngineContext"/>.
/// </summary>
internal static class Books
{
    private static readonly UInt128 AccScale = UInt128.Parse("1000000000000000000", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The subnet markets, through their port.</summary>
    public static ISubnetMarkets Markets(EngineView view) => view.Port<ISubnetMarkets>();

    public static AccountId Account(EngineContext ctx, string name) => ctx.Ledger.GetOrCreateModuleAccount(name);

    public static AccountId Resolve(EngineContext ctx, string name) =>
        ctx.Ledger.TryGetAccount(name, out var id) ? id : ctx.Ledger.GetOrCreateModuleAccount(name);

    /// <summary>The TAO balance of a module account (zero if it does not exist yet).</summary>
    public static Amount TaoOf(EngineView view, string account) =>
        view.Ledger.TryGetAccount(account, out var id) ? view.Ledger.BalanceOf(id, view.Tao) : Amount.Zero;

    /// <summary>The protocol subnet's alpha token, if the subnet is registered.</summary>
    public static bool TryProtocolAlpha(EngineView view, MarginParameters p, out SubnetInfo subnet) =>
        Markets(view).TryGetSubnet(view, (int)p.ProtocolNetuid, out subnet).Accepted;

    /// <summary>Moves TAO the protocol owes out of the vault; the books guarantee it is there.</summary>
    public static void PayFromVault(EngineContext ctx, AccountId to, TokenId token, Amount amount)
    {
        if (amount.IsZero) return;
        if (!ctx.Ledger.TryTransfer(Account(ctx, MarginModule.VaultAccount), to, token, amount))
            throw new InvariantViolationException($"margin vault is short of {amount} {ctx.Ledger.Token(token).Symbol} units");
    }

    // ---------- tiers ----------

    /// <summary>The alpha that counts for the user's tier: staked to the protocol hotkey (live), or locked in the margin module.</summary>
    public static Amount StakedForTier(EngineView view, MarginState state, MarginParameters p, string user) => p.TierInputs switch
    {
        TierInputs.Live => Markets(view).StakeOf(view, (int)p.ProtocolNetuid, state.ProtocolHotkey, user),
        TierInputs.LockedInMargin => state.TierLocks.GetValueOrDefault(user),
        _ => throw new InvariantViolationException($"unknown tier inputs {p.TierInputs}"),
    };

    /// <summary>Whether <paramref name="user"/> owns an open position (locked tier inputs cannot leave while one is open).</summary>
    public static bool HasOpenPosition(MarginState state, string user) => state.Positions.Values.Any(x => x.Owner == user);

    /// <summary>The highest tier whose threshold the user's stake reaches (tier 0 has none).</summary>
    public static int Tier(EngineView view, MarginState state, MarginParameters p, string user)
    {
        var staked = StakedForTier(view, state, p, user).Units;
        for (int k = p.Tiers.Length - 1; k >= 1; k--)
            if (staked >= (UInt128)p.Tiers[k].ThresholdRao) return k;
        return 0;
    }

    public static UInt128 CrowdloanWholeTao(MarginState state, string user) =>
        state.Crowdloan.TryGetValue(user, out var c) ? c.Units / Amount.UnitsPerToken : 0;

    /// <summary>Max leverage: the tier's, or the crowdloan's (N TAO contributed unlocks the tier leverage ≤ N×), whichever is higher.</summary>
    public static Fixed MaxLeverage(EngineView view, MarginState state, MarginParameters p, string user, out int tier)
    {
        tier = Tier(view, state, p, user);
        var best = p.Tiers[tier].MaxLeverage;
        var contributed = CrowdloanWholeTao(state, user);
        foreach (var row in p.Tiers)
        {
            var lev = row.MaxLeverage;
            if (lev > best && (UInt128)(lev.Raw / Fixed.ScaleRaw) <= contributed && lev.Raw % Fixed.ScaleRaw == 0) best = lev;
        }
        return best;
    }

    /// <summary>Tier discount plus crowdloan discount (per whole TAO, capped), stacked and capped.</summary>
    public static Ppb Discount(EngineView view, MarginState state, MarginParameters p, string user, out int tier)
    {
        tier = Tier(view, state, p, user);
        var contributed = CrowdloanWholeTao(state, user);
        var crowd = new Ppb((long)UInt128.Min(contributed * (UInt128)p.CrowdloanDiscountPerTaoPpb.Value, (UInt128)p.CrowdloanDiscountCapPpb.Value));
        return Ppb.Min(p.Tiers[tier].DiscountPpb + crowd, p.CombinedDiscountCapPpb);
    }

    /// <summary>notional·rate·(1 − discount), rounded up once: both factors are ppb, so one division by 1e18.</summary>
    public static Amount TradingFee(Amount notional, MarginParameters p, Ppb discount) =>
        notional.MulDiv((UInt128)p.TradingFeePpb.Value * (UInt128)(Ppb.Scale - discount.Value), (UInt128)Ppb.Scale * Ppb.Scale, Rounding.Up);

    // ---------- borrowing ----------

    public static Ppb Utilization(MarginState s) =>
        s.LpAssets.IsZero ? (s.TotalBorrowed.IsZero ? Ppb.Zero : Ppb.One) : new Ppb((long)FullMath.MulDiv(s.TotalBorrowed.Units, Ppb.Scale, s.LpAssets.Units, Rounding.Down));

    /// <summary>Borrowing fee owed now: Borrowed·(index − index at open)/1e9, less the discount when the parameters say so.</summary>
    public static Amount OwedBorrowFee(EngineView view, MarginState state, MarginParameters p, Position position)
    {
        var fee = position.Borrowed.MulDiv(state.BorrowIndex - position.BorrowIndexAtOpen, Ppb.Scale, Rounding.Up);
        if (fee.IsZero) return fee;
        var discount = BorrowDiscount(view, state, p, position);
        return discount.Value == 0 ? fee : fee.MulDiv((UInt128)(Ppb.Scale - discount.Value), Ppb.Scale, Rounding.Up);
    }

    /// <summary>
    /// The discount of a position's borrowing fee: none, the owner's discount now (deployed), or — under per-accrual
    /// LP interest, where the interest is credited before it is paid — the discount it opened with.
    /// </summary>
    public static Ppb BorrowDiscount(EngineView view, MarginState state, MarginParameters p, Position position) => p.BorrowFeeTierDiscounted switch
    {
        BorrowFeeDiscount.Undiscounted => Ppb.Zero,
        BorrowFeeDiscount.TierDiscounted => p.LpInterestCrediting == LpInterestCrediting.PerAccrual
            ? position.DiscountAtOpen
            : Discount(view, state, p, position.Owner, out _),
        _ => throw new InvariantViolationException($"unknown borrow-fee discount {p.BorrowFeeTierDiscounted}"),
    };

    /// <summary>
    /// A position's weight in <see cref="MarginState.BorrowWeight"/> per rao borrowed: 1e9 less the discount it opened
    /// with. Fixed for the position's life whatever governance does to the parameters, so the running sum never drifts.
    /// </summary>
    public static UInt128 WeightPerRao(Position position) => (UInt128)(Ppb.Scale - position.DiscountAtOpen.Value);

    /// <summary>
    /// Advances the borrow accumulator one period. A pair's liquidation index keeps its keys (scans allow for the
    /// move: LiquidationIndex.Slack) until the accumulator has moved <see cref="LiquidationIndex.RekeyAfterPpb"/> since
    /// its last re-keying; then it is re-keyed.
    /// </summary>
    public static void Accrue(EngineContext ctx, MarginState state, MarginParameters p)
    {
        var u = Utilization(state);
        var rate = BorrowRateModel.Rate(u, p);
        state.BorrowIndex += (UInt128)rate.Value;
        state.LastAccrualBlock = ctx.Height;
        foreach (var pair in state.Pairs.Values)
            if (state.BorrowIndex - state.IndexOf(pair).KeyedAtIndex >= (UInt128)LiquidationIndex.RekeyAfterPpb) state.Reindex(pair);
        ctx.Emit(new BorrowFeesAccrued(u, rate, state.BorrowIndex));
        if (p.LpInterestCrediting == LpInterestCrediting.PerAccrual) CreditInterest(ctx, state, p, rate);
    }

    /// <summary>
    /// Per-accrual LP interest: the period's interest Σ borrowed·rate·(1 − discount) (rounded down), split as a
    /// borrowing fee would be (LP share less the insurance cut, each rounded down), and the LP part added to LP assets
    /// at once as a receivable: the share value rises now, so a deposit after this accrual pays for it. Repayments
    /// settle the receivable instead of crediting the LPs again (<see cref="DistributeFee"/>).
    /// </summary>
    private static void CreditInterest(EngineContext ctx, MarginState state, MarginParameters p, Ppb rate)
    {
        if (state.TotalLpShares == 0) return;
        // Discounted borrowing fees owe Σ borrowed·(1e9 − discount at open)·rate/1e18; undiscounted ones Σ borrowed·rate/1e9.
        var charged = p.BorrowFeeTierDiscounted == BorrowFeeDiscount.TierDiscounted ? state.BorrowWeight : state.TotalBorrowed.Units * (UInt128)Ppb.Scale;
        var interest = new Amount(FullMath.MulDiv(charged, (UInt128)rate.Value, (UInt128)Ppb.Scale * Ppb.Scale, Rounding.Down));
        var toLps = LpNetOfBorrowing(p, interest);
        if (toLps.IsZero) return;
        state.LpAssets += toLps;
        state.InterestReceivable += toLps;
        ctx.Emit(new LpInterestCredited(interest, toLps, state.InterestReceivable));
    }

    /// <summary>The LP part of a borrowing fee net of the insurance cut, rounded as <see cref="DistributeFee"/> rounds it.</summary>
    public static Amount LpNetOfBorrowing(MarginParameters p, Amount fee)
    {
        var lp = p.BorrowingLpSharePpb.Of(fee, Rounding.Down);
        return lp - p.LpFeeInsuranceSharePpb.Of(lp, Rounding.Down);
    }

    /// <summary>
    /// Per-accrual LP interest a loan will never repay — a liquidation's unpaid interest, or what rounding left once
    /// nothing is borrowed — written off the receivable and LP assets (the LPs were credited it in advance).
    /// </summary>
    public static void WriteOffReceivable(MarginState state, Amount amount)
    {
        var off = Amount.Min(amount, state.InterestReceivable);
        if (state.TotalBorrowed.IsZero) off = state.InterestReceivable;
        if (off.IsZero) return;
        state.InterestReceivable -= off;
        state.LpAssets = state.LpAssets.SaturatingSub(off);
        state.InterestWrittenOff += off;
    }

    /// <summary>LP liquidity in the vault: LP assets less what is lent and less interest credited but not yet repaid.</summary>
    public static Amount FreeLiquidity(MarginState state) => state.LpAssets.SaturatingSub(state.TotalBorrowed).SaturatingSub(state.InterestReceivable);

    // ---------- health ----------

    /// <summary>(what selling the alpha into the pool returns + added collateral)·1e9 / (borrowed + owed fee); long.MaxValue without debt.</summary>
    public static long HealthPpb(EngineView view, MarginState state, MarginParameters p, Position position, out Amount value, out Amount debt)
    {
        value = HealthValue(view, p, position);
        debt = position.Borrowed + OwedBorrowFee(view, state, p, position);
        return HealthPpb(value, position.AddedCollateral, debt);
    }

    /// <summary>What selling the position's alpha into the pool returns, rescaled to the valuation rule's price.</summary>
    public static Amount HealthValue(EngineView view, MarginParameters p, Position position)
    {
        var value = Markets(view).SimSwapAlphaForTao(view, position.Netuid, position.Alpha);
        if (p.HealthValuation != HealthValuation.Spot)
        {
            var (num, den) = ValuationScale(view, p, position.Netuid, p.HealthValuation);
            if (num != den) value = value.MulDiv(num, den, Rounding.Down);
        }
        return value;
    }

    /// <summary>(value + added)·1e9 / debt, rounded down; long.MaxValue without debt.</summary>
    public static long HealthPpb(Amount value, Amount added, Amount debt)
    {
        if (debt.IsZero) return long.MaxValue;
        var health = FullMath.MulDiv((value + added).Units, Ppb.Scale, debt.Units, Rounding.Down);
        return health > long.MaxValue ? long.MaxValue : (long)health;
    }

    /// <summary>
    /// The debt with the borrowing fee undiscounted: at least the debt <see cref="HealthPpb(EngineView, MarginState, MarginParameters, Position, out Amount, out Amount)"/>
    /// charges (a discount only lowers the fee), so a health computed on it is a lower bound, without the owner's tier lookups.
    /// </summary>
    public static Amount UndiscountedDebt(MarginState state, Position position) =>
        position.Borrowed + position.Borrowed.MulDiv(state.BorrowIndex - position.BorrowIndexAtOpen, Ppb.Scale, Rounding.Up);

    // ---------- valuation against the TWAP ----------

    /// <summary>
    /// The pool's time-weighted average price over the <c>TwapWindowBlocks</c> blocks before the current one (a price
    /// moved inside the current block does not count: TwapAccumulator). The window is clamped to the pool's
    /// history; a pool with none yet (registered this block) gives its spot.
    /// </summary>
    public static Fixed Twap(EngineView view, MarginParameters p, int netuid, Fixed spot)
    {
        if (!Markets(view).TryGetSubnet(view, netuid, out var subnet).Accepted) return spot;
        if (!view.Prices.TryGetSource(subnet.PriceSource, out var source) || !source.Accumulator.HasPrice) return spot;
        long window = Math.Min(p.TwapWindowBlocks, view.Height - source.Accumulator.FirstHeight);
        if (window <= 0) return spot;
        return source.Accumulator.TryTwap(view.Height, window, out var twap) && twap.IsPositive ? twap : spot;
    }

    /// <summary>
    /// The factor num/den that rescales a sale into the pool at spot to the valuation rule's price: 1 for spot,
    /// TWAP/spot for the TWAP, min(1, TWAP/spot) for the worse of the two. Rescaling keeps the sale's slippage.
    /// </summary>
    public static (UInt128 Num, UInt128 Den) ValuationScale(EngineView view, MarginParameters p, int netuid, HealthValuation rule)
    {
        if (rule == HealthValuation.Spot) return (1, 1);
        var spot = Markets(view).SpotPrice(view, netuid);
        if (!spot.IsPositive) return (1, 1);
        var twap = Twap(view, p, netuid, spot);
        return rule switch
        {
            HealthValuation.Twap => ((UInt128)twap.Raw, (UInt128)spot.Raw),
            HealthValuation.WorseOfSpotAndTwap => twap < spot ? ((UInt128)twap.Raw, (UInt128)spot.Raw) : (1, 1),
            _ => throw new InvariantViolationException($"unknown health valuation {rule}"),
        };
    }

    // ---------- LP accumulators ----------

    // An LP earns ⌊shares·acc⌋ − debt, and its debt (its entry point in the accumulator) is ⌈shares·acc⌉ at each
    // settlement: so what it earns over any stretch is at most shares·Δacc, and what all LPs can claim never exceeds
    // what was credited to them. (With entry points rounded down too, each LP could gain up to one unit per
    // stretch, and the last claimer would ask the vault for more than it holds for LPs.)

    /// <summary>What settling <paramref name="lp"/> now would leave pending, without settling it (readers and pre-checks).</summary>
    public static (Amount Fees, Amount Emission) Claimable(MarginState state, LiquidityProvider lp)
    {
        var fees = FullMath.MulDiv(lp.Shares, state.AccFeePerShare, AccScale, Rounding.Down);
        var emission = FullMath.MulDiv(lp.Shares, state.AccEmissionPerShare, AccScale, Rounding.Down);
        return (fees > lp.FeeDebt ? lp.PendingFees + new Amount(fees - lp.FeeDebt) : lp.PendingFees,
                emission > lp.EmissionDebt ? lp.PendingEmission + new Amount(emission - lp.EmissionDebt) : lp.PendingEmission);
    }

    public static void Settle(MarginState state, LiquidityProvider lp)
    {
        (lp.PendingFees, lp.PendingEmission) = Claimable(state, lp);
        lp.FeeDebt = UInt128.Max(lp.FeeDebt, FullMath.MulDiv(lp.Shares, state.AccFeePerShare, AccScale, Rounding.Up));
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
    public static Amount DistributeFee(EngineContext ctx, MarginState state, MarginParameters p, FeeKind kind, Amount fee)
    {
        if (fee.IsZero) return Amount.Zero;
        // Each kind names its split; the insurance cut comes out of the LP share of trading and borrowing fees only,
        // and only liquidation fees pay liquidators (their share of other fees stays with the protocol).
        (Ppb lpShare, Ppb liquidatorShare, bool insuranceCut, bool paysLiquidators) = kind switch
        {
            FeeKind.Trading => (p.TradingLpSharePpb, p.TradingLiquidatorSharePpb, true, false),
            FeeKind.Borrowing => (p.BorrowingLpSharePpb, p.BorrowingLiquidatorSharePpb, true, false),
            FeeKind.Liquidation => (p.LiquidationLpSharePpb, p.LiquidationLiquidatorSharePpb, false, true),
            _ => throw new InvariantViolationException($"unknown fee kind {kind}"),
        };
        var lp = lpShare.Of(fee, Rounding.Down);
        var insurance = insuranceCut ? p.LpFeeInsuranceSharePpb.Of(lp, Rounding.Down) : Amount.Zero;
        lp -= insurance;
        if (state.TotalLpShares == 0) lp = Amount.Zero; // no LPs to credit: the protocol keeps it
        var liquidators = paysLiquidators ? liquidatorShare.Of(fee, Rounding.Down) : Amount.Zero;
        // Interest credited per accrual is already LP assets: the LP part repaid now settles that receivable first, and
        // only what is left above it (rounding, interest from before a switch to per-accrual crediting) goes to the LP
        // fee accumulator. Without per-accrual crediting the receivable is zero and nothing changes.
        var settled = Amount.Zero;
        if (kind == FeeKind.Borrowing)
        {
            settled = Amount.Min(lp, state.InterestReceivable);
            state.InterestReceivable -= settled;
            lp -= settled;
        }
        var protocol = fee - lp - insurance - liquidators - settled;
        if (!lp.IsZero)
        {
            state.AccFeePerShare += FullMath.MulDiv(lp.Units, AccScale, state.TotalLpShares, Rounding.Down);
            state.PendingLpFees += lp;
        }
        SendToInsurance(ctx, state, ctx.Tao, insurance);
        state.ProtocolFees += protocol;
        switch (kind)
        {
            case FeeKind.Trading: state.TotalTradingFees += fee; break;
            case FeeKind.Borrowing: state.TotalBorrowingFees += fee; break;
            case FeeKind.Liquidation: state.TotalLiquidationFees += fee; break;
            default: throw new InvariantViolationException($"unknown fee kind {kind}");
        }
        ctx.Emit(new FeeDistributed(kind, fee, lp + settled, insurance, protocol));
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
        if (!TryProtocolAlpha(ctx, p, out var subnet)) return;
        var alpha = subnet.AlphaToken;
        var amount = ctx.Ledger.BalanceOf(emissions, alpha);
        if (amount.IsZero) return;
        var toLps = state.TotalLpShares == 0 ? Amount.Zero : p.LpEmissionSharePpb.Of(amount, Rounding.Down);
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
        // The contract's order (TenexiumProtocol.sol, _updateLiquidityCircuitBreaker): minimum liquidity, then utilisation.
        var condition = BreakerCondition.None;
        if (state.LpAssets.Units < (UInt128)p.MinLiquidityRao) condition = BreakerCondition.LiquidityBelowMinimum;
        else if (Utilization(state) > p.MaxUtilizationPpb) condition = BreakerCondition.UtilizationAboveCap;
        if (condition == state.BreakerCondition) return;
        bool tripped = condition != BreakerCondition.None;
        state.BreakerCondition = condition;
        if (tripped == state.BreakerTripped && tripped)
        {
            // Still tripped, for the other condition: record which one holds now; the event says so.
            ctx.Emit(new CircuitBreaker(true, BreakerReason(state, p, condition)));
            return;
        }
        state.BreakerTripped = tripped;
        ctx.Emit(new CircuitBreaker(tripped, tripped ? BreakerReason(state, p, condition) : "liquidity and utilisation back within limits"));
    }

    /// <summary>The sentence naming the tripped condition, with today's figures.</summary>
    public static string BreakerReason(MarginState state, MarginParameters p, BreakerCondition condition) => condition switch
    {
        BreakerCondition.LiquidityBelowMinimum =>
            $"LP liquidity {state.LpAssets.ToTokenString()} TAO is below the minimum {new Amount((UInt128)p.MinLiquidityRao).ToTokenString()}",
        BreakerCondition.UtilizationAboveCap =>
            $"utilisation {Utilization(state).Value / 10_000_000.0:0.##}% is above {p.MaxUtilizationPpb.Value / 10_000_000.0:0.##}%",
        _ => throw new InvariantViolationException($"the breaker has no reason for condition {condition}"),
    };

    /// <summary>Opening, claims and buybacks stop while the breaker is tripped or governance paused them.</summary>
    public static TxResult RequireOpenForBusiness(EngineContext ctx, MarginState state, string action)
    {
        var r = ctx.RequireNotPaused(MarginModule.ModuleName, action);
        if (!r.Accepted) return r;
        if (!state.BreakerTripped) return TxResult.Ok;
        var p = ctx.Params<MarginParameters>();
        return TxResult.Reject(MarginErrors.CircuitBreakerTripped,
            $"margin.{action} is halted by the circuit breaker ({state.BreakerCondition}): {BreakerReason(state, p, state.BreakerCondition)}");
    }

    public static TxResult CheckUserCooldown(EngineContext ctx, MarginState state, MarginParameters p)
    {
        if (state.LastUserAction.TryGetValue(ctx.Sender, out var last) && ctx.Height < last + p.UserCooldownBlocks)
            return TxResult.Reject(MarginErrors.UserCooldown,
                $"{ctx.Sender} acted at block {last}; the next position action is allowed from block {last + p.UserCooldownBlocks}");
        return TxResult.Ok;
    }
}
