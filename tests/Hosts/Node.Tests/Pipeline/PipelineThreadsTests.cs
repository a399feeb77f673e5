using Ballast.Node.Chain;

namespace Ballast.Node.Tests.Pipeline;

/// <summary>
/// The snapshot writer lowers its own thread to the lowest priority (any thread may), and only its own: the niceness
/// Linux reports for that thread is 19 afterwards, while the thread that started it keeps its own.
/// </summary>
public sealed class PipelineThreadsTests
{
    /// <summary>The niceness of the calling thread, from /proc (field 19 of its stat line, after the name's parenthesis).</summary>
    internal static int Niceness()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[16], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public void Lowering_gives_the_calling_thread_alone_the_lowest_priority()
    {
        if (!OperatingSystem.IsLinux()) return; // the priority is a Linux request; elsewhere Lower reports false
        int before = Niceness();
        int lowered = int.MinValue;
        bool done = false;
        var thread = new Thread(() =>
        {
            done = PipelineThreads.Lower();
            lowered = Niceness();
        });
        thread.Start();
        thread.Join();
        done.ShouldBeTrue();
        lowered.ShouldBe(PipelineThreads.BackgroundNiceness);
        Niceness().ShouldBe(before);
    }
}
