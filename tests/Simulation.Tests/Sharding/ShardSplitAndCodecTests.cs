using Ballast.Simulation.Metrics;
using Ballast.Simulation.Sharding;

namespace Ballast.Simulation.Tests.Sharding;

/// <summary>The split of units among shards, the parsing of <c>i/n</c>, and the exact round trip of the stored units.</summary>
public class ShardSplitAndCodecTests
{
    [Fact]
    public void Any_n_shards_tile_the_units_in_order_with_sizes_differing_by_at_most_one()
    {
        for (int units = 0; units <= 60; units++)
            for (int n = 1; n <= 13; n++)
            {
                var covered = new List<int>();
                var sizes = new List<int>();
                for (int i = 0; i < n; i++)
                {
                    var s = new Shard(i, n);
                    covered.AddRange(Enumerable.Range(s.Start(units), s.End(units) - s.Start(units)));
                    sizes.Add(s.End(units) - s.Start(units));
                }
                covered.ShouldBe(Enumerable.Range(0, units).ToList(), $"{units} units, {n} shards");
                (sizes.Max() - sizes.Min()).ShouldBeLessThanOrEqualTo(1);
                sizes.Sum().ShouldBe(units);
            }
        // Hand-worked: 10 paths in 3 shards are 0–2, 3–5, 6–9 (⌊10i/3⌋ = 0, 3, 6, 10).
        new Shard(0, 3).End(10).ShouldBe(3);
        new Shard(1, 3).Start(10).ShouldBe(3);
        new Shard(2, 3).Start(10).ShouldBe(6);
        new Shard(2, 3).End(10).ShouldBe(10);
    }

    [Theory]
    [InlineData("3/4", true, "")]
    [InlineData("0/1", true, "")]
    [InlineData("4/4", false, "below the shard count (0 … 3)")]
    [InlineData("0/0", false, "the count must be at least 1")]
    [InlineData("1-4", false, "expected i/n")]
    [InlineData("-1/4", false, "expected i/n")]
    [InlineData("a/b", false, "expected i/n")]
    public void Shard_text_is_parsed_or_refused_with_a_sentence(string text, bool ok, string error)
    {
        Shard.TryParse(text, out var shard, out var message).ShouldBe(ok);
        if (ok) shard.ToString().ShouldBe(text);
        else message.ShouldContain(error);
    }

    [Fact]
    public void A_path_result_round_trips_exactly_with_nan_infinities_negative_zero_and_the_refusals_order()
    {
        var random = new Random(12);
        for (int trial = 0; trial < 50; trial++)
        {
            double Value() => random.Next(8) switch
            {
                0 => double.NaN,
                1 => double.PositiveInfinity,
                2 => -0.0,
                3 => double.Epsilon,
                _ => BitConverter.Int64BitsToDouble(random.NextInt64()),
            };
            int samples = random.Next(0, 6), metrics = random.Next(0, 5);
            var byKind = new Dictionary<string, (long, string)>();
            // Insertion order is not sorted order: the report's examples follow the first path's insertion order.
            foreach (var k in new[] { "z.open: PAUSED", "a.close: STALE", "m.x: é ✓" }.Take(random.Next(0, 4)))
                byKind[k] = (random.NextInt64(), k + " sentence");
            var p = new PathResult(random.Next(), [.. Enumerable.Range(0, samples).Select(_ => random.NextInt64())],
                [.. Enumerable.Range(0, samples).Select(_ => Enumerable.Range(0, metrics).Select(_ => Value()).ToArray())],
                [.. Enumerable.Range(0, 7).Select(_ => Value())], random.NextInt64(), random.NextInt64()) { RejectionsByKind = byKind };
            var back = UnitCodec.DecodePath(UnitCodec.EncodePath(p));
            back.Path.ShouldBe(p.Path);
            back.Blocks.ShouldBe(p.Blocks);
            back.Rejections.ShouldBe(p.Rejections);
            back.SampleBlocks.ShouldBe(p.SampleBlocks);
            Bits(back.Outcomes).ShouldBe(Bits(p.Outcomes));
            back.Series.Select(Bits).SelectMany(x => x).ShouldBe(p.Series.Select(Bits).SelectMany(x => x));
            back.Series.Length.ShouldBe(p.Series.Length);
            back.RejectionsByKind.ToList().ShouldBe(p.RejectionsByKind.ToList());
        }
    }

    [Fact]
    public void A_run_summary_round_trips_to_the_same_bytes_and_figures()
    {
        var results = Simulator.Run(Support.TinyScenarios.Crash(trader: true, paths: 3), 2);
        var bytes = UnitCodec.EncodeSummary(results.Summary);
        var back = UnitCodec.DecodeSummary(bytes);
        UnitCodec.EncodeSummary(back).ShouldBe(bytes);
        back.VaR99.ShouldBe(results.Summary.VaR99);
        back.Outcomes.ShouldBe(results.Summary.Outcomes);
        back.Fans.Select(f => f.Name).ShouldBe(results.Summary.Fans.Select(f => f.Name));
        var (hash, summary) = ShardRunner.DecodePoint(ShardRunner.EncodePoint(results.Hash, results.Summary));
        hash.ShouldBe(results.Hash);
        summary.ProbabilityOfRuin.ShouldBe(results.Summary.ProbabilityOfRuin);
        Should.Throw<InvalidDataException>(() => UnitCodec.DecodeSummary([.. bytes, 0]));
        Should.Throw<InvalidDataException>(() => UnitCodec.DecodePath([9, .. bytes]));
    }

    private static long[] Bits(double[] values) => [.. values.Select(BitConverter.DoubleToInt64Bits)];
}
