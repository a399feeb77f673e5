using Ballast.Core.Blocks;

namespace Ballast.Bench;

/// <summary>
/// Bytes allocated on the current thread per operation, by <see cref="GC.GetAllocatedBytesForCurrentThread"/>,
/// after enough warm-up blocks for tiered JIT to settle. A quick check, not a benchmark.
/// </summary>
internal static class AllocationCheck
{
    private const int WarmupBlocks = 200;
    private const int MeasuredBlocks = 20;

    public static int Run()
    {
        foreach (var check in new[] { false, true })
        {
            var (engine, accounts) = Scenarios.TransferEngine(check);
            var block = Scenarios.TransferBlock(accounts);
            Report($"ledger.transfer block, conservation check {(check ? "on" : "off")}", engine, block);
        }
        {
            var (engine, traders) = Scenarios.SwapEngine();
            Report("subnets.swap block", engine, Scenarios.SwapBlock(engine, traders));
        }
        {
            var (ledger, tao, from, to) = Scenarios.RawLedger();
            var amount = Ballast.Core.Numerics.Amount.Tokens(1);
            void Loop()
            {
                for (int i = 0; i < from.Length; i++)
                {
                    if (!ledger.TryTransfer(from[i], to[i], tao, amount)) throw new InvalidOperationException("transfer failed");
                    ledger.ClearJournal();
                }
            }
            for (int b = 0; b < WarmupBlocks; b++) Loop();
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int b = 0; b < MeasuredBlocks; b++) Loop();
            long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
            Console.WriteLine($"{"raw TokenLedger.TryTransfer",-55} {bytes / (double)(MeasuredBlocks * from.Length),10:F3} B/transfer");
        }
        foreach (var subnets in new[] { 3, 64 })
        {
            var engine = Scenarios.EmissionEngine(subnets);
            Report($"empty block, {subnets} subnets", engine, [], perBlock: true);
        }
        {
            // The radCAD day's engine as the simulator builds it (events recorded and cleared each block, as the runner does).
            var floor = new BlockFloorBenchmarks();
            floor.Setup();
            RadcadReport("radCAD day: empty block", floor.EmptyBlock);
            RadcadReport("radCAD day: block of one subnets.swapToPrice", floor.SwapToPriceBlock);
            RadcadReport("radCAD day: block of one refused margin.liquidate", floor.RefusedLiquidateBlock);
        }
        return 0;
    }

    private static void RadcadReport(string name, Func<int> block)
    {
        for (int b = 0; b < WarmupBlocks; b++) block();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int b = 0; b < MeasuredBlocks; b++) block();
        long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        Console.WriteLine($"{name,-55} {bytes / (double)MeasuredBlocks,10:F1} B/block");
    }

    private static void Report(string name, Engine engine, Envelope[] block, bool perBlock = false)
    {
        for (int b = 0; b < WarmupBlocks; b++) Scenarios.RequireNoRejections(engine.ExecuteBlockCountingRejections(block), name);
        long before = GC.GetAllocatedBytesForCurrentThread();
        int rejected = 0;
        for (int b = 0; b < MeasuredBlocks; b++) rejected += engine.ExecuteBlockCountingRejections(block);
        long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        Scenarios.RequireNoRejections(rejected, name);
        double blockBytes = bytes / (double)MeasuredBlocks;
        Console.WriteLine(perBlock
            ? $"{name,-55} {blockBytes,10:F1} B/block"
            : $"{name,-55} {blockBytes / block.Length,10:F3} B/tx  ({blockBytes:F0} B/block)");
    }
}
