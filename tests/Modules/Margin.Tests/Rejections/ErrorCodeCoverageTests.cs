using System.Reflection;
using Ballast.Core.Blocks;

namespace Ballast.Margin.Tests.Rejections;

public class ErrorCodeCoverageTests
{
    private static IReadOnlyList<(string Field, ErrorCode Code)> Declared() =>
        typeof(MarginErrors).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(ErrorCode) && f.IsInitOnly)
            .Select(f => (f.Name, (ErrorCode)f.GetValue(null)!))
            .ToList();

    [Fact]
    public void Every_margin_error_code_has_a_rejection_test()
    {
        var declared = Declared();
        declared.Count.ShouldBe(37);
        var covered = MarginRejectionTests.Cases.Select(c => c.Code).ToHashSet();
        declared.Where(d => !covered.Contains(d.Code)).Select(d => d.Field).ShouldBeEmpty("margin error codes without a rejection test");
    }

    [Fact]
    public void Error_code_names_match_their_fields_and_are_unique()
    {
        foreach (var (field, code) in Declared()) code.Name.ShouldBe(field);
        Declared().Select(d => d.Code.Name).ShouldBeUnique();
    }

    [Fact]
    public void Rejection_case_names_are_unique() => MarginRejectionTests.Cases.Select(c => c.Name).ShouldBeUnique();
}
