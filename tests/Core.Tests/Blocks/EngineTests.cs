using System.Reflection;
using Ballast.Core.Blocks;
using Ballast.Core.Governance;
using Ballast.Core.Ledger;
using Ballast.Core.Numerics;
using Ballast.Core.Prices;
using Ballast.Core.Tests.Support;
using static Ballast.Core.Tests.Support.World;

namespace Ballast.Core.Tests.Blocks;

public class EngineTests
{
    /// <summary>Runs <paramref name="blocks"/> random blocks, returning what was run so it can be replayed.</summary>
    private static List<IReadOnlyList<Envelope>> RunRandomBlocks(Engine engine, ulong seed, int blocks)
    {
        var random = new RandomTransactions(seed);
        var run = new List<IReadOnlyList<Envelope>>();
        for (int b = 0; b < blocks; b++)
        {
            var txs = random.NextBlock(engine);
            run.Add(txs);
            engine.ExecuteBlock(txs);
        }
        return run;
    }

    private static List<(string Hash, string Results)> Replay(Engine engine, IEnumerable<IReadOnlyList<Envelope>> blocks) =>
        blocks.Select(txs =>
        {
            var result = engine.ExecuteBlock(txs);
            return (engine.StateHash(), string.Join(";", result.Results.Select(r => r.ToString())));
        }).ToList();

    // ---------- snapshots ----------

    [Fact]
    public void Restoring_a_snapshot_gives_back_the_same_state_hash_and_height()
    {
        var engine = RandomTransactions.World(7).Build();
        RunRandomBlocks(engine, 7, 5);
        var snapshot = engine.Snapshot();
        var (hash, print, height) = (engine.StateHash(), engine.Fingerprint(), engine.Height);
        snapshot.Height.ShouldBe(height);

        RunRandomBlocks(engine, 8, 5);
        engine.StateHash().ShouldNotBe(hash);

        engine.Restore(snapshot);
        engine.StateHash().ShouldBe(hash);
        engine.Fingerprint().ShouldBe(print);
        engine.Height.ShouldBe(height);
    }

    [Fact]
    public void Replaying_from_a_snapshot_gives_the_same_results_and_hashes_every_time()
    {
        var engine = RandomTransactions.World(11).Build();
        RunRandomBlocks(engine, 11, 3);
        var snapshot = engine.Snapshot();
        var blocks = RunRandomBlocks(engine, 12, 10);
        var expected = new List<(string, string)>();
        engine.Restore(snapshot);
        expected.AddRange(Replay(engine, blocks));

        for (int replay = 0; replay < 3; replay++)
        {
            engine.Restore(snapshot);
            Replay(engine, blocks).ShouldBe(expected);
        }
    }

    [Fact]
    public void Snapshot_is_not_changed_by_blocks_run_after_restoring_it()
    {
        var engine = Build();
        var snapshot = engine.Snapshot();
        var hash = engine.StateHash();
        engine.Restore(snapshot);
        engine.RunOk(new Transfer(Bob, Tao, Tokens(1)).From(Alice), new Pause("test").From(Gina), new PostPrice(Feed, Fixed.One).From(Oracle),
            new OpenAccount("zed").From(Alice), new CreateVote(Body, new Pause("test.ping")).From(Alice), new SetParameter("test", "CooldownBlocks", "5").From(Gov));
        engine.Restore(snapshot);
        engine.StateHash().ShouldBe(hash);
        engine.Balance(Alice).ShouldBe(Tokens(100));
        engine.Ledger.TryGetAccount("zed", out _).ShouldBeFalse();
        engine.Pauses.View().ShouldBeEmpty();
        engine.Params().CooldownBlocks.ShouldBe(100);
        engine.StateOf<GovernanceState>().Votes.ShouldBeEmpty();
        engine.Prices.TryGetSpot(Feed, 1, out _).Error.ShouldBe(PriceErrors.NoPriceYet);
    }

    [Fact]
    public void Snapshot_carries_the_random_state()
    {
        var engine = Build();
        var snapshot = engine.Snapshot();
        engine.RunOk(new Ping().From(Alice), new Ping().From(Bob));
        var draw = engine.StateOf<TestState>().LastDraw;
        engine.Restore(snapshot);
        engine.RunOk(new Ping().From(Alice), new Ping().From(Bob));
        engine.StateOf<TestState>().LastDraw.ShouldBe(draw);
    }

    // ---------- determinism ----------

    [Fact]
    public void Same_transactions_and_seed_give_byte_identical_state_hashes_on_two_fresh_engines()
    {
        for (ulong seed = 1; seed <= 20; seed++)
        {
            var first = RandomTransactions.World(seed, engineSeed: 42).Build();
            var second = RandomTransactions.World(seed, engineSeed: 42).Build();
            first.StateHash().ShouldBe(second.StateHash());
            var random = new RandomTransactions(seed);
            for (int b = 0; b < 8; b++)
            {
                var txs = random.NextBlock(first);
                var a = first.ExecuteBlock(txs);
                var c = second.ExecuteBlock(txs);
                c.Results.Select(r => r.ToString()).ShouldBe(a.Results.Select(r => r.ToString()));
                second.StateHash().ShouldBe(first.StateHash(), $"seed {seed}, block {first.Height}");
                second.Events.Records.Select(r => r.ToString()).ShouldBe(first.Events.Records.Select(r => r.ToString()));
            }
        }
    }

