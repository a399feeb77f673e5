using System.CommandLine;
using System.Globalization;
using Ballast.Simulation.Prices;

namespace Ballast.Cli;

/// <summary>
/// <c>ballast calibrate CSV --column C</c>: fits every price model to a market CSV's log returns and prints the
/// parameters in the scenario's words (rates per year), ready to paste under a market's <c>model:</c>.
/// Exit codes: 0 fitted, 1 the file cannot be read, 2 the file or column is unusable.
/// </summary>
internal static class CalibrateCommand
{
    public static Command Build()
    {
        var csv = new Argument<FileInfo>("csv") { Description = "A market CSV (e.g. ../shared/data/market/tao-usd/binance_usdm_TAOUSDT_1h_nmtrong.csv)" };
        var column = new Option<string>("--column", "-c") { Description = "The price column (default: close)", DefaultValueFactory = _ => "close" };
        var command = new Command("calibrate", "Fit GBM, Merton jumps, Laplace, regime switching and bootstrap to a price series and print the parameters") { csv, column };
        command.SetAction(parse => Run(parse.GetValue(csv)!, parse.GetValue(column)!, Console.Out, Console.Error));
        return command;
    }

    public static int Run(FileInfo csv, string column, TextWriter stdout, TextWriter stderr)
    {
        PriceSeries series;
        try
        {
            series = PriceSeries.Read(csv.FullName, column);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"ballast calibrate: cannot read {csv}: {e.Message}");
            return 1;
        }
        catch (FormatException e)
        {
            stderr.WriteLine(e.Message);
            return 2;
        }
        stdout.WriteLine($"# {csv.Name}, column {column}: {series.Points.Length} prices, {DateTimeOffset.FromUnixTimeSeconds(series.Points[0].UnixSeconds):u} to " +
            $"{DateTimeOffset.FromUnixTimeSeconds(series.Points[^1].UnixSeconds):u}, every {series.MedianSpacingSeconds()} s");
        foreach (var model in Calibration.Fit(series))
        {
            stdout.WriteLine($"- kind: {model.Kind}    # {model.Note}");
            foreach (var (name, value) in model.Parameters)
                stdout.WriteLine($"  {name}: {value.ToString("G6", CultureInfo.InvariantCulture)}");
        }
        return 0;
    }
}
