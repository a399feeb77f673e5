using System.Text.Json;
using Ballast.Simulation.Sweeps;

namespace Ballast.Simulation.Sharding;

/// <summary>The recommendation options a sweep was run with, stored with the run so the merge recommends the same point.</summary>
public sealed record SweepOptions(string? Optimise, IReadOnlyList<RiskLimit> Limits)
{
    public static readonly SweepOptions None = new(null, []);

    /// <summary>Canonical JSON (part of the run's key): the objective, then each limit's figure and bound in the order given.</summary>
    public string ToJson() => JsonSerializer.Serialize(new { optimise = Optimise, limits = Limits.Select(l => new { figure = l.Figure, max = l.Max }) });

    public static SweepOptions FromJson(string json)
    {
        if (json.Length == 0) return None;
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        string? optimise = root.GetProperty("optimise").ValueKind == JsonValueKind.Null ? null : root.GetProperty("optimise").GetString();
        var limits = root.GetProperty("limits").EnumerateArray().Select(l => new RiskLimit(l.GetProperty("figure").GetString()!, l.GetProperty("max").GetDouble())).ToList();
        return new SweepOptions(optimise, limits);
    }
}