    [Fact]
    public void Different_seed_gives_a_different_state_hash_and_different_draws()
    {
        var one = Standard(seed: 1).Build();
        var two = Standard(seed: 2).Build();
        one.StateHash().ShouldNotBe(two.StateHash());
        one.RunOk(new Ping().From(Alice));
        two.RunOk(new Ping().From(Alice));
        one.StateOf<TestState>().LastDraw.ShouldNotBe(two.StateOf<TestState>().LastDraw);
        one.StateHash().ShouldNotBe(two.StateHash());
    }

    [Fact]
    public void State_hash_is_64_lowercase_hex_characters_and_stable_between_calls()
    {
        var engine = Build();
        var hash = engine.StateHash();
        hash.Length.ShouldBe(64);
        hash.ShouldAllBe(c => "0123456789abcdef".Contains(c));
        engine.StateHash().ShouldBe(hash);
    }

    [Fact]
    public void State_hash_tells_apart_votes_that_differ_only_in_who_created_them()
    {
        var byAlice = Build();
        var byBob = Build();
        byAlice.RunOk(new CreateVote(Body, new Pause("test.ping")).From(Alice));
        byBob.RunOk(new CreateVote(Body, new Pause("test.ping")).From(Bob));
        byAlice.Fingerprint().ShouldNotBe(byBob.Fingerprint());
        byAlice.StateHash().ShouldNotBe(byBob.StateHash());
    }

    // ---------- rollback ----------

    [Fact]
    public void Rejected_transaction_rolls_back_its_ledger_changes_and_removes_its_events()
    {
        var engine = Build();
        var snapshot = engine.Snapshot();
        int eventsBefore = engine.Events.Count;
        var block = engine.ExecuteBlock([
            new Transfer(Bob, Tao, Tokens(1)).From(Alice),
            new TransferThenFail(Dave, Tokens(10)).From(Alice), // moves 10 TAO, opens an account, creates and mints a token, emits, then refuses
            new Transfer(Carol, Tao, Tokens(2)).From(Bob),
        ]);
        block.Results[0].ShouldBeAccepted();
        block.Results[1].ShouldBeRejectedWith(TestErrors.Deliberate);
        block.Results[2].ShouldBeAccepted();
        block.Rejected.ShouldBe(1);

        engine.Balance(Alice).ShouldBe(Tokens(99));
        engine.Balance(Dave).ShouldBe(Amount.Zero);
        engine.Balance(Bob).ShouldBe(Tokens(49));
        engine.Balance(Carol).ShouldBe(Tokens(12));
        engine.Ledger.Tokens.Select(t => t.Symbol).ShouldBe([Tao]);
        engine.Ledger.Accounts.ShouldNotContain(a => a.Name.StartsWith(TestModule.SinkAccount, StringComparison.Ordinal));

        var events = engine.Events.Records.Skip(eventsBefore).ToList();
        events.Select(e => e.TxIndex).ShouldBe([0, 2]);
        events.ShouldAllBe(e => e.Block == 1);
        events.Select(e => e.Event).ShouldBe([
            new Transferred(Alice, Bob, Tao, Tokens(1)),
            new Transferred(Bob, Carol, Tao, Tokens(2)),
        ]);

        var hash = engine.StateHash();
        engine.Restore(snapshot);
        engine.ExecuteBlock([new Transfer(Bob, Tao, Tokens(1)).From(Alice), new Transfer(Carol, Tao, Tokens(2)).From(Bob)]);
        engine.StateHash().ShouldBe(hash);
    }

    [Fact]
    public void Rejected_transaction_in_genesis_is_rolled_back_and_the_rest_of_genesis_applies()
    {
        var engine = new EngineBuilder().BuildWithoutGenesis();
        var results = engine.ApplyGenesis([
            new GenesisAccount(Alice, new Dictionary<string, Amount> { [Tao] = Tokens(5) }).AsGenesis(),
            new GenesisAccount(Bob, new Dictionary<string, Amount> { [Tao] = Tokens(5), ["NOPE"] = Tokens(1) }).AsGenesis(),
            new GenesisAccount(Carol, new Dictionary<string, Amount> { [Tao] = Tokens(7) }).AsGenesis(),
        ]);
        results[0].ShouldBeAccepted();
        results[1].ShouldBeRejectedWith(CoreErrors.UnknownToken);
        results[2].ShouldBeAccepted();
        engine.Ledger.TryGetAccount(Bob, out _).ShouldBeFalse();
        engine.Ledger.Supply(engine.TaoToken).ShouldBe(Tokens(12));
        engine.Events.Records.Select(r => r.TxIndex).Distinct().ShouldBe([0, 2]);
    }

