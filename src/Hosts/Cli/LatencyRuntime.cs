using System.Runtime.InteropServices;

namespace Ballast.Cli;

/// <summary>
/// The node (and the load generator that measures it) run with a small gen-0 budget for the garbage collector.
/// By default the runtime sizes gen 0 from the L3 cache (32 MiB here): at 10,000 transactions a second that made
/// nine collections a second pausing every thread for 5–15 ms each, and those pauses set the node's p99 latency.
/// With 4 MiB, collections come 2.5 times as often but pause for about 2 ms (docs/benchmarks.md). The runtime reads
/// this setting only from the environment at start (the runtimeconfig.json knob is ignored: measured), so on Linux
/// the command re-executes itself once, in the same process (same pid, same arguments) with the variable set.
/// A value the user set is left alone; <c>BALLAST_GC_DEFAULTS=0</c> turns this off.
/// </summary>
internal static class LatencyRuntime
{
    /// <summary>The gen-0 budget, in the hexadecimal form the runtime reads.</summary>
    public const string Gen0BudgetHex = "0x400000";

    private const string Variable = "DOTNET_GCgen0size";
    private const string Guard = "BALLAST_GC_DEFAULTS";

    /// <summary>For the commands that serve or measure latency: re-executes the process with the budget set, when it is not.</summary>
    public static void Apply(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("node" or "load")) return;
        if (!OperatingSystem.IsLinux()) return;
        if (Environment.GetEnvironmentVariable(Variable) is not null || Environment.GetEnvironmentVariable(Guard) is not null) return;
        string[] argv;
        try
        {
            // The process's own command line (the host, the dll, the arguments) exactly as it was started.
            argv = File.ReadAllText("/proc/self/cmdline").Split('\0', StringSplitOptions.None);
            if (argv.Length > 0 && argv[^1].Length == 0) argv = argv[..^1];
        }
        catch (IOException)
        {
            return;
        }
        if (argv.Length == 0) return;
        try
        {
            if (SetEnv(Variable, Gen0BudgetHex, 1) != 0 || SetEnv(Guard, "applied", 1) != 0) return;
            var pointers = new IntPtr[argv.Length + 1];
            for (int i = 0; i < argv.Length; i++) pointers[i] = Marshal.StringToCoTaskMemUTF8(argv[i]);
            Console.Out.Flush();
            Console.Error.Flush();
            ExecV("/proc/self/exe", pointers);
            // Only reached when exec failed: run on as started (the guard stays set, so no second try).
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
        }
    }

    [DllImport("libc", EntryPoint = "setenv", SetLastError = true)]
    private static extern int SetEnv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);

    [DllImport("libc", EntryPoint = "execv", SetLastError = true)]
    private static extern int ExecV([MarshalAs(UnmanagedType.LPUTF8Str)] string path, IntPtr[] argv);
}
