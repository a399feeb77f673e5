using Microsoft.Data.Sqlite;

namespace Ballast.Cli.Tests;

/// <summary><c>ballast simulate</c> and <c>ballast calibrate</c> in-process: exit codes, what they print, the files they write.</summary>
public class SimulateCommandTests
{
    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Ballast.slnx"))) dir = dir.Parent;
        return dir!.FullName;
    }

    private static (int Code, string Out, string Err) Simulate(string scenarioText, string output)
    {
        var dir = Directory.CreateTempSubdirectory("ballast-cli-").FullName;
        var file = Path.Combine(dir, "s.yaml");
        File.WriteAllText(file, scenarioText);
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        int code = SimulateCommand.Run(new FileInfo(file), 2, 2, new DirectoryInfo(output), stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private const string Tiny = """
        name: cli-tiny
        seed: 5
        paths: 3
        horizon: { blocks: 50 }
        sampleEveryBlocks: 10
        modules: { subnets: {}, perps: {}, insurance: {}, risk: {} }
        genesis:
          - { type: ledger.genesisAccount, name: feeder, balances: {} }
          - { type: prices.genesisFeed, feed: TAO/USD, maxAgeBlocks: 600, feeder: feeder }
        markets:
          - { name: TAO/USD, feed: TAO/USD, feeder: feeder, initialPrice: 300, model: { kind: laplace, volatilityPerYear: 1 } }
        """;

    [Fact]
    public void Simulate_writes_the_database_the_csv_files_and_the_report_and_prints_the_summary()
    {
        var output = Path.Combine(Directory.CreateTempSubdirectory("ballast-out-").FullName, "run");
        var (code, stdout, stderr) = Simulate(Tiny, output);
        stderr.ShouldBeEmpty();
        code.ShouldBe(SimulateCommand.Ok);
        stdout.ShouldContain("cli-tiny: 2 paths × 50 blocks");
        stdout.ShouldContain("probability of ruin");
        stdout.ShouldContain($"report:   {Path.Combine(output, "report.html")}");
        foreach (var f in (string[])["results.sqlite", "outcomes.csv", "series.csv", "summary.json", "report.html"])
            File.Exists(Path.Combine(output, f)).ShouldBeTrue(f);
        File.ReadAllLines(Path.Combine(output, "outcomes.csv")).Length.ShouldBe(3); // header + 2 paths (--paths 2)
        File.ReadAllLines(Path.Combine(output, "series.csv"))[0].ShouldStartWith("path,block,price.TAO/USD,");
        var report = File.ReadAllText(Path.Combine(output, "report.html"));
        report.ShouldContain("echarts");
        // Self-contained: no script, style sheet or font is loaded from anywhere.
        report.ShouldNotContain("<script src");
        report.ShouldNotContain("<link");

        using var db = new SqliteConnection($"Data Source={Path.Combine(output, "results.sqlite")};Pooling=false");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT name, paths, horizon_blocks, scenario_text FROM runs";
        using (var r = cmd.ExecuteReader())
        {
            r.Read().ShouldBeTrue();
            (r.GetString(0), r.GetInt32(1), r.GetInt64(2)).ShouldBe(("cli-tiny", 2, 50L));
            r.GetString(3).ShouldBe(Tiny);
        }
        cmd.CommandText = "SELECT COUNT(*) FROM series WHERE metric = 'price.TAO/USD'";
        ((long)cmd.ExecuteScalar()!).ShouldBe(2 * 6); // blocks 0, 10, …, 50 on 2 paths
    }

    [Fact]
    public void A_bad_scenario_exits_2_with_file_and_line()
    {
        var (code, stdout, stderr) = Simulate(Tiny.Replace("volatilityPerYear: 1", "volatilityPerYear: -1"), Path.GetTempPath());
        code.ShouldBe(SimulateCommand.BadScenario);
        stdout.ShouldBeEmpty();
        stderr.ShouldMatch(@"s\.yaml:11: markets\[0\]\.model\.volatilityPerYear: expected a number from 0 to 100; got -1\s*$");
    }

    [Fact]
    public void Calibrate_prints_every_model_in_the_scenarios_words()
    {
        var csv = Path.GetFullPath(Path.Combine(RepoRoot(), "scenarios", "data", "bybit_TAOUSDT_30m_zxckotee.csv"));
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        CalibrateCommand.Run(new FileInfo(csv), "close", stdout, stderr).ShouldBe(0);
        var text = stdout.ToString();
        foreach (var kind in (string[])["gbm", "merton", "laplace", "regimes", "bootstrap"]) text.ShouldContain($"- kind: {kind}");
        text.ShouldContain("volatilityPerYear:");
        text.ShouldContain("every 1800 s");
        CalibrateCommand.Run(new FileInfo(csv), "nope", stdout, stderr).ShouldBe(2);
        stderr.ToString().ShouldContain("no column 'nope'");
    }
}
