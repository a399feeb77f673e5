using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Subnets;
using Ballast.Underwriting.Model;
using Ballast.Underwriting.Pricing;

namespace Ballast.Underwriting.Handlers;

/// <summary>Proposals and the assessment market on the linear curve: longZCB buys and sells, shortZCB buys, phases.</summary>
internal static class Assessment
{
    public static TxResult Apply(EngineContext ctx, ProposeCreditLine tx)
    {
        var r = Lookups.TryVault(ctx, tx.VaultId, out var vault);
        if (!r.Accepted) return r;
        if (!vault.Mandate.AllowCreditLines)
            return TxResult.Reject(UnderwritingErrors.InstrumentClassNotAllowed, $"vault {vault.Id}'s mandate funds no credit lines");
        if (tx.GraceBlocks < 0)
            return TxResult.Reject(UnderwritingErrors.InvalidTerms, $"the grace period is {tx.GraceBlocks} blocks; it cannot be negative");
        return Propose(ctx, "proposeCreditLine", vault, InstrumentKind.CreditLine, 0, tx.Principal, tx.Interest, tx.DurationBlocks, tx.GraceBlocks);
    }

    public static TxResult Apply(EngineContext ctx, ProposeAssetInstrument tx)
    {
        var r = Lookups.TryVault(ctx, tx.VaultId, out var vault);
        if (!r.Accepted) return r;
        if (!vault.Mandate.AllowAssets)
            return TxResult.Reject(UnderwritingErrors.InstrumentClassNotAllowed, $"vault {vault.Id}'s mandate funds no asset instruments");
        if (Lookups.Asset(ctx, vault) != ctx.Tao)
            return TxResult.Reject(UnderwritingErrors.InstrumentClassNotAllowed, $"an asset instrument buys alpha with TAO; vault {vault.Id} holds {vault.Asset}");
        r = ctx.Port<ISubnetMarkets>().TryGetSubnet(ctx, tx.Netuid, out _);
        if (!r.Accepted) return r;
        return Propose(ctx, "proposeAsset", vault, InstrumentKind.Asset, tx.Netuid, tx.Principal, tx.ExpectedReturn, tx.DurationBlocks, 0);
    }

    private static TxResult Propose(EngineContext ctx, string action, Vault vault, InstrumentKind kind, int netuid, Amount principal, Amount @return, long duration, long grace)
    {
        var r = ctx.RequireNotPaused(UnderwritingModule.ModuleName, action);
        if (!r.Accepted) return r;
        r = EngineContext.CheckAmount(principal, "principal");
        if (!r.Accepted) return r;
        if (!LinearCurve.IsValid(principal, @return))
            return TxResult.Reject(UnderwritingErrors.InvalidTerms, $"the curve needs a return at most the principal and P + I ≤ 2^62 units; got P = {principal}, I = {@return}");
        if (duration <= 0)
            return TxResult.Reject(UnderwritingErrors.InvalidTerms, $"the term is {duration} blocks; it must be positive");
        var state = ctx.State<UnderwritingState>();
        var p = ctx.Params<UnderwritingParameters>();
        long id = state.NextInstrumentId;
        state.NextInstrumentId = id + 1;
        var instrument = new Instrument
        {
            Id = id, VaultId = vault.Id, Kind = kind, Utilizer = ctx.Sender, Principal = principal, Return = @return,
            DurationBlocks = duration, GraceBlocks = grace, Netuid = netuid, ProposedAt = ctx.Height,
            AssessmentDeadline = ctx.Height + p.AssessmentBlocks,
        };
        ctx.Ledger.GetOrCreateModuleAccount(instrument.Account);
        ctx.Ledger.GetOrCreateModuleAccount(instrument.MarketAccount);
        state.Instruments.Add(id, instrument);
        var curve = instrument.Curve;
        ctx.Emit(new InstrumentProposed(id, vault.Id, kind, ctx.Sender, principal, @return, duration, instrument.AssessmentDeadline, curve.StartPrice, curve.Slope));
        return TxResult.Ok;
    }

    private static TxResult Open(EngineContext ctx, long id, out Vault vault, out Instrument instrument)
    {
        vault = null!;
        var r = Lookups.TryInstrument(ctx, id, out instrument, out vault);
        if (!r.Accepted) return r;
        if (!instrument.InAssessment)
            return TxResult.Reject(UnderwritingErrors.WrongPhase, $"instrument {id} is {instrument.Phase}, not in assessment");
        if (ctx.Height > instrument.AssessmentDeadline)
            return TxResult.Reject(UnderwritingErrors.DeadlinePassed, $"instrument {id}'s assessment ended at block {instrument.AssessmentDeadline}");
        return TxResult.Ok;
    }

