using Ballast.Simulation.Sharding;

namespace Ballast.Simulation.Tests.Sharding;

/// <summary>The shard writer batches units (a commit syncs to disk) and stops when a later attempt replaced its own.</summary>
public class ShardWriterTests
{
    private sealed class ManualClock : TimeProvider
    {
        public long Ticks;
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public override long GetTimestamp() => Ticks;
    }

    [Fact]
    public void Units_are_written_per_64_or_after_two_seconds_and_a_replaced_attempt_writes_nothing()
    {
        using var place = ResultsPlace.Create("file");
        using var store = ResultsLocation.OpenForShard(place.Location, new Shard(0, 1));
        const string run = "run-key";
        int attempt = store.Begin(run, 0, "host", "v", "2026-12-01T00:00:00Z");
        var clock = new ManualClock();
        var writer = new ShardWriter(store, run, 0, attempt, clock);
        int Written() => store.Shards(run).Single().UnitsDone;

        for (int u = 0; u < 63; u++) writer.Write(u, [(byte)u]);
        Written().ShouldBe(0);
        writer.Write(63, [63]);
        Written().ShouldBe(64);
        writer.Write(64, [64]);
        Written().ShouldBe(64);
        clock.Ticks += TimeSpan.FromSeconds(2).Ticks;
        writer.Write(65, [65]);
        Written().ShouldBe(66);
        writer.Write(66, [66]);
        writer.Flush();
        Written().ShouldBe(67);
        store.Units(run, 0, attempt).Select(u => u.Data[0]).ShouldBe(Enumerable.Range(0, 67).Select(i => (byte)i));

        // Another process restarted the shard: this writer's pending units are refused, none lands.
        store.Begin(run, 0, "other-host", "v", "2026-12-01T00:01:00Z").ShouldBe(attempt + 1);
        writer.Write(67, [67]);
        Should.Throw<ShardingException>(writer.Flush).Message.ShouldContain("was replaced by a later attempt");
        store.Shards(run).Single().UnitsDone.ShouldBe(0);
    }
}
