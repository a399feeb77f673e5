using System.Collections.Immutable;
using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Cover;
using Ballast.Cover.Model;

namespace Ballast.Simulation.Agents.Cover;

/// <summary>
/// The launchpad (seed 003): an existing account holding the <c>launchpad</c> role (<c>account:</c>; no account is
/// created) that lists each IDO of <see cref="Listings"/> at its block — the IDO price is the project market's reference
/// then times <see cref="IdoPriceRatio"/>, the sale runs <see cref="SaleBlocks"/> blocks from the next block — and settles
/// every project once its settlement block has come (anyone may; the launchpad does it), looking every
/// <see cref="CheckEveryBlocks"/> blocks; it tries each project once (a refusal — too few price samples — is final, and
/// the covers go to claims).
/// </summary>
public sealed record LaunchpadSpec(string Name, int Line, ImmutableArray<IdoListing> Listings, long SaleBlocks, Fixed IdoPriceRatio, long CheckEveryBlocks)
    : AgentSpec(Name, 1, Amount.Zero, Line)
{
    public override string Kind => "launchpad";

    public override bool UsesExistingAccount => true;

    public override IAgent Create(int index, DeterministicRandom random) => new Launchpad(this);

    private sealed class Launchpad(LaunchpadSpec spec) : IAgent
    {
        private readonly HashSet<long> _tried = [];

        public void Act(AgentContext context, List<Envelope> transactions)
        {
            long next = context.View.Height + 1; // the block these transactions run in
            foreach (var listing in spec.Listings)
            {
                if (listing.ListAtBlock != context.Block) continue;
                var reference = context.Markets[listing.Market].Reference;
                var idoPrice = reference.Mul(spec.IdoPriceRatio, Rounding.Up);
                if (!idoPrice.IsPositive) continue; // a price path at zero lists nothing
                transactions.Add(new ListProject(listing.Token, idoPrice, listing.Supply, next, next + spec.SaleBlocks, listing.Feed, listing.VolatilityBps)
                    .From(spec.Name));
            }
            if (context.Block % spec.CheckEveryBlocks != 0) return;
            foreach (var project in context.View.Query<ProjectsQuery, IReadOnlyList<ProjectView>>(new ProjectsQuery()))
            {
                // Once: a refused settlement (a feed that failed in the window) stays refused; its covers go to claims.
                if (project.Status == ProjectStatus.Settled || next < project.SettlementBlock || !_tried.Add(project.Id)) continue;
                transactions.Add(new Settle(project.Id).From(spec.Name));
            }
        }
    }
}
