using System.Collections.Concurrent;
using System.Net;
using Ballast.Node.Chain;
using Ballast.Node.Tests.Pipeline;
using Ballast.Node.Tests.Support;

namespace Ballast.Node.Tests.Storage;

/// <summary>
/// A snapshot writer at the lowest priority gets no CPU while every core is busy (a node under full load stored no
/// snapshot, and each restart replayed its whole log: the crash test's finding on a busy CI machine). Here the first
/// writer is held where it starts, as the scheduler would hold it; when the next snapshot falls due, the held one is
/// given up and the new one is written at the default priority; once let go, the held one stores nothing; the snapshot
/// after that is back at the lowest priority, and a restart loads the latest.
/// </summary>
public sealed class StarvedSnapshotTests
{
    private sealed record Writer(long Height, bool Background, int Niceness);

    [Theory]
    [MemberData(nameof(Stores.Kinds), MemberType = typeof(Stores))]
    public async Task A_starved_snapshot_is_given_up_and_the_next_is_written_at_the_default_priority(string kind)
    {
        using var place = Stores.Create(kind);
        using var held = new ManualResetEventSlim(false);
        var writers = new ConcurrentQueue<Writer>();
        int holding = 0;
        var settings = new ChainSettings
        {
            SnapshotEveryBlocks = 4,
            SnapshotWriterStarting = (height, background) =>
            {
                writers.Enqueue(new Writer(height, background, OperatingSystem.IsLinux() ? PipelineThreadsTests.Niceness() : 0));
                if (background && Interlocked.Exchange(ref holding, 1) == 0) held.Wait(TimeSpan.FromSeconds(60));
            },
        };
        string hash;
        long height;
        Writer[] seen;
        await using (var node = await TestNode.Start(TestNode.Automine(place.Options) with { Chain = settings }))
        {
            var chain = node.Host.Chain;
            (await node.Post("/dev/mine?blocks=4", "")).StatusCode.ShouldBe(HttpStatusCode.OK);
            await Until(() => writers.Count == 1, "the first snapshot's writer starts");
            (await node.Post("/dev/mine?blocks=4", "")).StatusCode.ShouldBe(HttpStatusCode.OK);
            await Until(() => chain.Stats.Snapshots == 1, "the second snapshot is stored while the first is held");
            chain.Stats.SnapshotsAbandoned.ShouldBe(1);
            seen = writers.ToArray();
            seen.Length.ShouldBe(2);
            seen[0].Background.ShouldBeTrue();
            seen[1].Background.ShouldBeFalse();
            seen[1].Height.ShouldBe(seen[0].Height + 4);
            if (OperatingSystem.IsLinux())
            {
                seen[0].Niceness.ShouldBe(PipelineThreads.BackgroundNiceness);
                seen[1].Niceness.ShouldBe(0, "the default priority, not the committer's raised one it would inherit");
            }
            using (var store = place.Open()) store.LatestSnapshot().ShouldNotBeNull().Height.ShouldBe(seen[1].Height);

            // Let go, the given-up writer stores no part and completes nothing.
            held.Set();
            chain.WaitForSnapshotWrite();
            chain.Stats.Snapshots.ShouldBe(1);
            chain.SnapshotError.ShouldBeNull();
            using (var store = place.Open()) store.LatestSnapshot().ShouldNotBeNull().Height.ShouldBe(seen[1].Height);

            // The next is written at the lowest priority again.
            (await node.Post("/dev/mine?blocks=4", "")).StatusCode.ShouldBe(HttpStatusCode.OK);
            chain.WaitForSnapshotWrite();
            chain.Stats.Snapshots.ShouldBe(2);
            seen = writers.ToArray();
            seen.Length.ShouldBe(3);
            seen[2].Background.ShouldBeTrue();
            seen[2].Height.ShouldBe(seen[1].Height + 4);
            (await node.Post("/dev/mine", "")).StatusCode.ShouldBe(HttpStatusCode.OK);
            hash = await node.StateHash();
            height = chain.Height;
        }
        await using (var node = await TestNode.Start(TestNode.Automine(place.Options) with { Chain = new ChainSettings { SnapshotEveryBlocks = 4 } }))
        {
            node.Host.Chain.RestoredFromSnapshot.ShouldBe(seen[2].Height);
            node.Host.Chain.Height.ShouldBe(height);
            (await node.StateHash()).ShouldBe(hash);
        }
    }

    private static async Task Until(Func<bool> condition, string what)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException($"not within 30 s: {what}");
            await Task.Delay(5);
        }
    }
}
