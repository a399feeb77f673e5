using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Margin;
using Ballast.Simulation.Agents;
using Ballast.Simulation.Metrics;
using Ballast.Simulation.Running;
using Ballast.Simulation.Scenarios;
using Ballast.Simulation.Tests.Support;

namespace Ballast.Simulation.Tests.Agents;

/// <summary>
/// The <c>pumpAttacker</c> coalition (the margin suite's pump-open-dump as an agent population) in the bundled
/// scenario pair margin-attack-mainnet / margin-attack-hardened: its first attack move by move, and the exposure the
/// pair prices (the suite's finding: the attack pays with the deployed parameters and costs the attacker the pools'
/// fee on a hardened margin module).
/// </summary>
public class PumpAttackerTests
{
    private static Scenario Load(string preset, int paths, long blocks, double? meanBlocksBetween = null)
    {
        var s = ScenarioLoader.LoadFile(Repo.Scenario($"margin-attack-{preset}.yaml"), paths) with { HorizonBlocks = blocks };
        if (meanBlocksBetween is { } m)
            s = s with { Agents = [.. s.Agents.Select(a => a is PumpAttackerSpec p ? p with { MeanBlocksBetween = m } : a)] };
        return s with { SampleEveryBlocks = Math.Min(s.SampleEveryBlocks, blocks) };
    }

    /// <summary>Runs path 0 and hands back its engine (the state after the last block) with the result.</summary>
    private static (Engine Engine, PathResult Result) RunPath(Scenario s)
    {
        Engine? engine = null;
        var result = new PathRunner(s, o => engine = SimulationEngines.Create(o)).Run(0);
        return (engine!, result);
    }

    private static Amount Tao(Engine e, string account) =>
        e.View.Ledger.TryGetAccount(account, out var id) ? e.View.Ledger.BalanceOf(id, e.View.Tao) : Amount.Zero;

    private static Amount Alpha(Engine e, string account) =>
        e.View.Ledger.TryGetAccount(account, out var id) && e.View.Ledger.TryGetToken("SN3", out var t) ? e.View.Ledger.BalanceOf(id, t) : Amount.Zero;

    [Fact]
    public void On_mainnet_the_first_attack_opens_the_10x_long_and_the_dump_sells_into_its_buy()
    {
        // meanBlocksBetween 1: the coalition attacks in block 1, first in the block.
        var (engine, _) = RunPath(Load("mainnet", 1, 1, meanBlocksBetween: 1));
        var positions = engine.Query<PositionsQuery, PositionList>(new PositionsQuery("attacker-long")).Positions;
        positions.Count.ShouldBe(1);
        positions[0].Leverage.ShouldBe(Fixed.FromInt(10));
        positions[0].InitialCollateral.ShouldBe(Amount.Tokens(50));
        Tao(engine, "attacker-long").ShouldBe(Amount.Tokens(950));
        // The quote on the view was exact (the coalition went first): the pump sold every alpha it bought ...
        Alpha(engine, "attacker").ShouldBe(Amount.Zero);
        // ... into the long's 500 TAO of buying, above what it paid: its TAO grew.
        Tao(engine, "attacker").ShouldBeGreaterThan(Amount.Tokens(1_000));
    }

    [Fact]
    public void On_hardened_the_open_is_refused_and_the_pump_round_trip_costs_the_pool_fee()
    {
        var (engine, result) = RunPath(Load("hardened", 1, 1, meanBlocksBetween: 1));
        engine.Query<PositionsQuery, PositionList>(new PositionsQuery("attacker-long")).Positions.ShouldBeEmpty();
        Tao(engine, "attacker-long").ShouldBe(Amount.Tokens(1_000));
        Alpha(engine, "attacker").ShouldBe(Amount.Zero);
        result.RejectionsByKind.Keys.ShouldContain("margin.open: PriceAwayFromTwap");
        // Pool of 5,000 TAO and 100,000 alpha, push 30%: the pump is P = 5,000·(√1.3 − 1) = 700.877 TAO. At 5 bps on each
        // leg with the fee kept in the pool: the buy gets a = 100,000·P(1−f)/(5,000 + P(1−f)) = 12,288.8 alpha, the sale
        // of a(1−f) into a pool of 5,000 + P TAO and 100,000 − a alpha returns 700.262 TAO: 0.6146 TAO lost (2fP = 0.7009
        // less the fee the buy left in the pool). The pool after the setup trades is within a few rao-per-alpha of that.
        var lost = 1_000.0 - (double)Tao(engine, "attacker").Units / Amount.UnitsPerToken;
        lost.ShouldBe(0.6146, 0.001);
        result.Outcomes[PathOutcomes.AttackerPnl].ShouldBe(-lost, 1e-9);
    }

    [Fact]
    public void A_coalition_that_never_attacks_ends_with_its_funds()
    {
        // No attack in 300 blocks, and no honest position becomes liquidatable so early: nothing moves its wealth.
        var (_, result) = RunPath(Load("mainnet", 1, 300, meanBlocksBetween: 1e12));
        result.Outcomes.Length.ShouldBe(PathOutcomes.NamesWithAttackers.Length);
        result.Outcomes[PathOutcomes.AttackerPnl].ShouldBe(0);
    }

    [Fact]
    public void The_deployed_parameters_pay_the_attacker_at_the_lenders_expense_and_hardened_does_not()
    {
        // 4 paths × half a day (3,600 blocks): about five attacks a path.
        var mainnet = Simulator.Run(Load("mainnet", 4, 3_600), 2);
        var hardened = Simulator.Run(Load("hardened", 4, 3_600), 2);
        double Mean(Ballast.Simulation.Outputs.RunResults r, int o) => r.Paths.Average(p => p.Outcomes[o]);
        // Mainnet: every path's coalition gains, and the lenders lose more than it gains (bad debt written off).
        mainnet.Paths.ShouldAllBe(p => p.Outcomes[PathOutcomes.AttackerPnl] > 0);
        Mean(mainnet, PathOutcomes.Loss).ShouldBeGreaterThan(Mean(mainnet, PathOutcomes.AttackerPnl));
        // Hardened: every open is refused, the coalition pays the pools' fee on each pump, the lenders lose nothing.
        hardened.Paths.ShouldAllBe(p => p.Outcomes[PathOutcomes.AttackerPnl] <= 0);
        hardened.Paths.ShouldAllBe(p => p.Outcomes[PathOutcomes.Loss] == 0);
        Mean(mainnet, PathOutcomes.AttackerPnl).ShouldBeGreaterThan(Mean(hardened, PathOutcomes.AttackerPnl));
        hardened.Summary.Outcomes.Select(o => o.Name).ShouldContain("attackerPnlTao");
    }
}
