using Ballast.Core.Blocks;
using Ballast.Core.Governance;
using Ballast.Core.Ledger;
using Ballast.Core.Numerics;
using Ballast.Subnets;
using Ballast.Underwriting.Tests.Support;

namespace Ballast.Underwriting.Tests.Economics;

/// <summary>
/// Issue 10's economic claim, on the engine with seeded agents (a test-sized stand-in for the simulator scenario of
/// point 9, which is not built): 100 credit lines, half good (5% hidden default probability) and half bad (50%); four
/// skilled managers whose private signal of a line's type is right 90% of the time, four noise managers (50%); the
/// drawn validator approves only when its own signal says good. A default repays half the principal.
/// Over the run the skilled managers' reputation and budget rise above the noise managers', and the vault's loss rate
/// on what it funded is below the no-assessment baseline (funding every line). V_in = V_out at every maturity.
/// </summary>
public class HundredCreditLinesTests
{
    private const int Lines = 100;
    private static readonly string[] Skilled = ["skill-0", "skill-1", "skill-2", "skill-3"];
    private static readonly string[] Noise = ["noise-0", "noise-1", "noise-2", "noise-3"];

    [Fact]
    public void Skilled_managers_rise_above_noise_managers_and_the_vault_loses_less_than_without_assessment()
    {
        var random = new DeterministicRandom(2022_11_02);
        var engine = new Engine(new EngineOptions { Seed = 99 }, new SubnetModule(),
            new UnderwritingModule(new UnderwritingParameters { AssessmentBlocks = 20, ValidatorPercentilePpb = new Ppb(250_000_000) }));
        var genesis = new List<Envelope> { Account("lp", 200_000) };
        foreach (var m in Skilled.Concat(Noise)) genesis.Add(Account(m, 20_000));
        for (int j = 0; j < Lines; j++) genesis.Add(Account($"borrower-{j}", 100));
        foreach (var m in Skilled.Concat(Noise)) genesis.Add(new GenesisManager(m, Fixed.FromInt(2)).AsGenesis());
        foreach (var r in engine.ApplyGenesis(genesis)) r.Accepted.ShouldBeTrue(r.ToString());
        Ok(engine, new CreateVault("TAO", new Ppb(500_000_000), new Ppb(250_000_000), Fixed.One, Amount.Tokens(1)).From("lp"));
        Ok(engine, [new Deposit(1, Amount.Tokens(150_000)).From("lp"), .. Skilled.Concat(Noise).Select(m => new Deposit(1, Amount.Tokens(100)).From(m))]);

        UInt128 baselineLoss = 0, baselinePrincipal = 0, fundedLoss = 0, fundedPrincipal = 0;
        int funded = 0, fundedBad = 0;
        for (int j = 0; j < Lines; j++)
        {
            bool good = j % 2 == 0;
            bool defaults = random.NextDouble() < (good ? 0.05 : 0.5);
            var principal = Amount.Tokens(200 + random.NextBelow(301));
            var interest = principal.MulDiv(5u, 100u, Rounding.Down);
            var realized = defaults ? principal.MulDiv(1u, 2u, Rounding.Down) : principal + interest;
            baselinePrincipal += principal.Units;
            if (realized < principal) baselineLoss += (principal - realized).Units;

            long id = engine.StateOf<UnderwritingState>().NextInstrumentId;
            string borrower = $"borrower-{j}";
            Ok(engine, new ProposeCreditLine(1, principal, interest, 50, 10).From(borrower));
            var signals = Skilled.Select(m => (m, good ? random.NextDouble() < 0.9 : random.NextDouble() >= 0.9))
                .Concat(Noise.Select(m => (m, random.NextDouble() < 0.5))).ToDictionary(x => x.m, x => x.Item2);
            // Managers who believe the line is good buy a quarter of their budget; the most reputable move first.
            var buyers = signals.Where(s => s.Value).Select(s => s.Key)
                .OrderByDescending(m => Score(engine, m)).ThenBy(_ => random.NextUInt64()).ToList();
            foreach (var m in buyers)
            {
                var budget = engine.Query<ManagerQuery, ManagerView?>(new ManagerQuery(m))!.Budget;
                engine.ExecuteBlock([new BuyLong(id, budget.MulDiv(1u, 4u, Rounding.Down)).From(m)]);
            }
            var inst = engine.Query<InstrumentQuery, InstrumentView?>(new InstrumentQuery(id))!;
            bool approved = false;
            if (inst.CanBeApproved && engine.ExecuteBlock([new DrawValidators(id).From("lp")]).Results[0].Accepted)
            {
                var validator = engine.Query<InstrumentQuery, InstrumentView?>(new InstrumentQuery(id))!.Validators.Keys.Single();
                if (signals[validator])
                    approved = engine.ExecuteBlock([new ApproveInstrument(id, Amount.Tokens(5)).From(validator)]).Results[0].Accepted;
            }
            if (!approved)
            {
                engine.AdvanceBlocks(inst.AssessmentDeadline + 1 - engine.Height);
                Ok(engine, new CloseUnapproved(id).From("lp"));
                continue;
            }
            funded++;
            if (!good) fundedBad++;
            fundedPrincipal += principal.Units;
            Ok(engine, new Drawdown(id).From(borrower));
            Ok(engine, new Repay(id, realized).From(borrower));
            engine.AdvanceBlocks(engine.Query<InstrumentQuery, InstrumentView?>(new InstrumentQuery(id))!.MaturityBlock + 10 - engine.Height);
            Ok(engine, new Resolve(id).From("lp"));
            inst = engine.Query<InstrumentQuery, InstrumentView?>(new InstrumentQuery(id))!;
            (inst.RedemptionReserve + inst.VaultShare).ShouldBe(inst.ValueIn, $"line {j}");
            // What the vault got back against the principal it lent (its share less the discount it paid).
            var back = inst.VaultShare;
            if (back < principal) fundedLoss += (principal - back).Units;
            foreach (var h in engine.StateOf<UnderwritingState>().Instruments[id].Holders.Keys.ToList())
                engine.ExecuteBlock([new Redeem(id).From(h)]);
            engine.Ledger.CheckConservation().ShouldBeEmpty();
        }

        double skilled = Skilled.Average(m => Score(engine, m));
        double noise = Noise.Average(m => Score(engine, m));
        skilled.ShouldBeGreaterThan(noise + 1);
        Skilled.Min(m => Budget(engine, m)).ShouldBeGreaterThan(Noise.Max(m => Budget(engine, m)));
        double baselineRate = (double)baselineLoss / (double)baselinePrincipal;
        double fundedRate = fundedPrincipal == 0 ? 0 : (double)fundedLoss / (double)fundedPrincipal;
        funded.ShouldBeGreaterThan(20);
        fundedBad.ShouldBeLessThan(funded / 3);
        fundedRate.ShouldBeLessThan(baselineRate / 2);
    }

    private static double Score(Engine e, string m) => e.Query<ManagerQuery, ManagerView?>(new ManagerQuery(m))!.Score.ToDouble();
    private static Amount Budget(Engine e, string m) => e.Query<ManagerQuery, ManagerView?>(new ManagerQuery(m))!.Budget;

    private static Envelope Account(string name, ulong tao) =>
        new GenesisAccount(name, new Dictionary<string, Amount> { ["TAO"] = Amount.Tokens(tao) }).AsGenesis();

    private static void Ok(Engine engine, params Envelope[] txs)
    {
        var r = engine.ExecuteBlock(txs);
        for (int i = 0; i < txs.Length; i++) r.Results[i].Accepted.ShouldBeTrue($"{txs[i]}: {r.Results[i]}");
    }
}
