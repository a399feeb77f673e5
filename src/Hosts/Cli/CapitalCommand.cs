using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Ballast.Capital;
using Ballast.Capital.Model;
using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Core.Serialization;
using Spectre.Console;

namespace Ballast.Cli;

/// <summary>
/// <c>ballast capital INPUT</c>: runs seed 003's capital model on an input file (the <c>inputs</c> of a
/// <c>capital.record</c> transaction, docs/capital.md) and prints the breakdown as tables, or as JSON with
/// <c>--json</c>, with the SHA-256 of the canonical inputs. <c>--expect-hash</c> and <c>--expect-minimum</c> check a
/// recorded requirement against the recomputation. Exit codes: 0 computed (and every expectation met), 1 the file
/// cannot be read, 2 the file is malformed or the model refuses the inputs (<c>FILE:LINE: problem</c> or
/// <c>Code: sentence</c>), 3 an expectation differs.
/// </summary>
internal static class CapitalCommand
{
    public const int Ok = 0, CannotRead = 1, Refused = 2, Mismatch = 3;

    public static Command Build()
    {
        var input = new Argument<FileInfo>("input") { Description = "Capital model inputs (JSON): modules, cells, correlations, currencies, floor, lock block; see docs/capital.md" };
        var json = new Option<bool>("--json") { Description = "Print the breakdown as JSON instead of tables" };
        var canonical = new Option<bool>("--canonical") { Description = "Print the canonical inputs text whose SHA-256 is the inputs hash, and nothing else" };
        var tolerance = new Option<long>("--tolerance-ppb") { Description = "ε of the positive semi-definite test in ppb (default 1000 = 1e-6, the module's default parameter)", DefaultValueFactory = _ => CorrelationMatrix.DefaultTolerance.Value };
        var expectHash = new Option<string?>("--expect-hash") { Description = "Exit 3 unless the inputs hash is this (e.g. a recorded requirement's inputsHash)" };
        var expectMinimum = new Option<string?>("--expect-minimum") { Description = "Exit 3 unless the minimum capital is this amount (units or \"14 TAO\")" };
        var command = new Command("capital", "Compute the capital requirement (ALT per module, currency shock, combination, floor) and print its breakdown and inputs hash")
        {
            input, json, canonical, tolerance, expectHash, expectMinimum,
        };
        command.SetAction(parse => Run(parse.GetValue(input)!, new Options(parse.GetValue(json), parse.GetValue(canonical), parse.GetValue(tolerance),
            parse.GetValue(expectHash), parse.GetValue(expectMinimum)), Console.Out, Console.Error));
        return command;
    }

    /// <summary>What the command was asked besides the file.</summary>
    public sealed record Options(bool Json = false, bool Canonical = false, long TolerancePpb = 1_000, string? ExpectHash = null, string? ExpectMinimum = null);

    public static int Run(FileInfo input, Options options, TextWriter stdout, TextWriter stderr)
    {
        string text;
        try
        {
            text = File.ReadAllText(input.FullName, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"ballast capital: cannot read {input}: {e.Message}");
            return CannotRead;
        }
        return Compute(input.ToString(), text, options, stdout, stderr);
    }

    /// <summary>Everything after reading the file; <paramref name="name"/> prefixes <c>FILE:LINE: problem</c>.</summary>
    internal static int Compute(string name, string text, Options options, TextWriter stdout, TextWriter stderr)
    {
        var engine = Engines.Create(new EngineOptions());
        CapitalInputs inputs;
        try
        {
            inputs = ReadInputs(engine, text);
        }
        catch (TransactionFormatException e)
        {
            stderr.WriteLine($"{name}:{e.Line}: {Unwrap(e.Problem)}");
            return Refused;
        }
        Amount? expectedMinimum = null;
        if (options.ExpectMinimum is { } m)
        {
            if (!NumberText.TryParseAmount(m, out var parsed, out var reason))
            {
                stderr.WriteLine($"ballast capital: --expect-minimum {m} is not an amount: {reason}");
                return Refused;
            }
            expectedMinimum = parsed;
        }
        if (options.Canonical)
        {
            stdout.Write(CanonicalInputs.Text(inputs));
            return Ok;
        }
        var r = CapitalModel.TryCompute(inputs, new Ppb(options.TolerancePpb), out var breakdown);
        if (!r.Accepted)
        {
            stderr.WriteLine($"{name}: {r.Error}: {r.Message}");
            return Refused;
        }
        if (options.Json) stdout.WriteLine(JsonSerializer.Serialize(breakdown, BallastJson.Options(engine.Catalog)));
        else PrintTables(breakdown!, stdout);

        int exit = Ok;
        if (options.ExpectHash is { } h && !string.Equals(h, breakdown!.InputsHash, StringComparison.OrdinalIgnoreCase))
        {
            stderr.WriteLine($"ballast capital: the inputs hash is {breakdown.InputsHash}, not the expected {h}");
            exit = Mismatch;
        }
        if (expectedMinimum is { } e2 && e2 != breakdown!.MinimumCapital)
        {
            stderr.WriteLine($"ballast capital: the minimum capital is {breakdown.MinimumCapital} units, not the expected {e2} units");
            exit = Mismatch;
        }
        return exit;
    }

