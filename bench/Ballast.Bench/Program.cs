using BenchmarkDotNet.Running;

namespace Ballast.Bench;

public static class Program
{
    /// <summary>
    /// BenchmarkDotNet's usual arguments (<c>--filter '*'</c>, <c>--list flat</c>, <c>--job short</c>, …), or
    /// <c>--alloc-check</c> for a quick count of bytes allocated per operation on the hot paths (no BenchmarkDotNet), or
    /// <c>--block-loop KIND SECONDS</c> to run one of the radCAD day's floor blocks in a loop (a steady state to profile).
    /// </summary>
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "--alloc-check") return AllocationCheck.Run();
        if (args.Length > 0 && args[0] == "--block-loop") return BlockLoop.Run(args.Skip(1).ToArray());
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
