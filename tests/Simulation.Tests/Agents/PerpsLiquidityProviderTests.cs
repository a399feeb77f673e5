using Ballast.Core.Blocks;
using Ballast.Perps;
using Ballast.Simulation.Running;
using Ballast.Simulation.Scenarios;
using Ballast.Simulation.Tests.Support;

namespace Ballast.Simulation.Tests.Agents;

/// <summary>
/// Lenders of the perps vault as agents: they deposit at setup, add while the vault's utilisation (open interest over
/// lenders' assets) is above their level and withdraw while it is below, within the vault's minimum cover. Run on the
/// calm LIH year's first blocks (its traders make open interest), with one lender population added.
/// </summary>
public class PerpsLiquidityProviderTests
{
    private static (PerpLenderView Lender, PerpVaultView Vault) RunWith(string lender, long blocks = 600)
    {
        var text = File.ReadAllText(Repo.Scenario("lih-calm-year.yaml")) + lender;
        var s = ScenarioLoader.Load(Repo.Scenario("lih-calm-year.yaml"), text, Path.Combine(Repo.Root, "scenarios")) with { HorizonBlocks = blocks, Paths = 1 };
        Engine? engine = null;
        new PathRunner(s, o => engine = SimulationEngines.Create(o)).Run(0);
        return (engine!.Query<PerpLenderQuery, PerpLenderView>(new PerpLenderQuery("backer")),
                engine!.Query<PerpVaultQuery, PerpVaultView>(new PerpVaultQuery()));
    }

    private const string Backer = "\n  - { kind: perpsLp, name: backer, funds: 5000 TAO, deposit: 1000 TAO, step: 100 TAO, checkEveryBlocks: 50";

    [Fact]
    public void A_lender_that_adds_above_zero_utilisation_adds_a_step_at_each_check_while_it_has_the_TAO()
    {
        // Utilisation is above 0 from the first open: 12 checks in 600 blocks (blocks 50, 100, …, 600) add 1,200 TAO.
        var (lender, _) = RunWith(Backer + ", addAboveUtilisation: 0 }\n");
        lender.Value.Units.ShouldBeGreaterThan(2_100UL * 1_000_000_000); // 1,000 + 1,200 TAO, less any lender losses
        lender.Value.Units.ShouldBeLessThanOrEqualTo(2_300UL * 1_000_000_000);
    }

    [Fact]
    public void A_lender_that_withdraws_below_a_high_utilisation_takes_its_deposit_back_a_step_at_a_time()
    {
        // Utilisation stays far below 1e6: each of the 12 checks withdraws 100 TAO, as the vault's cover allows.
        var (lender, vault) = RunWith(Backer + ", withdrawBelowUtilisation: 1000000 }\n");
        lender.Value.Units.ShouldBeLessThan(100UL * 1_000_000_000);
        vault.LenderAssets.ShouldBeGreaterThanOrEqualTo(vault.MinLenderAssets);
    }

    [Fact]
    public void A_lender_without_a_step_only_deposits()
    {
        var (lender, _) = RunWith("\n  - { kind: perpsLp, name: backer, funds: 5000 TAO, deposit: 1000 TAO }\n");
        lender.Value.Units.ShouldBeGreaterThan(900UL * 1_000_000_000);
        lender.Value.Units.ShouldBeLessThan(1_100UL * 1_000_000_000);
    }
}
