using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Core.State.Persistence;
using Ballast.Insurance;
using Ballast.Perps;
using static Ballast.Lih.Tests.Support.LihWorld;

namespace Ballast.Lih.Tests.Perps;

/// <summary>
/// The engine's state file over seeded random perps trading (opens to 41× and refused ones, closes, liquidations,
/// lender deposits and withdrawals, index moves and gaps, the insurance pool and the controller under it): after
/// every block the state is written and loaded into a fresh world; the copy has the same state hash, writes back to
/// the same bytes, and runs the next block to the same results and hash (the health index rebuilt from the file).
/// </summary>
public class StateFileRoundTripTests
{
    private static readonly string[] Leverages = ["1", "2.5", "10", "40", "41", "0.5"];

    private static Support.LihWorld New()
    {
        var w = Create(perps: new PerpsParameters { FundingIntervalBlocks = 5, TwapBlocks = 5 },
            insurance: new InsuranceParameters { TargetReserveRao = 20_000_000_000, TreasuryStreamRaoPerBlock = 1_000_000_000 }, traderTao: 200);
        w.RunOk(Post(AlphaTao, "1"), new DepositPerpLiquidity(Tao(500)).From(Lender), new FundTreasury(Tao(100)).From(Foundation));
        w.RunOk(Market("A", AlphaTao, "1000000000000", true));
        return w;
    }

    [Fact]
    public void Random_perps_states_round_trip_and_run_on_identically()
    {
        int states = 0, positionsSeen = 0;
        for (ulong seed = 1; seed <= 12; seed++)
        {
            var w = New();
            var random = new DeterministicRandom(seed);
            int Next(int n) => (int)random.NextBelow((ulong)n);
            decimal price = 1;
            for (int b = 0; b < 30; b++)
            {
                var where = $"seed {seed}, block {w.Height}";
                var bytes = EngineStateFile.Write(w.Engine);
                var copy = New().Engine;
                EngineStateFile.Load(copy, bytes);
                copy.StateHash().ShouldBe(w.Engine.StateHash(), where);
                EngineStateFile.Write(copy).ShouldBe(bytes, $"{where}: written back to other bytes");
                states++;
                positionsSeen += w.Perps.Positions.Count;

                var txs = new List<Envelope>();
                int count = 1 + Next(4);
                for (int i = 0; i < count; i++)
                {
                    var trader = Traders[Next(Traders.Length)];
                    var ids = w.Perps.Positions.Keys.ToList();
                    txs.Add(Next(10) switch
                    {
                        0 or 1 or 2 => new OpenPerp("A", Next(3) == 0 ? PerpSide.Short : PerpSide.Long, Tao((1 + Next(50)) / 10m), X(Leverages[Next(Leverages.Length)])).From(trader),
                        3 or 4 => ids.Count == 0 ? new ClosePerp(999).From(trader) : new ClosePerp(ids[Next(ids.Count)]).From(w.Perps.Positions[ids[Next(ids.Count)]].Trader),
                        5 => new LiquidatePerp(ids.Count == 0 ? 7 : ids[Next(ids.Count)]).From(trader),
                        6 => new DepositPerpLiquidity(Tao(1 + Next(50))).From(Lender),
                        7 => new WithdrawPerpLiquidity(Tao(5 * (1 + Next(50)))).From(Lender2),
                        _ => Post(AlphaTao, (price = Math.Max(0.05m, Math.Round(price * (1 + (Next(601) - 300) / (Next(3) == 0 ? 1000m : 10_000m)), 6)))
                            .ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    });
                }
                var results = w.Engine.ExecuteBlock(txs).Results.Select(r => r.ToString()).ToList();
                copy.ExecuteBlock(txs).Results.Select(r => r.ToString()).ShouldBe(results, $"{where}: the copy ran the next block otherwise");
                copy.StateHash().ShouldBe(w.Engine.StateHash(), $"{where}: after the next block");
                long gap = Next(4);
                w.Engine.AdvanceBlocks(gap);
                copy.AdvanceBlocks(gap);
                copy.StateHash().ShouldBe(w.Engine.StateHash(), $"{where}: after {gap} empty blocks");
            }
        }
        states.ShouldBe(12 * 30);
        positionsSeen.ShouldBeGreaterThan(100, "the states held open positions");
    }
}
