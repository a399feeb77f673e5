using Ballast.Capital.Model;
using Ballast.Core.Blocks;
using Ballast.Core.Modules;
using Ballast.Core.Numerics;

namespace Ballast.Capital;

/// <summary><c>capital.latest</c>: the requirement last recorded (what the cover module reads), or null.</summary>
public sealed record LatestRequirementQuery : IQuery<CapitalRequirementRecord?>;

/// <summary><c>capital.breakdown</c>: a recorded requirement's inputs and full breakdown, by index (0 = the first recorded); null when there is none.</summary>
public sealed record RequirementBreakdownQuery(int Index) : IQuery<RequirementBreakdownView?>;

/// <summary>
/// <c>capital.verify</c>: recomputes a recorded requirement from its stored inputs with the model as it is now and
/// compares the hash and the minimum capital; null when there is no such record.
/// </summary>
public sealed record VerifyRequirementQuery(int Index) : IQuery<RequirementVerification?>;

/// <summary><c>capital.ratio</c>: the capital ratio of a given capital (in the base token) against the latest requirement.</summary>
public sealed record RatioOfCapitalQuery(Amount Capital) : IQuery<RatioOfCapitalView>;

/// <summary>A recorded requirement: the record, who recorded it, its inputs and the breakdown recomputed from them.</summary>
public sealed record RequirementBreakdownView(int Index, CapitalRequirementRecord Record, string RecordedBy, CapitalInputs Inputs, CapitalBreakdown? Breakdown);

/// <summary>
/// A recomputation of a record: the hash and minimum recorded and recomputed, whether both match, and the refusal
/// if the stored inputs no longer pass the model's checks (e.g. after governance tightened the PSD tolerance).
/// </summary>
public sealed record RequirementVerification(
    int Index,
    string RecordedHash,
    string RecomputedHash,
    Amount RecordedMinimum,
    Amount? RecomputedMinimum,
    bool Matches,
    string? Refusal);

/// <summary>
/// A capital ratio: the capital, the latest minimum (null when none is recorded), the ratio (null then too) and whether
/// new cover may be sold (at least 100%; with no requirement recorded, no cover may be sold).
/// </summary>
public sealed record RatioOfCapitalView(Amount Capital, Amount? MinimumCapital, Fixed? Ratio, bool CoverAllowed);

internal static class CapitalQueries
{
    public static CapitalRequirementRecord? Latest(EngineView view)
    {
        var records = view.State<CapitalState>().Records;
        return records.Count == 0 ? null : records[^1].Record;
    }

    public static RequirementBreakdownView? Breakdown(EngineView view, RequirementBreakdownQuery q)
    {
        var records = view.State<CapitalState>().Records;
        if (q.Index < 0 || q.Index >= records.Count) return null;
        var r = records[q.Index];
        CapitalModel.TryCompute(r.Inputs, view.Params<CapitalParameters>().PsdTolerancePpb, out var breakdown);
        return new RequirementBreakdownView(q.Index, r.Record, r.RecordedBy, r.Inputs, breakdown);
    }

    public static RequirementVerification? Verify(EngineView view, VerifyRequirementQuery q)
    {
        var records = view.State<CapitalState>().Records;
        if (q.Index < 0 || q.Index >= records.Count) return null;
        var r = records[q.Index];
        var hash = CanonicalInputs.Hash(r.Inputs);
        var result = CapitalModel.TryCompute(r.Inputs, view.Params<CapitalParameters>().PsdTolerancePpb, out var breakdown);
        bool matches = breakdown is not null && hash == r.Record.InputsHash && breakdown.MinimumCapital == r.Record.MinimumCapital;
        return new RequirementVerification(q.Index, r.Record.InputsHash, hash, r.Record.MinimumCapital, breakdown?.MinimumCapital, matches,
            result.Accepted ? null : result.ToString());
    }

    public static RatioOfCapitalView Ratio(EngineView view, RatioOfCapitalQuery q)
    {
        var latest = Latest(view);
        if (latest is null) return new RatioOfCapitalView(q.Capital, null, null, false);
        var ratio = CapitalRatio.Of(q.Capital, latest);
        return new RatioOfCapitalView(q.Capital, latest.MinimumCapital, ratio, CapitalRatio.AllowsCover(q.Capital, latest));
    }
}
