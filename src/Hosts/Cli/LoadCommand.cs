using System.CommandLine;
using Ballast.Node.Load;

namespace Ballast.Cli;

/// <summary>
/// <c>ballast load --node URL</c>: the node's load generator (signed, durable transfers from many senders; throughput and
/// latency percentiles). The figures in docs/benchmarks.md come from it.
/// </summary>
internal static class LoadCommand
{
    public static Command Build()
    {
        var node = new Option<string>("--node") { Description = "The node's address (default http://127.0.0.1:8547/)", DefaultValueFactory = _ => "http://127.0.0.1:8547/" };
        var senders = new Option<int>("--senders") { Description = "Sending accounts, each one transaction at a time (default 64)", DefaultValueFactory = _ => 64 };
        var seconds = new Option<double>("--seconds") { Description = "How long to send (default 10)", DefaultValueFactory = _ => 10 };
        var rate = new Option<double?>("--rate") { Description = "Total transactions per second to pace to (default: as fast as acknowledged)" };
        var prefix = new Option<string>("--prefix") { Description = "Sender account names: PREFIX0, PREFIX1, … (default load-)", DefaultValueFactory = _ => "load-" };
        var batch = new Option<int>("--batch") { Description = "Transactions per request: more than 1 posts consecutive nonces together to /api/transactions/batch (default 1)", DefaultValueFactory = _ => 1 };
        var presign = new Option<int>("--presign") { Description = "Transfers each sender signs before the clock starts, so client signing is not timed (default 0)", DefaultValueFactory = _ => 0 };
        var fillLog = new Option<string?>("--fill-log") { Description = "Instead: write a log of --transactions transfers into this empty folder and time a restart (replay) of it" };
        var transactions = new Option<int>("--transactions") { Description = "With --fill-log: how many (default 1,000,000)", DefaultValueFactory = _ => 1_000_000 };
        var command = new Command("load", "Send signed transfers to a development node from many accounts and report durable tx/s and latency")
        {
            node, senders, seconds, rate, prefix, fillLog, transactions, batch, presign,
        };
        command.SetAction(async (parse, cancel) =>
        {
            if (parse.GetValue(fillLog) is { } folder)
            {
                var (fill, replay, full, snapshot, height, hash) = LoadGenerator.FillAndReplay(folder, parse.GetValue(transactions), 10_000, Engines.Create, Console.Error);
                Console.Out.WriteLine($"log of {parse.GetValue(transactions):N0} transactions written in {fill.TotalSeconds:F1} s; restart to height {height} (state {hash[..16]}…) " +
                    $"from the stored snapshot at block {(snapshot is { } s ? s.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none")} took {replay.TotalSeconds:F2} s; a full replay of the log {full.TotalSeconds:F1} s");
                return 0;
            }
            var n = parse.GetValue(senders);
            if (!Uri.TryCreate(parse.GetValue(node), UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
            {
                Console.Error.WriteLine("ballast load: --node takes an http address, like http://127.0.0.1:8547/");
                return 2;
            }
            if (n is < 1 or > 10_000)
            {
                Console.Error.WriteLine("ballast load: --senders from 1 to 10,000");
                return 2;
            }
            try
            {
                var report = await LoadGenerator.Run(new LoadGenerator.LoadOptions(address, n, TimeSpan.FromSeconds(parse.GetValue(seconds)), parse.GetValue(rate), parse.GetValue(prefix)!,
                    Math.Clamp(parse.GetValue(batch), 1, 1_000), Math.Max(0, parse.GetValue(presign))), Console.Error, cancel);
                Console.Out.WriteLine(report);
                return 0;
            }
            catch (HttpRequestException e)
            {
                Console.Error.WriteLine($"ballast load: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
