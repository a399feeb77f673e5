using System.Collections.Immutable;
using Ballast.Capital;
using Ballast.Capital.Model;
using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Cover;
using Ballast.Cover.Model;

namespace Ballast.Simulation.Agents.Cover;

/// <summary>
/// The actuary (seed 003's capital model run "at least once per day"): an existing account holding
/// <c>capital:actuary</c> (<c>account:</c>) that every <see cref="EveryBlocks"/> blocks locks the inputs at the last
/// block and records the requirement (<c>capital.record</c>). The inputs it reads through the cover module's queries:
/// one product module in the base token whose cells are the unsettled projects, each with its sum insured at a
/// probability weight — <see cref="WeightPpb"/> when given, otherwise the cover module's own (<c>cover.exposures</c>:
/// the fair rate of the project's average-price put) — and a correlation <see cref="CellCorrelationPpb"/> between any two
/// projects (one launchpad market: one common factor); a currency module over the fund's platform tokens (a
/// requirement of zero against what the fund holds, at the platform price: their fall is the risk); the correlation
/// <see cref="ModuleCorrelationPpb"/> between the two; and the floor <see cref="Floor"/>. It records nothing while
/// the fund holds platform tokens it cannot value (their feed has no fresh price).
/// </summary>
public sealed record ActuarySpec(string Name, int Line, long EveryBlocks, Ppb? WeightPpb, Ppb CellCorrelationPpb, Ppb ModuleCorrelationPpb, Amount Floor)
    : AgentSpec(Name, 1, Amount.Zero, Line)
{
    public override string Kind => "actuary";

    public override bool UsesExistingAccount => true;

    public override IAgent Create(int index, DeterministicRandom random) => new Actuary(this);

    /// <summary>The inputs the actuary would lock now (public for its tests), or null while the platform token has no price.</summary>
    public CapitalInputs? Inputs(EngineView view)
    {
        var fund = view.Query<FundQuery, FundView>(new FundQuery());
        var price = fund.PlatformPrice ?? Fixed.Zero;
        if (!fund.FundPlatform.IsZero && !price.IsPositive) return null; // platform tokens held that cannot be valued
        var cells = ImmutableArray.CreateBuilder<RiskCell>();
        if (WeightPpb is { } weight)
        {
            foreach (var p in view.Query<ProjectsQuery, IReadOnlyList<ProjectView>>(new ProjectsQuery()))
                if (p.Status != ProjectStatus.Settled && !p.SumInsured.IsZero)
                    cells.Add(new RiskCell($"project-{p.Id}", p.SumInsured, weight));
        }
        else
        {
            foreach (var e in view.Query<ExposuresQuery, IReadOnlyList<ExposureView>>(new ExposuresQuery()))
            {
                if (e.CoverAmount.IsZero) continue;
                // The module's probability-weighted exposure as a weight on the cover amount, rounded up (the cell's
                // exposure is then at least the module's).
                var w = (long)FullMath.MulDiv(e.ProbabilityWeightedExposure.Units, (UInt128)Ppb.Scale, e.CoverAmount.Units, Rounding.Up);
                cells.Add(new RiskCell($"project-{e.ProjectId}", e.CoverAmount, new Ppb(Math.Min(w, Ppb.Scale))));
            }
        }
        if (cells.Count == 0) cells.Add(new RiskCell("none", Amount.Zero, Ppb.One)); // nothing in force: the floor
        int n = cells.Count;
        var correlation = Constant(n, CellCorrelationPpb);
        ImmutableArray<CurrencyHolding> currencies = fund.FundPlatform.IsZero ? [] : [new CurrencyHolding(fund.PlatformToken, fund.FundPlatform, price)];
        return new CapitalInputs(fund.BaseToken, view.Height, Floor,
            [new ProductModuleInputs("ido-cover", fund.BaseToken, cells.ToImmutable(), correlation)], currencies, Constant(2, ModuleCorrelationPpb));
    }

    /// <summary>ones on the diagonal, ρ elsewhere: positive semi-definite for ρ in [0, 1].</summary>
    private static ImmutableArray<ImmutableArray<Ppb>> Constant(int n, Ppb rho) =>
        [.. Enumerable.Range(0, n).Select(i => Enumerable.Range(0, n).Select(j => i == j ? Ppb.One : rho).ToImmutableArray())];

    private sealed class Actuary(ActuarySpec spec) : IAgent
    {
        public void Act(AgentContext context, List<Envelope> transactions)
        {
            if ((context.Block - 1) % spec.EveryBlocks != 0) return; // block 1, then every N blocks
            if (spec.Inputs(context.View) is { } inputs) transactions.Add(new RecordCapital(inputs).From(spec.Name));
        }
    }
}
