using Ballast.Core.Blocks;
using Ballast.Core.Governance;
using Ballast.Core.Tests.Support;

namespace Ballast.Core.Tests.Blocks;

/// <summary>
/// Property tests over seeded random sequences (about three dozen transactions over 6–10 blocks each, with
/// empty blocks between): after every block every token's balances add up to minted − burned (the ledger's
/// check, sums recomputed from the balances, and an independent supply model), vote escrows hold exactly the
/// open deposits, and a rejected transaction leaves the state exactly as if it had not been sent.
/// A failure names the sequence's seed; rerun one seed with <see cref="RunSingleTransactionBlocks"/>.
/// </summary>
public static class RandomSequences
{
    /// <summary>Sequences of single-transaction blocks: each rejection is compared with an empty block.</summary>
    public const int Sequences = 1_000;

    /// <summary>Sequences of multi-transaction blocks (a second view of the same properties, kept smaller for speed).</summary>
    public const int BlockSequences = 400;

    public sealed class Tally
    {
        public int Accepted;
        public readonly Dictionary<string, int> Rejected = new(StringComparer.Ordinal);
        public readonly Dictionary<Type, int> AcceptedByType = [];
        public readonly Dictionary<string, int> RejectedByType = new(StringComparer.Ordinal);

        public void Add(Envelope envelope, TxResult r)
        {
            var tx = envelope.Payload;
            if (r.Accepted)
            {
                Accepted++;
                AcceptedByType[tx.GetType()] = AcceptedByType.GetValueOrDefault(tx.GetType()) + 1;
            }
            else
            {
                Rejected[r.Error!.Value.Name] = Rejected.GetValueOrDefault(r.Error!.Value.Name) + 1;
                var key = $"{tx.GetType().Name}:{r.Error!.Value.Name}";
                RejectedByType[key] = RejectedByType.GetValueOrDefault(key) + 1;
            }
        }

        public override string ToString() =>
            $"accepted {Accepted}: " + string.Join(", ", AcceptedByType.OrderBy(kv => kv.Key.Name).Select(kv => $"{kv.Key.Name} {kv.Value}")) +
            "; rejected: " + string.Join(", ", RejectedByType.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key} {kv.Value}"));

        public void ShouldBeVaried(int sequences)
        {
            int rejected = Rejected.Values.Sum();
            (Accepted + rejected).ShouldBeGreaterThan(sequences * 24, "transactions in all");
            int scale = sequences / 20; // 50 per 1,000 sequences
            Accepted.ShouldBeGreaterThan((Accepted + rejected) / 5, $"too few transactions were accepted to test much: {this}");
            Rejected.Count.ShouldBeGreaterThanOrEqualTo(30, $"rejection codes seen: {string.Join(", ", Rejected.Keys)}");
            foreach (var type in new[] { typeof(Ballast.Core.Ledger.Transfer), typeof(CastVote), typeof(WithdrawVote), typeof(Approve),
                         typeof(CancelProposal), typeof(MintTest), typeof(BurnTest), typeof(Ballast.Core.Prices.PostPrice), typeof(ReadPrice) })
                AcceptedByType.GetValueOrDefault(type).ShouldBeGreaterThan(scale, $"accepted {type.Name} transactions: {this}");
            // Executions need a vote or proposal to have gone through every earlier step: rarer, but present.
            foreach (var type in new[] { typeof(ExecuteVote), typeof(ExecuteProposal) })
                AcceptedByType.GetValueOrDefault(type).ShouldBeGreaterThan(scale / 2, $"accepted {type.Name} transactions: {this}");
        }
    }

