using Ballast.Core.Blocks;
using Ballast.Core.State.Persistence;
using Ballast.Core.Tests.Support;

namespace Ballast.Core.Tests.State;

/// <summary>
/// The state file: over the core's own random sequences (transfers, mints and burns, multisig proposals, token
/// votes, price posts), the state written after every block and loaded into a fresh engine has the same state hash
/// and fingerprint, writes back to the same bytes, and runs the next block to the same hash as the original; a
/// damaged, truncated or foreign file is refused and leaves the engine as it was.
/// </summary>
public class EngineStateFileTests
{
    [Fact]
    public void Random_states_round_trip_and_run_on_identically()
    {
        int checkedStates = 0;
        for (ulong seed = 1; seed <= 40; seed++)
        {
            var builder = RandomTransactions.World(seed, votingPeriodBlocks: 3);
            var engine = builder.Build();
            var random = new RandomTransactions(seed);
            int blocks = random.BlockCount();
            for (int b = 0; b < blocks; b++)
            {
                var where = $"seed {seed}, block {engine.Height}";
                var bytes = EngineStateFile.Write(engine);
                var copy = RandomTransactions.World(seed, votingPeriodBlocks: 3).Build();
                var header = EngineStateFile.Load(copy, bytes);
                header.Height.ShouldBe(engine.Height, where);
                copy.StateHash().ShouldBe(engine.StateHash(), where);
                copy.Fingerprint().ShouldBe(engine.Fingerprint(), where);
                EngineStateFile.Write(copy).ShouldBe(bytes, $"{where}: a loaded state writes back to other bytes");
                checkedStates++;

                var txs = random.NextBlock(engine);
                var results = engine.ExecuteBlock(txs).Results.Select(r => r.ToString()).ToList();
                copy.ExecuteBlock(txs).Results.Select(r => r.ToString()).ShouldBe(results, $"{where}: the loaded engine ran the next block differently");
                copy.StateHash().ShouldBe(engine.StateHash(), $"{where}: after the next block");
                long gap = random.Gap();
                engine.AdvanceBlocks(gap);
                copy.AdvanceBlocks(gap);
                copy.StateHash().ShouldBe(engine.StateHash(), $"{where}: after {gap} empty blocks");
            }
        }
        checkedStates.ShouldBeGreaterThan(200);
    }

    private static (Engine Engine, byte[] Bytes) Sample()
    {
        var builder = RandomTransactions.World(7, votingPeriodBlocks: 3);
        var engine = builder.Build();
        var random = new RandomTransactions(7);
        for (int b = 0; b < 5; b++) engine.ExecuteBlock(random.NextBlock(engine));
        return (engine, EngineStateFile.Write(engine));
    }

    [Fact]
    public void A_damaged_file_is_refused_and_the_engine_is_unchanged()
    {
        var (engine, bytes) = Sample();
        var target = RandomTransactions.World(7, votingPeriodBlocks: 3).Build();
        var before = target.StateHash();
        int refused = 0;
        var rng = new Ballast.Core.Numerics.DeterministicRandom(99);
        for (int trial = 0; trial < 300; trial++)
        {
            var damaged = (byte[])bytes.Clone();
            int at = (int)rng.NextBelow((ulong)damaged.Length);
            damaged[at] ^= (byte)(1 + rng.NextBelow(255));
            try
            {
                EngineStateFile.Load(target, damaged);
                // A flip in a byte the state does not depend on (none should exist) would load: it must then be the same state.
                target.StateHash().ShouldBe(engine.StateHash(), $"flipping byte {at} loaded another state");
                target = RandomTransactions.World(7, votingPeriodBlocks: 3).Build();
            }
            catch (InvalidDataException)
            {
                target.StateHash().ShouldBe(before, $"a refused load (byte {at}) changed the engine");
                refused++;
            }
        }
        refused.ShouldBeGreaterThan(250);
        for (int length = 0; length < bytes.Length; length += 1 + length / 3)
            Should.Throw<InvalidDataException>(() => EngineStateFile.Load(target, bytes[..length]), $"truncated to {length} bytes");
        target.StateHash().ShouldBe(before);
    }

    [Fact]
    public void A_file_from_an_engine_with_other_modules_is_refused()
    {
        var (_, bytes) = Sample();
        var other = new Engine(new EngineOptions());
        var e = Should.Throw<InvalidDataException>(() => EngineStateFile.Load(other, bytes));
        e.Message.ShouldContain("module states");
    }
}
