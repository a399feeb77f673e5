using System.Diagnostics;

namespace Ballast.Bench;

/// <summary>
/// Runs one of <see cref="BlockFloorBenchmarks"/>' blocks (<c>empty</c>, <c>swap</c>, <c>liquidate</c>), or a path's
/// genesis and setup (<c>setup</c>, <see cref="PathSetupBenchmarks"/>), in a loop for a
/// number of seconds and prints the mean time per block (a steady state for <c>perf record -p PID</c>, not a benchmark),
/// or a fixed number of blocks (<c>--block-loop empty 200000b</c>) for instruction counts.
/// </summary>
internal static class BlockLoop
{
    // A path's genesis, setup and settling block (not a block: each call builds a new engine).
    private static Func<int> SetupLoop()
    {
        var setup = new PathSetupBenchmarks();
        setup.Setup();
        return () => (int)setup.GenesisAndSetup();
    }

    public static int Run(string[] args)
    {
        var kind = args.Length > 0 ? args[0] : "empty";
        // SECONDS, or a count of blocks with a trailing 'b' (200000b): a fixed amount of work, for instruction counts
        // (perf stat -e instructions:u, the difference between two counts over the difference in blocks) that a loaded
        // machine does not disturb as it does time.
        var amount = args.Length > 1 ? args[1] : "10";
        bool byCount = amount.EndsWith('b');
        double seconds = byCount ? 0 : double.Parse(amount, System.Globalization.CultureInfo.InvariantCulture);
        long count = byCount ? long.Parse(amount[..^1], System.Globalization.CultureInfo.InvariantCulture) : 0;
        var floor = new BlockFloorBenchmarks();
        floor.Setup();
        Func<int> block = kind switch
        {
            "empty" => floor.EmptyBlock,
            "swap" => floor.SwapToPriceBlock,
            "liquidate" => floor.RefusedLiquidateBlock,
            "setup" => SetupLoop(),
            _ => throw new ArgumentException($"no block kind '{kind}' (empty, swap, liquidate, setup)"),
        };
        var watch = Stopwatch.StartNew();
        long blocks = 0;
        if (byCount)
        {
            for (long b = 0; b < count; b++) block();
            Console.WriteLine($"{count:N0} {kind} blocks in {watch.Elapsed.TotalMilliseconds:F0} ms");
            return 0;
        }
        Console.WriteLine($"pid {Environment.ProcessId}: {kind} blocks for {seconds} s");
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            for (int i = 0; i < 1000; i++) block();
            blocks += 1000;
        }
        Console.WriteLine($"{blocks:N0} blocks, {watch.Elapsed.TotalMilliseconds * 1000 / blocks:F3} µs a block");
        return 0;
    }
}
