using System.Buffers.Binary;
using System.Security.Cryptography;
using Ballast.Core.Hashing;
using Ballast.Core.Numerics;
using Ballast.Core.Prices;

namespace Ballast.Core.Tests.Prices;

/// <summary>
/// The accumulator's O(1) state hash (a chain over its sealed observations): over random sequences of records,
/// same-block re-records, undo marks, compaction, clones and the state file's copy, it equals the hash of an
/// accumulator rebuilt by recording the same effective sequence afresh, its chain equals one computed here with SHA-256
/// directly, and accumulators whose observations differ hash differently.
/// </summary>
public class TwapAccumulatorHashTests
{
    private static string Hash(TwapAccumulator accumulator)
    {
        using var hasher = new StateHasher();
        accumulator.WriteHash(hasher);
        return hasher.Finish();
    }

    /// <summary>An accumulator that saw only <paramref name="sequence"/>, one record per block (what a replay builds).</summary>
    private static TwapAccumulator Replay(long historyBlocks, IEnumerable<(long Height, Fixed Price)> sequence)
    {
        var accumulator = new TwapAccumulator(historyBlocks);
        foreach (var (height, price) in sequence) accumulator.Record(height, price);
        return accumulator;
    }

    /// <summary>
    /// The chain over every observation but the last, computed without the accumulator: cumulatives summed here,
    /// each link SHA-256(previous head ‖ height ‖ cumulative ‖ price), little-endian, from 32 zero bytes.
    /// </summary>
    private static string ReferenceChain(IReadOnlyList<(long Height, Fixed Price)> sequence)
    {
        var head = new byte[32];
        Int128 cumulative = 0;
        for (int i = 0; i + 1 < sequence.Count; i++)
        {
            if (i > 0) cumulative += sequence[i - 1].Price.Raw * (sequence[i].Height - sequence[i - 1].Height);
            var input = new byte[32 + 40];
            head.CopyTo(input, 0);
            BinaryPrimitives.WriteInt64LittleEndian(input.AsSpan(32), sequence[i].Height);
            BinaryPrimitives.WriteInt128LittleEndian(input.AsSpan(40), cumulative);
            BinaryPrimitives.WriteInt128LittleEndian(input.AsSpan(56), sequence[i].Price.Raw);
            head = SHA256.HashData(input);
        }
        return Convert.ToHexStringLower(head);
    }

    /// <summary>How many observations a window may still read: from the newest at or before last − history (else all).</summary>
    private static int ReferenceKept(long historyBlocks, IReadOnlyList<(long Height, Fixed Price)> sequence)
    {
        if (sequence.Count == 0) return 0;
        long oldest = sequence[^1].Height - historyBlocks;
        int start = 0;
        for (int j = 1; j < sequence.Count; j++) if (sequence[j].Height <= oldest) start = j;
        return sequence.Count - start;
    }

    /// <summary>What the state file does: the kept observations as they are, then the chain's head.</summary>
    private static TwapAccumulator ThroughStateFileFields(TwapAccumulator accumulator)
    {
        var copy = new TwapAccumulator(accumulator.HistoryBlocks);
        foreach (var o in accumulator.KeptObservations()) copy.AppendKept(o.Height, o.Cumulative, o.Price);
        copy.RestoreSealedChain(HashChain.Read(Bytes(accumulator.SealedChain)));
        return copy;
    }

    private static byte[] Bytes(HashChain chain)
    {
        var bytes = new byte[HashChain.Length];
        chain.WriteTo(bytes);
        return bytes;
    }

    private static Fixed RandomPrice(DeterministicRandom random) => new(1 + (Int128)random.NextBelow(1_000_000_000_000_000_000UL));

