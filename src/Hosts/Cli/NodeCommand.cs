using System.CommandLine;
using Ballast.Node;
using Ballast.Node.Chain;

namespace Ballast.Cli;

/// <summary>
/// <c>ballast node</c>: a local node over HTTP (src/Hosts/Node). The command lives here so the node is built with
/// the same engine as <c>exec</c> (<see cref="Engines.Create"/>) and the same documentation summaries as
/// <c>types</c>; the node project knows no module. Exit codes: 0 stopped, 1 the store or genesis cannot be opened.
/// </summary>
internal static class NodeCommand
{
    public static Command Build()
    {
        var data = new Option<string>("--data") { Description = "Data folder for the SQLite log (default ./ballast-data)", DefaultValueFactory = _ => "ballast-data" };
        var genesis = new Option<FileInfo?>("--genesis") { Description = "Genesis script (the exec format: genesis and setup steps); default: the bundled development genesis" };
        var postgres = new Option<string?>("--postgres") { Description = "PostgreSQL connection string: keep the log there instead of SQLite" };
        var automine = new Option<bool>("--automine") { Description = "Mine a block as soon as transactions wait" };
        var manual = new Option<bool>("--manual") { Description = "Mine only when asked (POST /dev/mine)" };
        var blockTime = new Option<double>("--block-time") { Description = "Seconds between blocks in interval mode (default 12)", DefaultValueFactory = _ => 12 };
        var host = new Option<string>("--host") { Description = "Address to listen on (default 127.0.0.1)", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "Port (default 8547; 0 picks a free one)", DefaultValueFactory = _ => 8547 };
        var chainId = new Option<string>("--chain-id") { Description = "Chain id that signatures commit to (default ballast-dev)", DefaultValueFactory = _ => "ballast-dev" };
        var noDev = new Option<bool>("--no-dev") { Description = "Not a development chain: no development controls, keys only from --keys" };
        var keys = new Option<FileInfo?>("--keys") { Description = "With --no-dev: JSON file of account name → Ed25519 public key (hex)" };
        var rate = new Option<int>("--rate-limit") { Description = "Requests per second per client address (0: none; default 5000)", DefaultValueFactory = _ => 5_000 };
        var state = new Option<FileInfo?>("--state") { Description = "Start a new chain from a state file (GET /dev/state of another node) instead of a genesis script" };
        var snapshotEvery = new Option<long>("--snapshot-every") { Description = "Store a state snapshot every N blocks (and every 100,000 transactions); a restart loads the latest and replays the rest (default 10000)", DefaultValueFactory = _ => 10_000 };
        var eventsInMemory = new Option<int>("--events-in-memory") { Description = "Events kept in memory for /api/events, the latest (default 100000); older ones are read from the log", DefaultValueFactory = _ => 100_000 };
        var receiptsInMemory = new Option<int>("--receipts-in-memory") { Description = "Receipts kept in memory, the latest (default 100000); older ones are read from the log by their transaction's hash", DefaultValueFactory = _ => 100_000 };
        var blocksInMemory = new Option<int>("--blocks-in-memory") { Description = "Blocks kept in memory for /api/blocks, the latest (default 10000); older ones are read from the log", DefaultValueFactory = _ => 10_000 };
        var spacing = new Option<double>("--automine-spacing-ms") { Description = "With --automine: start blocks at least this many milliseconds apart unless 500 transactions wait (default 2; 0: each block at once)", DefaultValueFactory = _ => 2 };
        var fullReplay = new Option<bool>("--full-replay") { Description = "Ignore stored snapshots: replay the whole log at start (rebuilds every receipt and event)" };
        var from = new Option<string?>("--from") { Description = "Start a new chain from a simulated path: the simulation's results.sqlite (or its folder); with --path and --block" };
        var path = new Option<int>("--path") { Description = "With --from: the path to re-run (default 0)", DefaultValueFactory = _ => 0 };
        var block = new Option<long>("--block") { Description = "With --from: the horizon block to stop after (default 0: before the first)", DefaultValueFactory = _ => 0 };
        var run = new Option<long?>("--run") { Description = "With --from: the run in results.sqlite (default the last)" };
        var command = new Command("node", "Run a local node: signed transactions over HTTP, a durable log (SQLite or PostgreSQL), blocks on an interval or automine")
        {
            data, genesis, postgres, automine, manual, blockTime, host, port, chainId, noDev, keys, rate, state, snapshotEvery, eventsInMemory, receiptsInMemory, blocksInMemory, spacing, fullReplay, from, path, block, run,
        };
        command.SetAction(async (parse, cancel) =>
        {
            var options = new NodeOptions
            {
                DataFolder = parse.GetValue(data)!,
                GenesisFile = parse.GetValue(genesis)?.FullName,
                Postgres = parse.GetValue(postgres),
                Mining = parse.GetValue(automine) ? MiningMode.Automine : parse.GetValue(manual) ? MiningMode.Manual : MiningMode.Interval,
                BlockIntervalSeconds = parse.GetValue(blockTime),
                Host = parse.GetValue(host)!,
                Port = parse.GetValue(port),
                ChainId = parse.GetValue(chainId)!,
                Development = !parse.GetValue(noDev),
                KeysFile = parse.GetValue(keys)?.FullName,
                RequestsPerSecondPerClient = parse.GetValue(rate),
                StateFile = parse.GetValue(state)?.FullName,
                Chain = new ChainSettings
                {
                    SnapshotEveryBlocks = Math.Max(1, parse.GetValue(snapshotEvery)), FullReplay = parse.GetValue(fullReplay),
                    EventsInMemory = Math.Max(1, parse.GetValue(eventsInMemory)),
                    ReceiptsInMemory = Math.Max(1, parse.GetValue(receiptsInMemory)),
                    BlocksInMemory = Math.Max(1, parse.GetValue(blocksInMemory)),
                    AutomineSpacing = TimeSpan.FromMilliseconds(double.IsNaN(parse.GetValue(spacing)) ? 2 : Math.Clamp(parse.GetValue(spacing), 0, 1_000)),
                },
            };
            return await Run(options, parse.GetValue(from) is { } results ? (results, parse.GetValue(path), parse.GetValue(block), parse.GetValue(run)) : null, cancel);
        });
        return command;
    }

