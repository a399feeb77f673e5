using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Core.State;
using Ballast.Margin.Liquidation;
using Ballast.Margin.Model;
using Ballast.Subnets;

namespace Ballast.Margin;

/// <summary>Consecutive-block liquidation, its payment order and bad debt.</summary>
public sealed partial class MarginModule
{
    private static TxResult Apply(EngineContext ctx, Liquidate tx)
    {
        var state = ctx.State<MarginState>();
        var p = ctx.Params<MarginParameters>();
        if (!state.Positions.TryGetValue(tx.PositionId, out var position))
            return TxResult.Reject(MarginErrors.UnknownPosition, $"no open position {tx.PositionId}");
        state.Windows.TryGetValue(position.Id, out var window);
        if (window is not null && window.LastCallBlock == ctx.Height)
            return TxResult.Reject(MarginErrors.LiquidationAlreadyCalled, $"position {position.Id} already had its liquidation call in block {ctx.Height}");
        var pair = state.Pairs[position.Netuid];
        var health = Books.HealthPpb(ctx, state, p, position, out _, out _);
        if (health >= pair.LiquidationThreshold.Value)
        {
            // Keepers call every candidate every block and hosts mostly count these: the sentence is written when read.
            var (id, netuid, threshold) = (position.Id, position.Netuid, pair.LiquidationThreshold.Value);
            return TxResult.Reject(MarginErrors.NotLiquidatable,
                () => $"position {id}'s health is {Percent(health)}, at or above subnet {netuid}'s threshold {Percent(threshold)}");
        }

        // One call a block; whether this call starts a new window is LiquidationWindowRule's (LiquidationWindow.RestartsAt).
        if (window is null || window.RestartsAt(ctx.Height, p))
            window = new LiquidationWindow(ctx.Height, ctx.Height, []);
        window = window.Called(ctx.Sender, ctx.Height);
        state.Windows[position.Id] = window;
        ctx.Emit(new LiquidationCalled(position.Id, ctx.Sender, window.Callers.Length, (int)p.LiquidationConfirmations, health));
        if (window.Callers.Length >= p.LiquidationConfirmations) Execute(ctx, state, p, position, window);
        return TxResult.Ok;
    }

    /// <summary>
    /// Sells all the alpha; pays the debt first (its interest part through the borrowing-fee split), then the
    /// liquidation fee on gross proceeds capped at what is left, then credits the rest to the owner as a claim.
    /// A principal shortfall is covered by the insurance fund, and what it cannot cover is written off the LPs'
    /// assets and recorded.
    /// </summary>
    private static void Execute(EngineContext ctx, MarginState state, MarginParameters p, Position position, LiquidationWindow window)
    {
        var pair = state.Pairs[position.Netuid];
        var vault = Books.Account(ctx, VaultAccount);
        var positions = Books.Account(ctx, PositionsAccount);
        var markets = Books.Markets(ctx);
        Amount sale;
        if (!markets.Swap(ctx, position.Netuid, SwapDirection.AlphaToTao, positions, vault, position.Alpha, Amount.Zero, out sale).Accepted)
        {
            // Dust the pool would pay nothing for: the insurance manager takes the alpha.
            sale = Amount.Zero;
            if (markets.TryGetSubnet(ctx, position.Netuid, out var subnet).Accepted)
                ctx.Ledger.TryTransfer(positions, Books.Account(ctx, InsuranceAccount), subnet.AlphaToken, position.Alpha);
        }
        var proceeds = sale + position.AddedCollateral;
        var owedFee = Books.OwedBorrowFee(ctx, state, p, position);
        var repaid = Amount.Min(proceeds, position.Borrowed + owedFee);
        var principalRepaid = Amount.Min(repaid, position.Borrowed);
        var interestPaid = repaid - principalRepaid;
        var left = proceeds - repaid;
        var fee = Amount.Min(p.LiquidationFeePpb.Of(proceeds, Rounding.Up), left);
        left -= fee;
        var shortfall = position.Borrowed - principalRepaid;

        state.Positions.Remove(position.Id);
        state.Windows.Remove(position.Id);
        state.Unindex(position);
        state.TotalBorrowed -= position.Borrowed;
        state.BorrowWeight -= position.Borrowed.Units * Books.WeightPerRao(position);
        state.TotalInitialCollateral -= position.InitialCollateral;
        state.TotalAddedCollateral -= position.AddedCollateral;
        pair.TotalBorrowed -= position.Borrowed;
        pair.TotalCollateral -= position.InitialCollateral + position.AddedCollateral;
        pair.TotalAlpha -= position.Alpha;

        Books.DistributeFee(ctx, state, p, FeeKind.Borrowing, interestPaid);
        // Per-accrual LP interest credited for this loan that it will never pay is written off the LPs now (a no-op
        // while nothing is credited per accrual).
        Books.WriteOffReceivable(state, Books.LpNetOfBorrowing(p, owedFee - interestPaid));
        var liquidatorShare = Books.DistributeFee(ctx, state, p, FeeKind.Liquidation, fee);
        PayLiquidators(ctx, state, position.Id, window, liquidatorShare);
        if (!left.IsZero)
            state.UserClaims[position.Owner] = state.UserClaims.GetValueOrDefault(position.Owner) + left;

        if (!shortfall.IsZero)
        {
            var insurance = Books.Account(ctx, InsuranceAccount);
            var covered = Amount.Min(shortfall, ctx.Ledger.BalanceOf(insurance, ctx.Tao));
            if (!covered.IsZero && !ctx.Ledger.TryTransfer(insurance, vault, ctx.Tao, covered))
                throw new InvariantViolationException("insurance fund cannot pay its own balance");
            var uncovered = shortfall - covered;
            state.InsuranceDrawn += covered;
            state.BadDebtCovered += covered;
            state.BadDebtUncovered += uncovered;
            state.LpAssets -= uncovered;
            ctx.Emit(new BadDebt(position.Id, shortfall, covered, uncovered));
        }
        state.Liquidations++;
        ctx.Emit(new PositionLiquidated(position.Id, position.Owner, proceeds, principalRepaid, interestPaid, fee, left, shortfall));
        Books.UpdateBreaker(ctx, state, p);
    }