    /// <summary>
    /// Reads the file with the transaction format's strict reader, as the <c>inputs</c> of a <c>capital.record</c>:
    /// the same words, the same checks, the same errors as a script. The wrapper sits on the file's first line, so
    /// line numbers are the file's.
    /// </summary>
    private static CapitalInputs ReadInputs(Engine engine, string text)
    {
        var wrapped = "{\"type\":\"capital.record\",\"inputs\":" + text + "\n}";
        return ((RecordCapital)BallastJson.ReadTransaction(engine.Catalog, wrapped)).Inputs;
    }

    /// <summary>Speaks of the file, not of the wrapping transaction: <c>inputs.modules[0]</c> is <c>modules[0]</c>.</summary>
    private static string Unwrap(string problem) =>
        problem.StartsWith("inputs.", StringComparison.Ordinal) ? problem["inputs.".Length..]
        : problem.StartsWith("inputs:", StringComparison.Ordinal) ? "the input" + problem["inputs".Length..]
        : problem;

    private static void PrintTables(CapitalBreakdown b, TextWriter stdout)
    {
        var console = ReferenceEquals(stdout, Console.Out)
            ? AnsiConsole.Console
            : AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stdout), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });

        var cells = new Table().Title($"product modules: ALT = √(Σ Corr(i,j)·Exp(i)·Exp(j))")
            .AddColumn("module").AddColumn("cell").AddColumn(new TableColumn("cover").RightAligned())
            .AddColumn(new TableColumn("weight").RightAligned()).AddColumn(new TableColumn("exposure").RightAligned());
        foreach (var m in b.Modules)
        {
            foreach (var c in m.Cells)
                cells.AddRow(Esc(m.Name), Esc(c.Name), Tokens(c.Cover, m.Currency), Percent(c.WeightPpb), Tokens(c.Exposure, m.Currency));
            cells.AddRow(Esc(m.Name), "[bold]= module ALT[/]", "", "", $"[bold]{Tokens(m.Requirement, m.Currency)}[/]");
        }
        console.Write(cells);

        if (b.Currencies.Length > 0)
        {
            var fx = new Table().Title("currency module: the worse of a shock up and down to (requirement − held)")
                .AddColumn("currency").AddColumn(new TableColumn("requirement").RightAligned()).AddColumn(new TableColumn("held").RightAligned())
                .AddColumn(new TableColumn($"rate ({Esc(b.BaseToken)})").RightAligned()).AddColumn(new TableColumn("loss if up").RightAligned())
                .AddColumn(new TableColumn("loss if down").RightAligned()).AddColumn(new TableColumn("worse").RightAligned());
            foreach (var c in b.Currencies)
                fx.AddRow(Esc(c.Currency), Tokens(c.Requirement, c.Currency), Tokens(c.Held, c.Currency), Esc(c.RateToBase.ToString()),
                    Tokens(c.ShockUpLoss, b.BaseToken), Tokens(c.ShockDownLoss, b.BaseToken), Tokens(c.Worse, b.BaseToken));
            console.Write(fx);
        }

        var total = new Table().Title($"combining module (in {Esc(b.BaseToken)}), inputs locked at block {b.LockedAtBlock.ToString("N0", CultureInfo.InvariantCulture)}")
            .AddColumn("line").AddColumn(new TableColumn("requirement").RightAligned());
        foreach (var m in b.Modules) total.AddRow($"module {Esc(m.Name)} ({Esc(m.Currency)})", Tokens(m.RequirementInBase, b.BaseToken));
        total.AddRow("currency module", Tokens(b.FxRequirement, b.BaseToken));
        total.AddRow("combined √(Σ Corr(l,m)·ALT(l)·ALT(m))", Tokens(b.Combined, b.BaseToken));
        total.AddRow("floor", Tokens(b.Floor, b.BaseToken));
        total.AddRow(b.FloorBinding ? "[bold]minimum capital (the floor)[/]" : "[bold]minimum capital[/]", $"[bold]{Tokens(b.MinimumCapital, b.BaseToken)}[/]");
        console.Write(total);
        // Plain lines, never wrapped to the terminal's width: scripts read them.
        stdout.WriteLine($"minimum capital {b.MinimumCapital} units of {b.BaseToken}");
        stdout.WriteLine($"inputs hash (SHA-256 of the canonical inputs) {b.InputsHash}");
    }

    /// <summary>Whole tokens with the 9 decimals' trailing zeros trimmed: <c>14 TAO</c>, <c>14.317821064 TAO</c>.</summary>
    private static string Tokens(Amount amount, string token)
    {
        var text = amount.ToTokenString().TrimEnd('0').TrimEnd('.');
        return Esc($"{text} {token}");
    }
    private static string Percent(Ppb rate) => (rate.Value / 1e7).ToString("0.#######", CultureInfo.InvariantCulture) + "%";
    private static string Esc(string text) => Markup.Escape(text);
}