    [Fact]
    public void Incremental_hash_equals_a_replay_of_the_sealed_sequence_through_undo_compaction_clones_and_copies()
    {
        int compactions = 0, undos = 0, clones = 0, copies = 0, rerecords = 0, checks = 0;
        for (ulong seed = 1; seed <= 120; seed++)
        {
            var random = new DeterministicRandom(seed);
            long history = 1 + (long)random.NextBelow(30);
            var accumulator = new TwapAccumulator(history);
            var model = new List<(long Height, Fixed Price)>();
            var marks = new List<(TwapAccumulator.Mark Mark, List<(long, Fixed)> Model)>();
            long height = (long)random.NextBelow(5);
            // Every tenth seed runs long enough that more than 1,024 observations are pruned and Compact frees them.
            // (Clones and copies start a list afresh, so those runs take none, and compare less often: a replay is O(n).)
            bool longRun = seed % 10 == 0;
            int steps = longRun ? 5_000 : 200;
            for (int step = 0; step < steps; step++)
            {
                var where = $"seed {seed}, step {step}";
                ulong op = random.NextBelow(100);
                if (op < 50 || model.Count == 0)
                {
                    height += 1 + (long)random.NextBelow(3);
                    var price = RandomPrice(random);
                    accumulator.Record(height, price);
                    model.Add((height, price));
                }
                else if (op < 62)
                {
                    // A second price in the last observation's block replaces it: nothing is sealed.
                    var price = RandomPrice(random);
                    accumulator.Record(model[^1].Height, price);
                    model[^1] = (model[^1].Height, price);
                    rerecords++;
                }
                else if (op < 74) marks.Add((accumulator.GetMark(), [.. model]));
                else if (op < 84 && marks.Count > 0)
                {
                    // Undo to any open mark, newest first as the oracle's journal does; later marks go with it.
                    int to = (int)random.NextBelow((ulong)marks.Count);
                    accumulator.Undo(marks[to].Mark);
                    model = marks[to].Model;
                    height = model.Count > 0 ? model[^1].Height : height;
                    marks.RemoveRange(to, marks.Count - to);
                    undos++;
                }
                else if (op < 90 || longRun)
                {
                    // Between transactions only: the journal (and so every mark) is gone.
                    int stored = accumulator.StoredObservations;
                    accumulator.Compact();
                    if (accumulator.StoredObservations < stored) compactions++;
                    marks.Clear();
                }
                else if (op < 95)
                {
                    accumulator = accumulator.Clone();
                    marks.Clear();
                    clones++;
                }
                else
                {
                    accumulator = ThroughStateFileFields(accumulator);
                    marks.Clear();
                    copies++;
                }

                if (step % (longRun ? 250 : 7) != 0 && step != steps - 1) continue;
                Hash(accumulator).ShouldBe(Hash(Replay(history, model)), where);
                accumulator.SealedChain.ToString().ShouldBe(ReferenceChain(model), where);
                accumulator.KeptCount.ShouldBe(ReferenceKept(history, model), where);
                checks++;
            }
        }
        (compactions, undos, clones, copies, rerecords).ShouldSatisfyAllConditions(
            () => compactions.ShouldBeGreaterThan(5),
            () => undos.ShouldBeGreaterThan(500),
            () => clones.ShouldBeGreaterThan(300),
            () => copies.ShouldBeGreaterThan(300),
            () => rerecords.ShouldBeGreaterThan(1_000));
        checks.ShouldBeGreaterThan(3_000);
    }

    [Fact]
    public void Accumulators_whose_observations_differ_hash_differently()
    {
        int pairs = 0;
        for (ulong seed = 1; seed <= 300; seed++)
        {
            var random = new DeterministicRandom(seed);
            long history = 1 + (long)random.NextBelow(20);
            var sequence = new List<(long Height, Fixed Price)>();
            long height = 0;
            int count = 2 + (int)random.NextBelow(40);
            for (int i = 0; i < count; i++) sequence.Add((height += 1 + (long)random.NextBelow(4), RandomPrice(random)));

            // One change anywhere, kept or pruned: a price one unit off, a height one block later, one left out.
            var other = new List<(long Height, Fixed Price)>(sequence);
            int at = (int)random.NextBelow((ulong)count);
            switch (random.NextBelow(3))
            {
                case 0: other[at] = (other[at].Height, new Fixed(other[at].Price.Raw + 1)); break;
                case 1:
                    if (at + 1 < count && other[at + 1].Height == other[at].Height + 1) other.RemoveAt(at);
                    else other[at] = (other[at].Height + 1, other[at].Price);
                    break;
                default: other.RemoveAt(at); break;
            }
            if (other.Count == 0) continue;
            Hash(Replay(history, other)).ShouldNotBe(Hash(Replay(history, sequence)), $"seed {seed}: changed at {at} of {count}");
            pairs++;
        }
        pairs.ShouldBeGreaterThan(290);
    }

    [Fact]
    public void The_hash_commits_to_pruned_history_and_to_the_history_length()
    {
        // Same kept window (blocks 10 and 11 at 3, then 4), different observation before it (pruned in both).
        var one = Replay(2, [(1, Fixed.FromInt(1)), (10, Fixed.FromInt(3)), (11, Fixed.FromInt(4)), (12, Fixed.FromInt(5))]);
        var two = Replay(2, [(1, Fixed.FromInt(2)), (10, Fixed.FromInt(3)), (11, Fixed.FromInt(4)), (12, Fixed.FromInt(5))]);
        one.KeptObservations().Select(o => (o.Height, o.Price)).ShouldBe(two.KeptObservations().Select(o => (o.Height, o.Price)));
        Hash(one).ShouldNotBe(Hash(two));

        Hash(new TwapAccumulator(5)).ShouldNotBe(Hash(new TwapAccumulator(6)));
        Hash(Replay(5, [(1, Fixed.One)])).ShouldNotBe(Hash(Replay(6, [(1, Fixed.One)])));
    }

    [Fact]
    public void A_head_is_sha256_of_the_previous_head_and_the_entry()
    {
        var entry = "ballast"u8.ToArray();
        var expected = SHA256.HashData([.. new byte[32], .. entry]);
        HashChain.Empty.Append(entry).ToString().ShouldBe(Convert.ToHexStringLower(expected));
        var second = SHA256.HashData([.. expected, .. entry]);
        HashChain.Empty.Append(entry).Append(entry).ToString().ShouldBe(Convert.ToHexStringLower(second));
        HashChain.Read(second).ToString().ShouldBe(Convert.ToHexStringLower(second));
        Should.Throw<ArgumentException>(() => HashChain.Read(new byte[31]));
    }
}