    private static async Task<int> Run(NodeOptions options, (string Results, int Path, long Block, long? Run)? from, CancellationToken cancel)
    {
        NodeHost node;
        try
        {
            if (from is { } f)
            {
                if (options.GenesisFile is not null || options.StateFile is not null)
                    throw new InvalidOperationException("--from starts from a simulated path: not with --genesis or --state");
                Console.Error.WriteLine($"ballast node: re-running path {f.Path} of {f.Results} to block {f.Block} …");
                var (state, origin) = SimulatedPathState.Load(f.Results, f.Path, f.Block, f.Run);
                Console.Out.WriteLine($"Simulated path: scenario {origin.Scenario}, seed {origin.Seed}, path {origin.Path}, horizon block {origin.Block} " +
                    $"(engine height {origin.Height}, state {origin.StateHash[..16]}…)");
                node = NodeHost.Create(options, Engines.Create, XmlDocs.Summary, state);
            }
            else node = NodeHost.Create(options, Engines.Create, XmlDocs.Summary);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or InvalidDataException or FormatException
                                      or Core.Serialization.TransactionFormatException or System.Data.Common.DbException
                                      or Simulation.Scenarios.ScenarioException or Simulation.Running.SimulationFailure)
        {
            Console.Error.WriteLine($"ballast node: cannot start: {e.Message}");
            return 1;
        }
        await using (node)
        {
            try
            {
                await node.StartAsync(cancel);
            }
            catch (IOException e)
            {
                Console.Error.WriteLine($"ballast node: cannot listen: {e.Message}");
                return 1;
            }
            foreach (var line in node.Banner(options)) Console.Out.WriteLine(line);
            Console.Out.Flush();
            // Ctrl+C or SIGTERM: the web host's lifetime or the command line's token, whichever hears it first; then
            // stop serving and close the store (a SIGKILL skips this, and the log is still whole: see docs/node.md).
            await Task.WhenAny(node.WaitForShutdownAsync(cancel), Task.Delay(Timeout.Infinite, cancel));
        }
        return 0;
    }
}