    [Fact]
    public void Nested_governance_action_that_fails_leaves_no_events_behind()
    {
        var engine = Build().WithQueuedProposal(new Transfer(Dave, Tao, Tokens(1)));
        engine.AdvanceTo(20);
        int before = engine.Events.Count;
        engine.Run(new ExecuteProposal(1).From(Alice)).ShouldBeRejectedWith(GovernanceErrors.ActionRejected);
        engine.Events.Count.ShouldBe(before);
    }

    // ---------- blocks, clock and invariants ----------

    [Fact]
    public void Genesis_cannot_be_applied_after_the_first_block()
    {
        var engine = Build();
        engine.ApplyGenesis([new GenesisAccount("late", null).AsGenesis()]).Single().ShouldBeAccepted(); // still height 0
        engine.AdvanceBlocks(1);
        Should.Throw<InvalidOperationException>(() => engine.ApplyGenesis([new GenesisAccount("later", null).AsGenesis()]));
    }

    [Fact]
    public void Clock_advances_one_block_interval_per_block_from_the_genesis_time()
    {
        var engine = new EngineBuilder().WithOptions(o => o with { GenesisUnixSeconds = 1_000, BlockSeconds = 12 }).Build();
        engine.Clock.UnixSeconds.ShouldBe(1_000);
        engine.AdvanceBlocks(BlockClock.BlocksPerDay);
        engine.Height.ShouldBe(7_200);
        engine.Clock.UnixSeconds.ShouldBe(1_000 + 86_400);
    }

    [Fact]
    public void Counting_rejections_agrees_with_the_block_result()
    {
        var engine = Build();
        var snapshot = engine.Snapshot();
        Envelope[] txs = [
            new Transfer(Bob, Tao, Tokens(1)).From(Alice), new Transfer(Bob, Tao, Amount.Zero).From(Alice), new Unregistered().From(Alice),
            new Ping().From(Bob), new Transfer(Bob, Tao, Tokens(1)).From("ghost"),
        ];
        var result = engine.ExecuteBlock(txs);
        result.Height.ShouldBe(1);
        result.Results.Select(r => r.Error).ShouldBe([null, CoreErrors.ZeroAmount, CoreErrors.UnknownTransaction, null, CoreErrors.UnknownAccount]);
        var hash = engine.StateHash();
        engine.Restore(snapshot);
        engine.ExecuteBlockCountingRejections(txs).ShouldBe(result.Rejected);
        engine.StateHash().ShouldBe(hash);

        // Into a caller's buffer: the same results in the same slots, the rest of the buffer untouched.
        engine.Restore(snapshot);
        var buffer = new TxResult[txs.Length + 2];
        buffer[^1] = TxResult.Reject(CoreErrors.MalformedTransaction, "sentinel");
        engine.ExecuteBlockInto(txs, buffer).ShouldBe(result.Rejected);
        buffer.Take(txs.Length).Select(r => r.Error).ShouldBe(result.Results.Select(r => r.Error));
        buffer[^1].Error.ShouldBe(CoreErrors.MalformedTransaction);
        engine.StateHash().ShouldBe(hash);
        // A buffer too short is refused before the block opens.
        Should.Throw<ArgumentException>(() => engine.ExecuteBlockInto(txs, new TxResult[txs.Length - 1]));
        engine.Height.ShouldBe(1);
    }

    [Fact]
    public void Broken_conservation_stops_the_engine_with_an_invariant_violation()
    {
        var engine = Build();
        Corrupt(engine.Ledger);
        var error = Should.Throw<InvariantViolationException>(() => engine.AdvanceBlocks(1));
        error.Message.ShouldContain(Tao);
        engine.Ledger.CheckConservation().Single().Token.ShouldBe(Tao);
    }

    [Fact]
    public void Conservation_check_can_be_turned_off_by_the_host()
    {
        var engine = Standard().WithOptions(o => o with { CheckConservationEveryBlock = false }).Build();
        Corrupt(engine.Ledger);
        engine.AdvanceBlocks(1);
        engine.Ledger.CheckConservation().ShouldNotBeEmpty();
    }

    /// <summary>Adds one unit to alice's TAO balance behind the ledger's back (a bug no public API can cause).</summary>
    private static void Corrupt(TokenLedger ledger)
    {
        var field = typeof(TokenLedger).GetField("_balances", BindingFlags.NonPublic | BindingFlags.Instance)!;
        var balances = (Dictionary<long, UInt128>)field.GetValue(ledger)!;
        ledger.TryGetAccount(Alice, out var alice).ShouldBeTrue();
        balances[(long)alice.Value << 32] += 1;
    }

    [Fact]
    public void Module_names_must_be_unique()
    {
        Should.Throw<InvalidOperationException>(() => new Engine(new EngineOptions(), new TestModule(), new TestModule()));
    }

    [Fact]
    public void Events_are_not_recorded_when_the_host_turns_them_off()
    {
        var engine = Standard().WithOptions(o => o with { RecordEvents = false }).Build();
        engine.RunOk(new Transfer(Bob, Tao, Tokens(1)).From(Alice));
        engine.Events.Count.ShouldBe(0);
    }
}
