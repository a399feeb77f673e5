using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Cover.Fund;
using Ballast.Cover.Model;
using Ballast.Cover.Pricing;

namespace Ballast.Cover.Handlers;

/// <summary>Buying cover: the premium quote, the funding trigger and capacity limits, and the premium's way into the fund.</summary>
internal static class Covers
{
    public static TxResult Apply(EngineContext ctx, BuyCover tx)
    {
        var r = Launchpad.FindProject(ctx, tx.ProjectId, out var project);
        if (!r.Accepted) return r;
        r = EngineContext.CheckAmount(tx.Tokens, "covered tokens");
        if (!r.Accepted) return r;
        r = Launchpad.CheckSaleOpen(ctx, project);
        if (!r.Accepted) return r;
        var allocation = project.Allocations.TryGetValue(ctx.Sender, out var a) ? a : new Allocation(Amount.Zero, Amount.Zero);
        var uncovered = allocation.Bought - allocation.Covered;
        if (tx.Tokens > uncovered)
            return TxResult.Reject(CoverErrors.AllocationExceeded,
                $"{ctx.Sender} holds {uncovered.ToTokenString()} uncovered {project.Token} of project {project.Id}'s sale; asked cover on {tx.Tokens.ToTokenString()}");
        if (!InsuranceFund.TryPlatformPrice(ctx, out var price))
            return TxResult.Reject(CoverErrors.PlatformPriceUnavailable, $"the platform token's price source '{ctx.State<CoverState>().PlatformPriceSource}' has no fresh price");
        var p = ctx.Params<CoverParameters>();
        var quote = PremiumModel.Quote(project, p, tx.Tokens, price, ctx.Clock.BlockSeconds);
        r = CheckCapital(ctx, p, project, quote.SumInsured);
        if (!r.Accepted) return r;
        if (quote.PremiumPlatform.IsZero)
            return TxResult.Reject(CoverErrors.CapacityExceeded, $"cover on {tx.Tokens} units is too small to price (a premium of zero)");
        if (tx.MaxPremium is { } max && quote.PremiumPlatform > max)
            return TxResult.Reject(CoverErrors.PremiumAboveLimit, $"the premium is {quote.PremiumPlatform.ToTokenString()} {ctx.State<CoverState>().PlatformToken}; the limit given is {max.ToTokenString()}");
        var s = ctx.State<CoverState>();
        ctx.ResolveToken(s.PlatformToken, out var platform);
        if (ctx.Ledger.BalanceOf(ctx.SenderId, platform) < quote.PremiumPlatform)
            return ctx.InsufficientBalance(ctx.Sender, platform, quote.PremiumPlatform);

        var toLoans = InsuranceFund.TakePremium(ctx, ctx.SenderId, quote.PremiumPlatform, price);
        long id = s.NextCoverId++;
        s.Covers.Add(id, new CoverPolicy
        {
            Id = id,
            ProjectId = project.Id,
            Owner = ctx.Sender,
            Tokens = tx.Tokens,
            SumInsured = quote.SumInsured,
            PremiumPlatform = quote.PremiumPlatform,
            PremiumBase = quote.PremiumBase,
            BoughtAt = ctx.Height,
        });
        project.Allocations[ctx.Sender] = allocation with { Covered = allocation.Covered + tx.Tokens };
        project.CoveredTokens += tx.Tokens;
        project.SumInsured += quote.SumInsured;
        project.PremiumsPlatform += quote.PremiumPlatform;
        s.PremiumsPlatform += quote.PremiumPlatform;
        s.PremiumsToLoansPlatform += toLoans;
        ctx.Emit(new CoverBought(id, project.Id, ctx.Sender, tx.Tokens, quote.SumInsured, quote.PremiumPlatform, quote.PremiumBase, quote.PremiumRate, toLoans));
        return TxResult.Ok;
    }

    /// <summary>
    /// The funding trigger and capacity: the capital ratio at least <see cref="CoverParameters.MinCapitalRatioPpb"/>
    /// (what applies without a recorded requirement is <see cref="CoverParameters.NoRequirement"/>), the project's
    /// covers within <see cref="CoverParameters.ProjectCapacityPpb"/> of the capital and this one within
    /// <see cref="CoverParameters.CoverCapacityPpb"/>.
    /// </summary>
    internal static TxResult CheckCapital(EngineView view, CoverParameters p, Project project, Amount sumInsured)
    {
        var position = InsuranceFund.Position(view);
        if (position.RequirementRecorded && position.MinimumCapital is null)
            return TxResult.Reject(CoverErrors.CapitalCurrencyMismatch, $"the capital requirement is {position.Source}");
        if (!position.RequirementRecorded && p.NoRequirement == NoRequirementRule.Halt)
            return TxResult.Reject(CoverErrors.NoCapitalRequirement, "no capital requirement is recorded and NoRequirement is halt: new cover waits for the capital model");
        if (position.Ratio is { } ratio && ratio < p.MinCapitalRatioPpb.ToFixed())
            return TxResult.Reject(CoverErrors.CoverHalted,
                $"the capital ratio is {Percent(ratio)} ({position.Capital.ToTokenString()} of {position.MinimumCapital!.Value.ToTokenString()} required); new cover halts below {Percent(p.MinCapitalRatioPpb.ToFixed())}");
        var coverLimit = p.CoverCapacityPpb.Of(position.Capital, Rounding.Down);
        if (sumInsured > coverLimit)
            return TxResult.Reject(CoverErrors.CapacityExceeded,
                $"one cover insures at most {coverLimit.ToTokenString()} (CoverCapacityPpb of the fund's capital {position.Capital.ToTokenString()}); asked {sumInsured.ToTokenString()}");
        var projectLimit = p.ProjectCapacityPpb.Of(position.Capital, Rounding.Down);
        if (project.SumInsured + sumInsured > projectLimit)
            return TxResult.Reject(CoverErrors.CapacityExceeded,
                $"project {project.Id}'s covers insure at most {projectLimit.ToTokenString()} (ProjectCapacityPpb of the fund's capital); {project.SumInsured.ToTokenString()} written, asked {sumInsured.ToTokenString()} more");
        return TxResult.Ok;
    }

    /// <summary>A ratio as a percentage truncated to two decimals (99.999% shows as 99.99%, never as 100%).</summary>
    internal static string Percent(Fixed ratio)
    {
        var basisPoints = FullMath.MulDiv(ratio.Raw, 10_000, Fixed.ScaleRaw, Rounding.Down);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{basisPoints / 100}.{basisPoints % 100:D2}%");
    }
}
