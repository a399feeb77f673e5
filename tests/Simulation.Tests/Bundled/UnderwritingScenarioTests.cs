using Ballast.Simulation.Scenarios;
using Ballast.Simulation.Tests.Support;

namespace Ballast.Simulation.Tests.Bundled;

/// <summary>
/// scenarios/underwriting-year.yaml (issue 10 point 9) on one path over its first 180 days (about 50 lines proposed,
/// the first maturing after 30 days). Skilled managers' reputation and budget are above the noise managers', the
/// vault funds fewer bad lines than are proposed and loses less than a vault funding every line would expect to, and
/// every maturity balances (V_in = V_out). The result hash is pinned.
/// </summary>
public class UnderwritingScenarioTests
{
    [Fact]
    public void Underwriting_year_first_180_days_skilled_managers_rise_and_the_vault_loses_less_than_the_baseline()
    {
        var s = ScenarioLoader.LoadFile(Repo.Scenario("underwriting-year.yaml"), 1) with { HorizonBlocks = 1_296_000 };
        var r = Simulator.Run(s, 1);
        var names = r.SeriesNames.ToList();
        var last = r.Paths[0].Series[^1];
        double At(string name) => last[names.IndexOf(name)];
        At("underwriting.fundedPrincipalTao").ShouldBeGreaterThan(0);
        At("underwriting.meanScore.skilled").ShouldBeGreaterThan(At("underwriting.meanScore.noise"));
        At("underwriting.meanBudgetTao.skilled").ShouldBeGreaterThan(At("underwriting.meanBudgetTao.noise"));
        At("underwriting.fundedBadShare").ShouldBeLessThan(At("underwriting.proposedBadShare"));
        At("underwriting.vaultLossRate").ShouldBeLessThan(At("underwriting.baselineLossRate"));
        r.Paths[0].Series.ShouldAllBe(row => row[names.IndexOf("underwriting.vInMinusVOutTao")] == 0);
        r.Hash.ShouldBe("9bba7bbb0269d988fbba4e517272dd84361d24b648b463e6521989fa4a01ce4e");
        names.Count(n => n.StartsWith("underwriting.", StringComparison.Ordinal)).ShouldBe(12);
    }
}
