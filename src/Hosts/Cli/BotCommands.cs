using System.CommandLine;
using Ballast.Node.Bots;

namespace Ballast.Cli;

/// <summary>
/// The bots that talk to a node over its API as any external program would: <c>ballast keeper</c> (the modules'
/// keepers, signed with the bot's key) and <c>ballast feed</c> (a price series into a feed, one price per block).
/// Exit codes: 0 done, 1 the node or a file cannot be reached or read, 2 bad arguments.
/// </summary>
internal static class BotCommands
{
    public static Command Keeper()
    {
        var node = NodeOption();
        var key = KeyOption();
        var keepers = new Option<string[]>("--keeper") { Description = "Keepers to run (default: every keeper the node offers)", AllowMultipleArgumentsPerToken = true };
        var command = new Command("keeper", "Run the modules' keepers (margin liquidations, …) against a node, signing with --key") { node, key, keepers };
        command.SetAction(async (parse, cancel) => await Guard("keeper", async () =>
        {
            using var http = Client(parse.GetValue(node)!);
            using var bot = BotKey.Read(parse.GetValue(key)!.FullName);
            await KeeperBot.Run(new NodeClient(http), bot, parse.GetValue(keepers), Console.Out, cancel);
        }));
        return command;
    }

    public static Command Feed()
    {
        var node = NodeOption();
        var key = KeyOption();
        var csv = new Option<FileInfo>("--csv") { Description = "Price series, e.g. ../shared/data/market/tao-usd/bybit_TAOUSDT_1h_zxckotee.csv", Required = true };
        var column = new Option<string>("--column") { Description = "Column of prices (default close)", DefaultValueFactory = _ => "close" };
        var feed = new Option<string>("--feed") { Description = "Feed to post to (default TAO/USD)", DefaultValueFactory = _ => "TAO/USD" };
        var command = new Command("feed", "Replay a price series into a feed at block pace, signing with --key (the feed's feeder)") { node, key, csv, column, feed };
        command.SetAction(async (parse, cancel) => await Guard("feed", async () =>
        {
            var prices = FeedBot.ReadSeries(parse.GetValue(csv)!.FullName, parse.GetValue(column)!);
            using var http = Client(parse.GetValue(node)!);
            using var bot = BotKey.Read(parse.GetValue(key)!.FullName);
            int posted = await FeedBot.Run(new NodeClient(http), bot, parse.GetValue(feed)!, prices, Console.Out, cancel);
            Console.Out.WriteLine($"posted {posted} of {prices.Count} prices");
        }));
        return command;
    }

    private static Option<string> NodeOption() => new("--node") { Description = "The node's address (default http://127.0.0.1:8547/)", DefaultValueFactory = _ => "http://127.0.0.1:8547/" };

    private static Option<FileInfo> KeyOption() => new("--key") { Description = "Key file: {\"account\": …, \"seed\": \"64 hex digits\"} (what GET /dev/keys/ACCOUNT answers)", Required = true };

    private static HttpClient Client(string node) =>
        Uri.TryCreate(node, UriKind.Absolute, out var address) && address.Scheme is "http" or "https"
            ? new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(2) }
            : throw new ArgumentException("--node takes an http address, like http://127.0.0.1:8547/");

    private static async Task<int> Guard(string name, Func<Task> run)
    {
        try
        {
            await run();
            return 0;
        }
        catch (OperationCanceledException)
        {
            return 0;
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"ballast {name}: {e.Message}");
            return 2;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or UnauthorizedAccessException or FormatException or System.Text.Json.JsonException)
        {
            Console.Error.WriteLine($"ballast {name}: {e.Message}");
            return 1;
        }
    }
}