    public static TxResult Apply(EngineContext ctx, BuyLong tx)
    {
        var r = ctx.RequireNotPaused(UnderwritingModule.ModuleName, "buyLong");
        if (!r.Accepted) return r;
        r = Open(ctx, tx.InstrumentId, out var vault, out var i);
        if (!r.Accepted) return r;
        r = EngineContext.CheckAmount(tx.Collateral, "collateral");
        if (!r.Accepted) return r;
        var p = ctx.Params<UnderwritingParameters>();
        if (!Lookups.IsManager(ctx, ctx.Sender))
            return TxResult.Reject(UnderwritingErrors.NotAManager, $"{ctx.Sender} is not a registered manager: assessment longZCB is for managers");
        var score = Lookups.Score(ctx, ctx.Sender);
        if (i.Phase == MarketPhase.ReputableOnly && score < p.ReputableScoreMin)
            return TxResult.Reject(UnderwritingErrors.ReputableOnlyPhase, $"instrument {i.Id} is in its reputable-only phase: {ctx.Sender}'s score {score} is below {p.ReputableScoreMin}");
        var leverage = tx.Leverage ?? Fixed.One;
        var limit = Lookups.LeverageLimit(p, vault.Mandate, score);
        if (leverage < Fixed.One || leverage > limit)
            return TxResult.Reject(UnderwritingErrors.LeverageAboveLimit, $"leverage {leverage}x is outside [1, {limit}] for {ctx.Sender} (score {score})");
        var gross = leverage.MulAmount(tx.Collateral, Rounding.Down);
        var borrowed = gross - tx.Collateral;
        var holding = i.Holders.GetValueOrDefault(ctx.Sender, Holding.Empty);
        var budget = Lookups.Budget(p, score);
        if (holding.AssessmentCost + gross > budget)
            return TxResult.Reject(UnderwritingErrors.BudgetExceeded, $"{ctx.Sender}'s budget per instrument is {budget} (score {score}); it has spent {holding.AssessmentCost} and asks {gross}");
        var curve = i.Curve;
        var cap = Lookups.NetLongCap(vault, i);
        if (i.NetLong >= cap)
            return TxResult.Reject(UnderwritingErrors.NetLongCapReached, $"net long {i.NetLong} is at the cap α·c = {cap}");
        var bonds = new Amount(curve.BondsFor(i.NetLong.Units, gross.Units));
        if (i.NetLong + bonds > cap) bonds = cap - i.NetLong;
        if (bonds.IsZero)
            return TxResult.Reject(UnderwritingErrors.Slippage, $"{gross} buys no whole bond at price {curve.PriceAt(i.NetLong.Units, Rounding.Down)}");
        if (tx.MinBonds is { } min && bonds < min)
            return TxResult.Reject(UnderwritingErrors.Slippage, $"{gross} buys {bonds} bonds, fewer than the {min} asked");
        var cost = new Amount(curve.CostToBuy(i.NetLong.Units, bonds.Units));
        // The vault lends the leveraged part of what is actually spent; the manager pays the rest.
        var loan = borrowed.IsZero ? Amount.Zero : Amount.Min(borrowed, cost.MulDiv(borrowed, gross, Rounding.Down));
        var own = cost - loan;
        var asset = Lookups.Asset(ctx, vault);
        if (!loan.IsZero && Lookups.Idle(ctx, vault) < loan)
            return TxResult.Reject(UnderwritingErrors.VaultLacksLiquidity, $"vault {vault.Id} holds {Lookups.Idle(ctx, vault)} idle, the loan needs {loan}");
        var market = Vaults.Account(ctx, i.MarketAccount);
        if (!ctx.Ledger.TryTransfer(ctx.SenderId, market, asset, own))
            return ctx.InsufficientBalance(ctx.Sender, asset, own);
        if (!loan.IsZero)
        {
            ctx.Ledger.TryTransfer(Vaults.Account(ctx, vault.Account), market, asset, loan);
            vault.Lent += loan;
        }
        i.Holders[ctx.Sender] = holding with
        {
            Long = holding.Long + bonds,
            Paid = holding.Paid + cost,
            Debt = holding.Debt + loan,
            AssessmentBonds = holding.AssessmentBonds + bonds,
            AssessmentCost = holding.AssessmentCost + cost,
            Budget = budget,
        };
        i.NetLong += bonds;
        i.LongSupply += bonds;
        i.Collateral += cost;
        ctx.Emit(new LongBought(i.Id, ctx.Sender, bonds, cost, loan, i.NetLong, curve.PriceAt(i.NetLong.Units, Rounding.Down)));
        AdvancePhase(ctx, vault, i);
        return TxResult.Ok;
    }

