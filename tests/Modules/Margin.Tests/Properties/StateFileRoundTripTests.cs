using Ballast.Core.Blocks;
using Ballast.Core.State.Persistence;

namespace Ballast.Margin.Tests.Properties;

/// <summary>
/// The engine's state file over the margin protocol's random sequences (positions, LPs, liquidation windows, escrows,
/// the subnets under them, prices, the liquidation keeper's calls): after every block the state is written and
/// loaded into a fresh engine; the copy has the same state hash, writes back to the same bytes, answers the keeper
/// the same, and runs the next block to the same hash (derived indexes such as the liquidation candidates rebuilt).
/// </summary>
public class StateFileRoundTripTests
{
    [Fact]
    public void Random_margin_states_round_trip_and_run_on_identically()
    {
        int states = 0, keeperCalls = 0;
        foreach (bool hardened in new[] { false, true })
            for (ulong seed = 11; seed < 17; seed++)
            {
                var world = RandomMarginTransactions.World(seed, verifyRejections: false, hardened);
                var random = new RandomMarginTransactions(seed);
                int blocks = random.BlockCount();
                for (int b = 0; b < blocks; b++)
                {
                    var where = $"seed {seed}{(hardened ? " hardened" : "")}, block {world.Height}";
                    var bytes = EngineStateFile.Write(world.Engine);
                    var copy = RandomMarginTransactions.World(seed, verifyRejections: false, hardened).Engine;
                    EngineStateFile.Load(copy, bytes);
                    copy.StateHash().ShouldBe(world.Engine.StateHash(), where);
                    EngineStateFile.Write(copy).ShouldBe(bytes, $"{where}: written back to other bytes");
                    states++;

                    var txs = new List<Envelope>();
                    world.Engine.RunKeeper("margin.liquidator", Support.MarginWorldBuilder.Liquidators[0], txs);
                    var copyTxs = new List<Envelope>();
                    copy.RunKeeper("margin.liquidator", Support.MarginWorldBuilder.Liquidators[0], copyTxs);
                    keeperCalls += txs.Count;
                    copyTxs.Select(t => t.ToString()).ShouldBe(txs.Select(t => t.ToString()), $"{where}: the keeper proposes otherwise on the copy");
                    int count = random.TransactionCount();
                    for (int i = 0; i < count; i++) txs.Add(random.Next(world));
                    var results = world.Engine.ExecuteBlock(txs).Results.Select(r => r.ToString()).ToList();
                    copy.ExecuteBlock(txs).Results.Select(r => r.ToString()).ShouldBe(results, $"{where}: the copy ran the next block otherwise");
                    copy.StateHash().ShouldBe(world.Engine.StateHash(), $"{where}: after the next block");
                    int gap = random.Gap();
                    world.Engine.AdvanceBlocks(gap);
                    copy.AdvanceBlocks(gap);
                    copy.StateHash().ShouldBe(world.Engine.StateHash(), $"{where}: after {gap} empty blocks");
                }
            }
        states.ShouldBeGreaterThan(150);
        keeperCalls.ShouldBeGreaterThan(0, "the keeper never proposed a liquidation to compare");
    }
}