    /// <summary>
    /// Each transaction alone in a block. A rejected one is compared with an empty block run from the same
    /// snapshot: state hash, fingerprint and event count must be equal.
    /// </summary>
    public static void RunSingleTransactionBlocks(ulong seed, Tally tally)
    {
        var builder = RandomTransactions.World(seed);
        var engine = builder.WithOptions(o => o with { VerifyRejections = true }).Build();
        var model = SupplyModel.FromGenesis(builder.GenesisTransactions);
        model.Check(engine, $"seed {seed}, genesis");
        var random = new RandomTransactions(seed);
        int blocks = random.BlockCount();
        for (int b = 0; b < blocks; b++)
        {
            int count = random.TransactionCount();
            for (int t = 0; t < count; t++)
            {
                var tx = random.Next(engine); // drawn against the current state: each transaction is its own block
                var where = $"seed {seed}, block {engine.Height + 1}, {tx}";
                var snapshot = engine.Snapshot();
                int events = engine.Events.Count;
                var result = engine.ExecuteBlock([tx]).Results[0];
                tally.Add(tx, result);
                model.Apply(tx, result);
                model.Check(engine, where);
                if (result.Accepted) continue;

                result.Message.ShouldNotBeNullOrWhiteSpace(where);
                engine.Events.Count.ShouldBe(events, $"{where}: a rejected transaction left events");
                var (hash, print) = (engine.StateHash(), engine.Fingerprint());
                engine.Restore(snapshot);
                engine.ExecuteBlock([]);
                engine.Fingerprint().ShouldBe(print, $"{where}: rejected with {result} but the state changed");
                engine.StateHash().ShouldBe(hash, $"{where}: rejected with {result} but the state hash changed");
            }
            engine.AdvanceBlocks(random.Gap());
            model.Check(engine, $"seed {seed}, after empty blocks to {engine.Height}");
        }
    }

    /// <summary>
    /// Blocks of several transactions. When some are rejected, the block is run again from its snapshot with
    /// only the accepted ones: they must all be accepted again and leave the identical state.
    /// </summary>
    public static void RunMultiTransactionBlocks(ulong seed, Tally tally)
    {
        var builder = RandomTransactions.World(seed, votingPeriodBlocks: 3);
        var engine = builder.WithOptions(o => o with { VerifyRejections = true }).Build();
        var model = SupplyModel.FromGenesis(builder.GenesisTransactions);
        var random = new RandomTransactions(seed);
        int blocks = random.BlockCount();
        for (int b = 0; b < blocks; b++)
        {
            var txs = random.NextBlock(engine);
            var where = $"seed {seed}, block {engine.Height + 1}";
            var snapshot = engine.Snapshot();
            var results = engine.ExecuteBlock(txs).Results;
            for (int i = 0; i < txs.Count; i++)
            {
                tally.Add(txs[i], results[i]);
                model.Apply(txs[i], results[i]);
            }
            model.Check(engine, where);
            if (results.All(r => r.Accepted)) continue;

            var (hash, print) = (engine.StateHash(), engine.Fingerprint());
            var accepted = txs.Where((_, i) => results[i].Accepted).ToList();
            engine.Restore(snapshot);
            var again = engine.ExecuteBlock(accepted).Results;
            again.ShouldAllBe(r => r.Accepted, $"{where}: without the rejected transactions an accepted one changed outcome");
            engine.Fingerprint().ShouldBe(print, $"{where}: the rejected transactions changed the state");
            engine.StateHash().ShouldBe(hash, $"{where}: the rejected transactions changed the state hash");
            engine.AdvanceBlocks(random.Gap());
            model.Check(engine, $"seed {seed}, after empty blocks to {engine.Height}");
        }
    }
}

// Two classes so that xunit runs the two properties in parallel.
public class RandomSingleTransactionBlockPropertyTests
{
    [Fact]
    public void Random_single_transaction_blocks_conserve_every_token_and_rejections_change_nothing()
    {
        var tally = new RandomSequences.Tally();
        for (ulong seed = 1; seed <= RandomSequences.Sequences; seed++) RandomSequences.RunSingleTransactionBlocks(seed, tally);
        tally.ShouldBeVaried(RandomSequences.Sequences);
    }
}

public class RandomBlockPropertyTests
{
    [Fact]
    public void Random_blocks_conserve_every_token_and_equal_the_same_blocks_without_their_rejected_transactions()
    {
        var tally = new RandomSequences.Tally();
        for (ulong seed = 1_000_001; seed <= 1_000_000 + RandomSequences.BlockSequences; seed++) RandomSequences.RunMultiTransactionBlocks(seed, tally);
        tally.ShouldBeVaried(RandomSequences.BlockSequences);
    }
}