    public static TxResult Apply(EngineContext ctx, SellLong tx)
    {
        var r = Open(ctx, tx.InstrumentId, out var vault, out var i);
        if (!r.Accepted) return r;
        r = EngineContext.CheckAmount(tx.Bonds, "bonds");
        if (!r.Accepted) return r;
        var holding = i.Holders.GetValueOrDefault(ctx.Sender, Holding.Empty);
        if (holding.Long < tx.Bonds)
            return TxResult.Reject(UnderwritingErrors.InsufficientBonds, $"{ctx.Sender} holds {holding.Long} longZCB of instrument {i.Id}, asked to sell {tx.Bonds}");
        if (i.NetLong < tx.Bonds)
            return TxResult.Reject(UnderwritingErrors.ShortBeyondCurve, $"net long is {i.NetLong}: the curve cannot buy back {tx.Bonds} (shorts hold the rest)");
        var curve = i.Curve;
        var proceeds = new Amount(curve.SaleProceeds(i.NetLong.Units, tx.Bonds.Units));
        if (tx.MinProceeds is { } min && proceeds < min)
            return TxResult.Reject(UnderwritingErrors.Slippage, $"{tx.Bonds} bonds sell for {proceeds}, less than the {min} asked");
        // §5.3: profit from the curve waits for approval; during assessment a holder takes back at most what it put in,
        // so front-running later buyers and selling to them pays nothing, and a refund always returns every unit.
        if (holding.Received + proceeds > holding.Paid)
            return TxResult.Reject(UnderwritingErrors.SaleAboveContribution, $"{ctx.Sender} paid {holding.Paid} and got back {holding.Received}; selling for {proceeds} would take out more than it put in before approval");
        var asset = Lookups.Asset(ctx, vault);
        var market = Vaults.Account(ctx, i.MarketAccount);
        var repay = Amount.Min(holding.Debt, proceeds);
        if (!repay.IsZero)
        {
            ctx.Ledger.TryTransfer(market, Vaults.Account(ctx, vault.Account), asset, repay);
            vault.Lent -= repay;
        }
        ctx.Ledger.TryTransfer(market, ctx.SenderId, asset, proceeds - repay);
        i.Holders[ctx.Sender] = holding with
        {
            Long = holding.Long - tx.Bonds,
            Received = holding.Received + proceeds,
            Debt = holding.Debt - repay,
            AssessmentBonds = holding.AssessmentBonds.SaturatingSub(tx.Bonds),
            AssessmentCost = holding.AssessmentCost.SaturatingSub(proceeds),
        };
        i.NetLong -= tx.Bonds;
        i.LongSupply -= tx.Bonds;
        i.Collateral -= proceeds;
        ctx.Emit(new LongSold(i.Id, ctx.Sender, tx.Bonds, proceeds, i.NetLong, curve.PriceAt(i.NetLong.Units, Rounding.Down)));
        return TxResult.Ok;
    }

    public static TxResult Apply(EngineContext ctx, BuyShort tx)
    {
        var r = ctx.RequireNotPaused(UnderwritingModule.ModuleName, "buyShort");
        if (!r.Accepted) return r;
        r = Open(ctx, tx.InstrumentId, out var vault, out var i);
        if (!r.Accepted) return r;
        r = EngineContext.CheckAmount(tx.Bonds, "bonds");
        if (!r.Accepted) return r;
        if (i.NetLong < tx.Bonds)
            return TxResult.Reject(UnderwritingErrors.ShortBeyondCurve, $"net long is {i.NetLong}: {tx.Bonds} shortZCB would take the curve below its start");
        var holding = i.Holders.GetValueOrDefault(ctx.Sender, Holding.Empty);
        r = CheckShortCap(ctx, vault, ctx.Sender, holding.Short + tx.Bonds);
        if (!r.Accepted) return r;
        var curve = i.Curve;
        var escrow = new Amount(curve.ShortEscrow(i.NetLong.Units, tx.Bonds.Units));
        if (tx.MaxEscrow is { } max && escrow > max)
            return TxResult.Reject(UnderwritingErrors.Slippage, $"{tx.Bonds} shortZCB escrow {escrow}, more than the {max} allowed");
        var asset = Lookups.Asset(ctx, vault);
        if (!ctx.Ledger.TryTransfer(ctx.SenderId, Vaults.Account(ctx, i.MarketAccount), asset, escrow))
            return ctx.InsufficientBalance(ctx.Sender, asset, escrow);
        i.Holders[ctx.Sender] = holding with { Short = holding.Short + tx.Bonds, Paid = holding.Paid + escrow };
        i.NetLong -= tx.Bonds;
        i.ShortSupply += tx.Bonds;
        i.Collateral += escrow;
        ctx.Emit(new ShortBought(i.Id, ctx.Sender, tx.Bonds, escrow, i.NetLong, curve.PriceAt(i.NetLong.Units, Rounding.Down)));
        return TxResult.Ok;
    }

