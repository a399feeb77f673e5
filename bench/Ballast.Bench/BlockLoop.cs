using System.Diagnostics;

namespace Ballast.Bench;

/// <summary>
/// Runs one of <see cref="BlockFloorBenchmarks"/>' blocks (<c>empty</c>, <c>swap</c>, <c>liquidate</c>) in a loop for a
/// number of seconds and prints the mean time per block: a steady state for <c>perf record -p PID</c>, not a benchmark.
/// </summary>
internal static class BlockLoop
{
    public static int Run(string[] args)
    {
        var kind = args.Length > 0 ? args[0] : "empty";
        double seconds = args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10;
        var floor = new BlockFloorBenchmarks();
        floor.Setup();
        Func<int> block = kind switch
        {
            "empty" => floor.EmptyBlock,
            "swap" => floor.SwapToPriceBlock,
            "liquidate" => floor.RefusedLiquidateBlock,
            _ => throw new ArgumentException($"no block kind '{kind}' (empty, swap, liquidate)"),
        };
        Console.WriteLine($"pid {Environment.ProcessId}: {kind} blocks for {seconds} s");
        var watch = Stopwatch.StartNew();
        long blocks = 0;
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            for (int i = 0; i < 1000; i++) block();
            blocks += 1000;
        }
        Console.WriteLine($"{blocks:N0} blocks, {watch.Elapsed.TotalMilliseconds * 1000 / blocks:F3} µs a block");
        return 0;
    }
}
