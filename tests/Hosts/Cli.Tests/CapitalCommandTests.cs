using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Ballast.Cli.Tests;

/// <summary><c>ballast capital</c>: tables, JSON, the canonical text, refusals and expectations.</summary>
public class CapitalCommandTests
{
    private static readonly string HandWorked = Path.Combine(AppContext.BaseDirectory, "examples", "capital", "hand-worked.json");

    private static (int Exit, string Out, string Err) Run(string path, CapitalCommand.Options? options = null)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = CapitalCommand.Run(new FileInfo(path), options ?? new CapitalCommand.Options(), stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static (int Exit, string Out, string Err) RunText(string text, CapitalCommand.Options? options = null)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = CapitalCommand.Compute("in.json", text, options ?? new CapitalCommand.Options(), stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void The_hand_worked_example_prints_its_breakdown_as_tables()
    {
        // docs/capital.md works it: ido 14 TAO, alpha 100 SN4 = 20 TAO, currency module 6 TAO, combined √900 = 30 TAO.
        var (exit, output, error) = Run(HandWorked);
        exit.ShouldBe(CapitalCommand.Ok, error);
        output.ShouldContain("│ module ido (TAO)                      │      14 TAO │");
        output.ShouldContain("│ module alpha (SN4)                    │      20 TAO │");
        output.ShouldContain("│ currency module                       │       6 TAO │");
        output.ShouldContain("minimum capital 30000000000 units of TAO");
    }

    [Fact]
    public void Json_output_carries_every_step_and_the_hash_of_the_canonical_text()
    {
        var (exit, output, error) = Run(HandWorked, new CapitalCommand.Options(Json: true));
        exit.ShouldBe(CapitalCommand.Ok, error);
        var json = JsonDocument.Parse(output).RootElement;
        json.GetProperty("minimumCapital").GetString().ShouldBe("30000000000");
        json.GetProperty("fxRequirement").GetString().ShouldBe("6000000000");
        json.GetProperty("currencies")[0].GetProperty("shockUpLoss").GetString().ShouldBe("6000000000");
        json.GetProperty("floorBinding").GetBoolean().ShouldBeFalse();
        var canonical = Run(HandWorked, new CapitalCommand.Options(Canonical: true)).Out;
        json.GetProperty("inputsHash").GetString().ShouldBe(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))));
    }

    [Fact]
    public void The_canonical_text_reads_back_to_the_same_hash()
    {
        var canonical = Run(HandWorked, new CapitalCommand.Options(Canonical: true)).Out;
        RunText(canonical, new CapitalCommand.Options(Canonical: true)).Out.ShouldBe(canonical);
    }

    [Fact]
    public void A_malformed_file_is_refused_naming_its_line_and_field()
    {
        var (exit, _, error) = RunText("{\"baseToken\": \"TAO\",\n \"lockedAtBlock\": 1,\n \"floor\": true}");
        exit.ShouldBe(CapitalCommand.Refused);
        error.Trim().ShouldBe("in.json:3: floor: expected an amount: whole units as an integer or string, or \"1.5 TAO\"; got true");
    }

    [Fact]
    public void Refused_inputs_print_the_code_and_the_sentence()
    {
        var text = File.ReadAllText(HandWorked).Replace("[0, 650000000, 1000000000]", "[0, 650000000, 900000000]");
        var (exit, _, error) = RunText(text);
        exit.ShouldBe(CapitalCommand.Refused);
        error.Trim().ShouldBe("in.json: CorrelationDiagonalNotOne: moduleCorrelation: correlation[2][2] ('currency module' with itself) is 900000000 ppb; the diagonal is 1000000000 ppb (1)");
    }

    [Fact]
    public void Expectations_that_differ_exit_three_and_matching_ones_zero()
    {
        var hash = JsonDocument.Parse(Run(HandWorked, new CapitalCommand.Options(Json: true)).Out).RootElement.GetProperty("inputsHash").GetString();
        Run(HandWorked, new CapitalCommand.Options(ExpectHash: hash, ExpectMinimum: "30 TAO")).Exit.ShouldBe(CapitalCommand.Ok);
        var (exit, _, error) = Run(HandWorked, new CapitalCommand.Options(ExpectMinimum: "31 TAO"));
        exit.ShouldBe(CapitalCommand.Mismatch);
        error.Trim().ShouldBe("ballast capital: the minimum capital is 30000000000 units, not the expected 31000000000 units");
        Run(HandWorked, new CapitalCommand.Options(ExpectHash: new string('a', 64))).Exit.ShouldBe(CapitalCommand.Mismatch);
    }

    [Fact]
    public void A_missing_file_exits_one()
    {
        Run(Path.Combine(AppContext.BaseDirectory, "no-such-capital.json")).Exit.ShouldBe(CapitalCommand.CannotRead);
    }
}