    /// <summary>½ of the liquidator share to the first caller, the other half shared by the rest (⅛ each of five); dust to the protocol.</summary>
    private static void PayLiquidators(EngineContext ctx, MarginState state, long positionId, LiquidationWindow window, Amount share)
    {
        if (share.IsZero) return;
        int n = window.Callers.Length;
        var first = n == 1 ? share : share.MulDiv(1u, 2u, Rounding.Down);
        var each = n == 1 ? Amount.Zero : (share - first).MulDiv(1u, (UInt128)(n - 1), Rounding.Down);
        var paid = Amount.Zero;
        for (int i = 0; i < n; i++)
        {
            var reward = i == 0 ? first : each;
            if (reward.IsZero) continue;
            var caller = window.Callers[i];
            state.LiquidatorRewards[caller] = state.LiquidatorRewards.GetValueOrDefault(caller) + reward;
            paid += reward;
            ctx.Emit(new LiquidatorRewarded(positionId, caller, reward));
        }
        state.ProtocolFees += share - paid;
    }

    private static TxResult Apply(EngineContext ctx, ClaimLiquidatorRewards tx) =>
        PayClaim(ctx, ctx.State<MarginState>().LiquidatorRewards, "claimLiquidatorRewards", "liquidator rewards",
            amount => new LiquidatorRewardsClaimed(ctx.Sender, amount));

    private static TxResult Apply(EngineContext ctx, ClaimProceeds tx) =>
        PayClaim(ctx, ctx.State<MarginState>().UserClaims, "claimProceeds", "liquidation proceeds",
            amount => new ProceedsClaimed(ctx.Sender, amount));

    /// <summary>Pays the sender's whole balance in one of the vault's claim books (pausable, like every claim).</summary>
    private static TxResult PayClaim<TEvent>(EngineContext ctx, StateMap<string, Amount> book, string action, string what, Func<Amount, TEvent> claimed)
        where TEvent : IEvent
    {
        var r = Books.RequireOpenForBusiness(ctx, ctx.State<MarginState>(), action);
        if (!r.Accepted) return r;
        var amount = book.GetValueOrDefault(ctx.Sender);
        if (amount.IsZero) return TxResult.Reject(MarginErrors.NothingToClaim, $"{ctx.Sender} has no {what} to claim");
        Books.PayFromVault(ctx, ctx.SenderId, ctx.Tao, amount);
        book.Remove(ctx.Sender);
        ctx.Emit(claimed(amount));
        return TxResult.Ok;
    }
}
