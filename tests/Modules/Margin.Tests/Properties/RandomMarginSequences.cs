using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Margin.Liquidation;
using Ballast.Margin.Tests.Support;
using Ballast.Subnets;

namespace Ballast.Margin.Tests.Properties;

/// <summary>
/// Runs seeded random sequences (16–28 blocks of 1–6 random transactions, the liquidation keeper's calls first in
/// every block, with runs of keeper-only blocks between) and checks after every block:
/// <list type="bullet">
/// <item>every token conserved: the ledger's check, and each token's balances summing to its supply;</item>
/// <item>the protocol solvent (<c>margin.solvency</c>) and its books consistent with its positions, LPs and escrows;</item>
/// <item>the LP share value not lower than before the block unless the block wrote bad debt off the LPs;</item>
/// <item><c>margin.liquidationCandidates</c> (the derived index, kept by the writers and rebuilt after every snapshot restore
/// and rollback) equal to a brute-force scan of every position's health (<c>margin.position</c>);</item>
/// <item>no position still open after accepted liquidation calls in five consecutive blocks;</item>
/// <item>the rejected transactions without effect: the engine runs with <see cref="EngineOptions.VerifyRejections"/> (the state
/// hash before each transaction equals the hash after its rejection), and the block run again from its snapshot with
/// only the accepted ones accepts them all and ends in the same state hash;</item>
/// <item>no margin transaction refused for an arithmetic overflow (a refusal must name its reason).</item>
/// </list>
/// A failure names the seed and block.
/// </summary>
public static class RandomMarginSequences
{
    public sealed class Tally
    {
        public int Sequences;
        public int Blocks;
        public int Liquidations;
        public int BadDebtWrittenOff;
        public int BadDebtCovered;
        public int Buybacks;
        public int BreakerTrips;
        public readonly Dictionary<string, int> Accepted = new(StringComparer.Ordinal);
        public readonly Dictionary<string, int> Rejected = new(StringComparer.Ordinal);

        public void Add(Engine engine, Envelope tx, TxResult result)
        {
            var type = engine.Catalog.NameOf(tx.Payload);
            if (result.Accepted) Accepted[type] = Accepted.GetValueOrDefault(type) + 1;
            else Rejected[$"{type}:{result.Error!.Value.Name}"] = Rejected.GetValueOrDefault($"{type}:{result.Error!.Value.Name}") + 1;
        }

        public void Merge(Tally other)
        {
            lock (this)
            {
                Sequences += other.Sequences; Blocks += other.Blocks; Liquidations += other.Liquidations;
                BadDebtWrittenOff += other.BadDebtWrittenOff; BadDebtCovered += other.BadDebtCovered; Buybacks += other.Buybacks; BreakerTrips += other.BreakerTrips;
                foreach (var (k, v) in other.Accepted) Accepted[k] = Accepted.GetValueOrDefault(k) + v;
                foreach (var (k, v) in other.Rejected) Rejected[k] = Rejected.GetValueOrDefault(k) + v;
            }
        }

