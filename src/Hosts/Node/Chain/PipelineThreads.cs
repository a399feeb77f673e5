using System.Runtime.InteropServices;

namespace Ballast.Node.Chain;

/// <summary>
/// The pipeline's two threads (miner and committer) ask the Linux scheduler for a larger share than the request
/// threads: every acknowledgement waits on them, and on a busy machine a runnable committer that waits its turn
/// behind dozens of request threads delays every block. A niceness below 0 needs the privilege to raise priority;
/// without it (or off Linux) the request is refused and the threads run as any other. Background work no one waits for
/// (writing a state snapshot) goes the other way, to the lowest priority.
/// </summary>
internal static class PipelineThreads
{
    /// <summary>The niceness asked for (the default is 0; each step down is about 1.25 times the CPU share).</summary>
    public const int Niceness = -5;

    /// <summary>The niceness of background work no one waits for (snapshot writing): the lowest share the scheduler gives.</summary>
    public const int BackgroundNiceness = 19;

    /// <summary>Gives the calling thread the pipeline's priority; false when the system refused.</summary>
    public static bool Raise() => SetNiceness(Niceness);

    /// <summary>Gives the calling thread the lowest priority (any thread may lower its own); false off Linux.</summary>
    public static bool Lower() => SetNiceness(BackgroundNiceness);

    /// <summary>
    /// Gives the calling thread the default priority (0), that of the request threads: a thread started by a pipeline
    /// thread inherits its raised priority, and any thread may lower its own. False off Linux.
    /// </summary>
    public static bool Normal() => SetNiceness(0);

    private static bool SetNiceness(int niceness)
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            return SetPriority(0 /* PRIO_PROCESS: with a thread id, that thread */, GetThreadId(), niceness) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static extern int SetPriority(int which, int who, int priority);

    [DllImport("libc", EntryPoint = "gettid")]
    private static extern int GetThreadId();
}
