using System.Reflection;
using Ballast.Core.Blocks;
using Ballast.Core.Governance;
using Ballast.Core.Tests.Governance;
using Ballast.Core.Tests.Prices;
using Ballast.Core.Tests.Support;

namespace Ballast.Core.Tests.Blocks;

public class ErrorCodeCoverageTests
{
    /// <summary>Every row of the three rejection tables that drive the rejection theories.</summary>
    public static IReadOnlyList<RejectionCase> AllCases =>
        [.. CoreRejectionTests.Cases, .. GovernanceRejectionTests.Cases, .. PriceRejectionTests.Cases];

    /// <summary>The codes the rejection theories provoke (fed from the same tables).</summary>
    public static IReadOnlyList<string> CoveredCodes => AllCases.Select(c => c.Code.Name).Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Codes declared but produced nowhere in Ballast.Core, so no transaction can provoke them. Each is reported
    /// rather than given a fake test; the list must shrink to nothing once the code is used or removed.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> UnreachableCodes = new Dictionary<string, string>();

    private static IReadOnlyList<(string Declaring, ErrorCode Code)> DeclaredCodes() =>
        typeof(Engine).Assembly.GetTypes()
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f.FieldType == typeof(ErrorCode) && f.IsInitOnly)
                .Select(f => (Declaring: $"{t.Name}.{f.Name}", Code: (ErrorCode)f.GetValue(null)!)))
            .ToList();

    [Fact]
    public void Every_error_code_has_a_rejection_test()
    {
        var declared = DeclaredCodes();
        declared.Count.ShouldBeGreaterThan(40);
        var covered = CoveredCodes.ToHashSet(StringComparer.Ordinal);
        var missing = declared
            .Where(d => !covered.Contains(d.Code.Name) && !UnreachableCodes.ContainsKey(d.Code.Name))
            .Select(d => d.Declaring)
            .ToList();
        missing.ShouldBeEmpty($"error codes without a rejection test: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Rejection_tables_use_only_declared_codes_and_no_code_listed_as_unreachable()
    {
        var declared = DeclaredCodes().Select(d => d.Code.Name).ToHashSet(StringComparer.Ordinal);
        CoveredCodes.Where(c => !declared.Contains(c)).ShouldBeEmpty();
        CoveredCodes.Where(UnreachableCodes.ContainsKey).ShouldBeEmpty();
        UnreachableCodes.Keys.Where(c => !declared.Contains(c)).ShouldBeEmpty();
    }

    [Fact]
    public void Error_code_names_match_their_field_names_and_are_unique()
    {
        var declared = DeclaredCodes();
        foreach (var (name, code) in declared) name.Split('.')[1].ShouldBe(code.Name);
        declared.Select(d => d.Code.Name).ShouldBeUnique();
    }

    [Fact]
    public void Rejection_case_names_are_unique_across_tables() => AllCases.Select(c => c.Name).ShouldBeUnique();
}