        public override string ToString() =>
            $"{Sequences} sequences, {Blocks} blocks, {Liquidations} liquidations ({BadDebtCovered} with bad debt covered, {BadDebtWrittenOff} written off), " +
            $"{Buybacks} buybacks, {BreakerTrips} breaker trips; accepted: " +
            string.Join(", ", Accepted.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {kv.Value}")) +
            "; rejected: " + string.Join(", ", Rejected.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {kv.Value}"));

        /// <summary>The sequences reached what the properties are about: every margin transaction accepted, liquidations, bad debt both ways.</summary>
        public void ShouldBeVaried()
        {
            string[] everyAction =
            [
                "margin.deposit", "margin.withdraw", "margin.claimLpFees", "margin.claimLpEmissions", "margin.open", "margin.addCollateral",
                "margin.close", "margin.liquidate", "margin.claimLiquidatorRewards", "margin.claimProceeds", "margin.contributeCrowdloan",
                "margin.withdrawCrowdloan", "margin.accrue", "margin.buyback", "margin.burn", "margin.addPair", "margin.updatePair",
                "margin.withdrawProtocolFees", "margin.drawInsurance", "subnets.swapToPrice",
            ];
            foreach (var action in everyAction) Accepted.GetValueOrDefault(action).ShouldBeGreaterThan(0, $"no accepted {action}: {this}");
            int total = Accepted.Values.Sum() + Rejected.Values.Sum();
            (total / Math.Max(1, Sequences)).ShouldBeGreaterThanOrEqualTo(24, $"too few transactions per sequence: {this}");
            Accepted.Values.Sum().ShouldBeGreaterThan(total / 4, $"too few accepted: {this}");
            Liquidations.ShouldBeGreaterThan(Sequences / 10, this.ToString());
            BadDebtWrittenOff.ShouldBeGreaterThan(0, this.ToString());
            BadDebtCovered.ShouldBeGreaterThan(0, this.ToString());
            Rejected.Keys.Select(k => k.Split(':')[1]).Distinct().Count().ShouldBeGreaterThanOrEqualTo(25, this.ToString());
        }
    }

    public static void Run(ulong seed, Tally tally, bool hardened = false)
    {
        var world = RandomMarginTransactions.World(seed, verifyRejections: true, hardened);
        var random = new RandomMarginTransactions(seed);
        var checker = new BlockChecker(world, seed);
        world.Engine.Events.Clear();
        checker.CheckState("after set-up");
        tally.Sequences++;
        int blocks = random.BlockCount();
        for (int b = 0; b < blocks; b++)
        {
            var txs = KeeperCalls(world);
            int count = random.TransactionCount();
            for (int i = 0; i < count; i++) txs.Add(random.Next(world));
            RunBlock(world, txs, checker, tally);
            int gap = random.Gap();
            for (int g = 0; g < gap; g++) RunBlock(world, KeeperCalls(world), checker, tally);
        }
    }

    /// <summary>The liquidation bot's calls for the next block, signed by a liquidator chosen by height.</summary>
    private static List<Envelope> KeeperCalls(MarginWorld world)
    {
        var txs = new List<Envelope>();
        var liquidators = MarginWorldBuilder.Liquidators;
        world.Engine.RunKeeper("margin.liquidator", liquidators[(int)((world.Height + 1) % liquidators.Length)], txs);
        return txs;
    }

    private static void RunBlock(MarginWorld world, List<Envelope> txs, BlockChecker checker, Tally tally)
    {
        var engine = world.Engine;
        var start = checker.StartBlock();
        var snapshot = engine.Snapshot();
        engine.Events.Clear();
        var results = engine.ExecuteBlock(txs).Results;
        tally.Blocks++;
        for (int i = 0; i < txs.Count; i++) tally.Add(engine, txs[i], results[i]);
        var events = engine.Events.Records.Select(r => r.Event).ToList();
        tally.Liquidations += events.OfType<PositionLiquidated>().Count();
        tally.BadDebtWrittenOff += events.OfType<BadDebt>().Count(e => !e.Uncovered.IsZero);
        tally.BadDebtCovered += events.OfType<BadDebt>().Count(e => e.Uncovered.IsZero);
        tally.Buybacks += events.OfType<BuybackExecuted>().Count();
        tally.BreakerTrips += events.OfType<CircuitBreaker>().Count(e => e.Tripped);
        checker.EndBlock(start, txs, results, events);

        if (results.All(r => r.Accepted)) return;
        var where = checker.Where;
        var hash = engine.StateHash();
        var accepted = txs.Where((_, i) => results[i].Accepted).ToList();
        var rejected = string.Join("; ", txs.Select((tx, i) => (tx, r: results[i])).Where(x => !x.r.Accepted).Select(x => $"{x.tx} → {x.r}"));
        engine.Restore(snapshot);
        var again = engine.ExecuteBlock(accepted).Results;
        again.ShouldAllBe(r => r.Accepted, $"{where}: without the rejected transactions ({rejected}) an accepted one changed outcome");
        engine.StateHash().ShouldBe(hash, $"{where}: the rejected transactions ({rejected}) changed the state");
        engine.Events.Clear();
    }

    /// <summary>What is checked after every block, and what it must remember between blocks.</summary>
    private sealed class BlockChecker(MarginWorld world, ulong seed)
    {
        // Position id → (last block with an accepted liquidation call, consecutive blocks so far).
        private readonly Dictionary<long, (long Block, int Run)> _calls = [];

        public string Where => $"seed {seed}, block {world.Height}";

        public readonly record struct Start(UInt128 Shares, Fixed ShareValue, Amount BadDebtUncovered, Amount InterestWrittenOff);

        public Start StartBlock() => new(world.State.TotalLpShares, MarginQueries.LpShareValue(world.State), world.State.BadDebtUncovered, world.State.InterestWrittenOff);

        public void EndBlock(Start start, List<Envelope> txs, IReadOnlyList<TxResult> results, List<IEvent> events)
        {
            var state = world.State;
            for (int i = 0; i < txs.Count; i++)
            {
                if (results[i].Accepted || txs[i] is not { } tx || !world.Engine.Catalog.NameOf(tx.Payload).StartsWith("margin.", StringComparison.Ordinal)) continue;
                results[i].Error.ShouldNotBe(CoreErrors.ArithmeticOverflow, $"{Where}: {tx} was refused for an overflow, not for a reason: {results[i]}");
                results[i].Error.ShouldNotBe(CoreErrors.MalformedTransaction, $"{Where}: {tx}: {results[i]}");
            }

            CheckState("");

            // LP share value: it falls only when bad debt is written off the LPs. A block in which the shares ran out
            // (the last LP left) has no share value to compare: LpShareValue is 1 by convention with no shares.
            var shares = start.Shares;
            bool ranOut = shares == 0;
            foreach (var e in events)
            {
                if (e is LiquidityDeposited d) shares += d.Shares;
                else if (e is LiquidityWithdrawn w) shares -= w.Shares;
                if (shares == 0) ranOut = true;
            }
            shares.ShouldBe(state.TotalLpShares, $"{Where}: LP share events against the state");
            var value = MarginQueries.LpShareValue(state);
            // (Per-accrual LP interest: credited interest a loan never repaid is written off too.)
            if (!ranOut && value < start.ShareValue)
                (state.BadDebtUncovered > start.BadDebtUncovered || state.InterestWrittenOff > start.InterestWrittenOff).ShouldBeTrue(
                    $"{Where}: LP share value fell from {start.ShareValue} to {value} without bad debt or credited interest written off");

            // Five consecutive blocks with an accepted liquidation call liquidate the position.
            for (int i = 0; i < txs.Count; i++)
            {
                if (txs[i].Payload is not Liquidate call || !results[i].Accepted) continue;
                var run = _calls.TryGetValue(call.PositionId, out var last) && last.Block == world.Height - 1 ? last.Run + 1 : 1;
                _calls[call.PositionId] = (world.Height, run);
                if (run >= world.Params.LiquidationConfirmations)
                    state.Positions.ContainsKey(call.PositionId).ShouldBeFalse(
                        $"{Where}: position {call.PositionId} survived {run} consecutive liquidatable calls");
            }
        }

        public void CheckState(string note)
        {
            var where = Where + note;
            var engine = world.Engine;
            var ledger = engine.Ledger;
            var state = world.State;

            ledger.CheckConservation().ShouldBeEmpty($"{where}: token conservation");
            var sums = new Dictionary<string, UInt128>(StringComparer.Ordinal);
            foreach (var (_, token, balance) in ledger.NonZeroBalances())
                sums[token.Symbol] = checked(sums.GetValueOrDefault(token.Symbol) + balance.Units);
            foreach (var token in ledger.Tokens)
                sums.GetValueOrDefault(token.Symbol).ShouldBe(ledger.Supply(token.Id).Units, $"{where}: {token.Symbol} balances against its supply");

            var solvency = world.Solvency();
            solvency.Solvent.ShouldBeTrue($"{where}: insolvent: {solvency}, LP assets {state.LpAssets}, borrowed {state.TotalBorrowed}");

            // The books against the positions, LPs and escrows they summarise.
            var positions = state.Positions.Values.ToList();
            state.TotalBorrowed.ShouldBe(Sum(positions.Select(p => p.Borrowed)), $"{where}: total borrowed");
            state.TotalAddedCollateral.ShouldBe(Sum(positions.Select(p => p.AddedCollateral)), $"{where}: added collateral");
            state.TotalInitialCollateral.ShouldBe(Sum(positions.Select(p => p.InitialCollateral)), $"{where}: initial collateral");
            foreach (var pair in state.Pairs.Values)
            {
                var mine = positions.Where(p => p.Netuid == pair.Netuid).ToList();
                pair.TotalBorrowed.ShouldBe(Sum(mine.Select(p => p.Borrowed)), $"{where}: pair {pair.Netuid} borrowed");
                pair.TotalAlpha.ShouldBe(Sum(mine.Select(p => p.Alpha)), $"{where}: pair {pair.Netuid} alpha");
                world.AlphaBalance(MarginModule.PositionsAccount, pair.Netuid).ShouldBe(pair.TotalAlpha, $"{where}: positions account's SN{pair.Netuid}");
            }
            state.TotalLpShares.ShouldBe(state.Lps.Values.Aggregate(UInt128.Zero, (s, lp) => s + lp.Shares), $"{where}: LP shares");
            world.Balance(MarginModule.CrowdloanAccount).ShouldBe(Sum(state.Crowdloan.Values), $"{where}: crowdloan escrow");
            world.AlphaBalance(MarginModule.TierLocksAccount, 67).ShouldBe(Sum(state.TierLocks.Values), $"{where}: tier-lock escrow");
            state.BorrowWeight.ShouldBe(positions.Aggregate(UInt128.Zero, (s, p) => s + p.Borrowed.Units * Books.WeightPerRao(p)), $"{where}: borrow weight");
            world.AlphaBalance(MarginModule.VaultAccount, 67).ShouldBeGreaterThanOrEqualTo(state.PendingLpEmission, $"{where}: LP emissions held");
            // What the LPs could claim right now is covered by what the books hold for them.
            var claimableFees = Amount.Zero;
            var claimableEmission = Amount.Zero;
            foreach (var name in state.Lps.Keys)
            {
                var lp = world.Lp(name).ShouldNotBeNull();
                claimableFees += lp.PendingFees;
                claimableEmission += lp.PendingEmission;
            }
            claimableFees.ShouldBeLessThanOrEqualTo(state.PendingLpFees, $"{where}: LPs' claimable fees above the pending LP fees");
            claimableEmission.ShouldBeLessThanOrEqualTo(state.PendingLpEmission, $"{where}: LPs' claimable emission above the pending emission");

            // The liquidation index finds exactly the positions a full scan finds.
            foreach (var netuid in state.Pairs.Keys)
            {
                var scan = positions.Where(p => p.Netuid == netuid && world.Position(p.Id).Liquidatable).Select(p => p.Id).Order().ToList();
                world.Candidates(netuid).ShouldBe(scan, $"{where}: liquidation candidates on subnet {netuid} (price {world.Spot(netuid)})");
            }
        }

        private static Amount Sum(IEnumerable<Amount> amounts) => amounts.Aggregate(Amount.Zero, (s, a) => s + a);
    }
}
