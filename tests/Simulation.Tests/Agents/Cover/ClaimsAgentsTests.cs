using Ballast.Simulation.Scenarios;
using Ballast.Simulation.Tests.Support;

namespace Ballast.Simulation.Tests.Agents.Cover;

/// <summary>
/// Fraudulent claimants, assessors with a chance of error and the Advisory Board, on one IDO whose price never moves
/// (so its covers settle with nothing owed and every claim on them is false): three fraudulent buyers claim their whole
/// sums insured after settlement, nine assessors staking 300,000 ALT each vote on them.
/// </summary>
public class ClaimsAgentsTests
{
    private const string Scenario = """
        name: cover-claims
        seed: 7
        paths: 1
        horizon: { blocks: 6000 }
        sampleEveryBlocks: 100
        modules:
          cover:
            parameters:
              AveragingWindowBlocks: 2000
              CoverPeriodBlocks: 2000
              AssessmentPeriodBlocks: 600
              VoteInactivityBlocks: 50
              MemberVotePeriodBlocks: 600
              ClaimWindowBlocks: 3000
          capital: {}
        genesis:
          - { type: cover.genesisConfig }
          - { type: ledger.genesisAccount, name: dao, balances: { TAO: 10000 TAO } }
          - { type: ledger.genesisAccount, name: launchpad, balances: {} }
          - { type: ledger.genesisAccount, name: actuary, balances: {} }
          - { type: ledger.genesisAccount, name: feeder, balances: {} }
          - { type: ledger.genesisAccount, name: board, balances: {} }
          - { type: ledger.genesisAccount, name: alt-treasury, balances: { ALT: 5000000 ALT } }
          - { type: governance.genesisRole, role: governor, account: dao }
          - { type: governance.genesisRole, role: launchpad, account: launchpad }
          - { type: governance.genesisRole, role: "capital:actuary", account: actuary }
          - { type: governance.genesisRole, role: advisoryBoard, account: board }
          - { type: prices.genesisFeed, feed: ALT/TAO, maxAgeBlocks: 600, feeder: feeder }
          - { type: prices.genesisFeed, feed: IDO1/TAO, maxAgeBlocks: 600, feeder: feeder }
        setup:
          - - { type: cover.addCapital, sender: dao, token: TAO, amount: 2000 TAO }
            - { type: cover.fundDao, sender: dao, amount: 5000 TAO }
        markets:
          - { name: ALT, feed: ALT/TAO, feeder: feeder, postEveryBlocks: 10, initialPrice: 0.01, model: { kind: gbm, volatilityPerYear: 0 } }
          - { name: IDO1, feed: IDO1/TAO, feeder: feeder, postEveryBlocks: 10, initialPrice: 0.05, model: { kind: gbm, volatilityPerYear: 0 } }
        agents:
          - { kind: launchpad, account: launchpad, saleBlocks: 300, checkEveryBlocks: 50, listings: [ { token: IDO1, market: IDO1, listAt: 10, supply: 1000000000 } ] }
          - { kind: actuary, account: actuary, everyBlocks: 100, weight: 0.5, floor: 10 TAO }
          - kind: idoBuyer
            name: fraudster
            count: 3
            funds: 2000 TAO
            budget: { min: 50 TAO, max: 50 TAO }
            coverShare: 1
            maxPremiumRate: { min: 1, max: 1 }
            platformFunds: 100000
            platformSource: alt-treasury
            claims: fraudulent
            checkEveryBlocks: 50
          - { kind: assessor, name: assessor, count: 9, stake: 300000, platformSource: alt-treasury, errorRate: ERROR, checkEveryBlocks: 50 }
        BOARD
        """;

    private static (double Filed, double Accepted, double Denied, double Paid) Run(double errorRate, bool board)
    {
        var text = Scenario.Replace("ERROR", errorRate.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Replace("BOARD", board ? "  - { kind: advisoryBoard, account: board, checkEveryBlocks: 50 }" : "");
        var s = ScenarioLoader.Load("cover-claims.yaml", text, Repo.Root, 1);
        var r = Simulator.Run(s, 1);
        var names = r.SeriesNames.ToList();
        var last = r.Paths[0].Series[^1];
        return (last[names.IndexOf("cover.claimsFiled")], last[names.IndexOf("cover.claimsAccepted")], last[names.IndexOf("cover.claimsDenied")],
            last[names.IndexOf("cover.claimsPaidTao")]);
    }

    [Fact]
    public void Honest_assessors_deny_every_false_claim()
    {
        var (filed, accepted, denied, paid) = Run(errorRate: 0, board: true);
        filed.ShouldBe(3);
        accepted.ShouldBe(0);
        denied.ShouldBe(3);
        paid.ShouldBe(0);
    }

    [Fact]
    public void Assessors_who_always_err_pay_false_claims_unless_the_board_burns_their_stake()
    {
        var (filed, accepted, _, paid) = Run(errorRate: 1, board: false);
        filed.ShouldBe(3);
        accepted.ShouldBe(3);
        paid.ShouldBeGreaterThan(0);
        var withBoard = Run(errorRate: 1, board: true);
        withBoard.Filed.ShouldBe(3);
        withBoard.Paid.ShouldBeLessThan(paid);
    }
}