    public static TxResult Apply(EngineContext ctx, SellShort tx)
    {
        var r = Open(ctx, tx.InstrumentId, out var vault, out var i);
        if (!r.Accepted) return r;
        r = EngineContext.CheckAmount(tx.Bonds, "bonds");
        if (!r.Accepted) return r;
        var holding = i.Holders.GetValueOrDefault(ctx.Sender, Holding.Empty);
        if (holding.Short < tx.Bonds)
            return TxResult.Reject(UnderwritingErrors.InsufficientBonds, $"{ctx.Sender} holds {holding.Short} shortZCB of instrument {i.Id}, asked to sell {tx.Bonds}");
        var curve = i.Curve;
        if (i.NetLong + tx.Bonds > new Amount(curve.Capacity))
            return TxResult.Reject(UnderwritingErrors.NetLongCapReached, $"closing {tx.Bonds} shortZCB would take net long {i.NetLong} past the curve's end {curve.Capacity}");
        // Closing a short buys the curve back up: the escrow returned is bonds − area, the area rounded up.
        var proceeds = tx.Bonds.SaturatingSub(new Amount(curve.CostToBuy(i.NetLong.Units, tx.Bonds.Units)));
        if (tx.MinProceeds is { } min && proceeds < min)
            return TxResult.Reject(UnderwritingErrors.Slippage, $"closing {tx.Bonds} shortZCB returns {proceeds}, less than the {min} asked");
        if (holding.Received + proceeds > holding.Paid)
            return TxResult.Reject(UnderwritingErrors.SaleAboveContribution, $"{ctx.Sender} paid {holding.Paid} and got back {holding.Received}; closing for {proceeds} would take out more than it put in before approval");
        if (!proceeds.IsZero) ctx.Ledger.TryTransfer(Vaults.Account(ctx, i.MarketAccount), ctx.SenderId, Lookups.Asset(ctx, vault), proceeds);
        i.Holders[ctx.Sender] = holding with { Short = holding.Short - tx.Bonds, Received = holding.Received + proceeds };
        i.NetLong += tx.Bonds;
        i.ShortSupply -= tx.Bonds;
        i.Collateral -= proceeds;
        ctx.Emit(new ShortSold(i.Id, ctx.Sender, tx.Bonds, proceeds, i.NetLong, curve.PriceAt(i.NetLong.Units, Rounding.Down)));
        return TxResult.Ok;
    }

    /// <summary>§5.2: shortZCB held by an account is capped by its locked VT's value (insurance buyers hold what it insures).</summary>
    internal static TxResult CheckShortCap(EngineView view, Vault vault, string account, Amount shortsAfter)
    {
        var p = view.Params<UnderwritingParameters>();
        var lockedValue = Lookups.LockedValue(view, vault, account);
        var cap = p.ShortCapPerLockedPpb.Of(lockedValue, Rounding.Down);
        return shortsAfter > cap
            ? TxResult.Reject(UnderwritingErrors.ShortCapExceeded, $"{account} would hold {shortsAfter} shortZCB; its locked VT (worth {lockedValue}) allows {cap}")
            : TxResult.Ok;
    }

    /// <summary>The reputable-only part ends once net long reaches its share of the approval threshold.</summary>
    private static void AdvancePhase(EngineContext ctx, Vault vault, Instrument i)
    {
        if (i.Phase != MarketPhase.ReputableOnly) return;
        var p = ctx.Params<UnderwritingParameters>();
        var open = p.ReputablePhasePpb.Of(Lookups.ApprovalNetLong(vault, i), Rounding.Up);
        if (i.NetLong < open) return;
        i.Phase = MarketPhase.Assessment;
        ctx.Emit(new PhaseChanged(i.Id, MarketPhase.ReputableOnly, MarketPhase.Assessment));
    }
}
