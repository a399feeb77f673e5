using Ballast.Core.State;

namespace Ballast.Core.Tests.State;

/// <summary>
/// The chunk list against <see cref="List{T}"/>: random appends, last-element writes, prefix removals, truncations and
/// clones (of clones) across a family of lists that share chunks. After every edit every list of the family equals its
/// own reference, so a write through one list never shows in another, whatever chunk they share.
/// </summary>
public sealed class CopyOnWriteChunkListTests
{
    private const int Chunk = CopyOnWriteChunkList<long>.ChunkSize;

    private static void ShouldMatch(CopyOnWriteChunkList<long> list, List<long> reference, string where, bool enumerate)
    {
        list.Count.ShouldBe(reference.Count, where);
        for (int i = 0; i < reference.Count; i++)
            if (list[i] != reference[i]) throw new ShouldAssertException($"{where}: element {i} is {list[i]}, the reference has {reference[i]}");
        if (enumerate && !list.From(0).SequenceEqual(reference)) throw new ShouldAssertException($"{where}: enumeration differs from the indexer");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void A_family_of_clones_behaves_as_independent_lists(int seed)
    {
        var random = new Random(seed);
        var family = new List<(CopyOnWriteChunkList<long> List, List<long> Reference)> { (new(), []) };
        long next = 1;
        int clonesShared = 0;
        for (int step = 0; step < 2_000; step++)
        {
            int who = random.Next(family.Count);
            var (list, reference) = family[who];
            int op = random.Next(100);
            string what;
            if (op < 55)
            {
                // Appends in runs, so lists cross chunk boundaries often.
                int run = random.Next(1, random.Next(2) == 0 ? 8 : 2 * Chunk);
                for (int i = 0; i < run; i++, next++)
                {
                    list.Add(next);
                    reference.Add(next);
                }
                what = $"add {run}";
            }
            else if (op < 70 && reference.Count > 0)
            {
                list.SetLast(-next);
                reference[^1] = -next++;
                what = "set last";
            }
            else if (op < 78 && reference.Count > 0)
            {
                int count = random.Next(reference.Count + 1);
                list.RemovePrefix(count);
                reference.RemoveRange(0, count);
                what = $"remove prefix {count}";
            }
            else if (op < 88 && reference.Count > 0)
            {
                int count = random.Next(reference.Count + 1);
                list.Truncate(count);
                reference.RemoveRange(count, reference.Count - count);
                what = $"truncate to {count}";
            }
            else if (op < 98)
            {
                int start = random.Next(reference.Count + 1);
                var clone = list.Clone(start);
                // A family of at most eight: a new clone then takes the place of another member (never its source).
                var member = (clone, reference.GetRange(start, reference.Count - start));
                if (family.Count < 8) family.Add(member);
                else family[(who + 1 + random.Next(family.Count - 1)) % family.Count] = member;
                if (clone.SharedChunks > 0) clonesShared++;
                what = $"clone from {start}";
            }
            else
            {
                list.Clear();
                reference.Clear();
                what = "clear";
            }
            for (int f = 0; f < family.Count; f++) ShouldMatch(family[f].List, family[f].Reference, $"seed {seed}, step {step} ({what} on list {who}), list {f}", step % 100 == 0);
        }
        clonesShared.ShouldBeGreaterThan(50, "the walk must clone lists that share chunks, or it tests nothing of the sharing");
    }

    [Fact]
    public void A_clone_copies_references_not_elements_and_each_side_copies_a_chunk_before_writing_it()
    {
        var list = new CopyOnWriteChunkList<long>();
        for (int i = 0; i < 10 * Chunk + 5; i++) list.Add(i);
        var clone = list.Clone(3 * Chunk + 7);
        clone.SharedChunks.ShouldBe(8); // chunks 3..10 of the original
        list.SharedChunks.ShouldBe(11);
        clone.Count.ShouldBe(7 * Chunk - 2);
        clone[0].ShouldBe(3 * Chunk + 7);

        // An append into the partly filled last chunk copies that chunk only, on the side that writes.
        list.Add(-1);
        list.SharedChunks.ShouldBe(10);
        clone.SharedChunks.ShouldBe(8);
        clone.Count.ShouldBe(7 * Chunk - 2);
        clone.Last.ShouldBe(10 * Chunk + 4);
        clone.Add(-2);
        clone.SharedChunks.ShouldBe(7);
        list[10 * Chunk + 5].ShouldBe(-1);
        clone.Last.ShouldBe(-2);

        // Truncating back into a shared chunk, then writing, copies that chunk.
        list.Truncate(5 * Chunk + 1);
        list.SharedChunks.ShouldBe(6);
        list.SetLast(-3);
        list.SharedChunks.ShouldBe(5);
        clone[2 * Chunk - 7].ShouldBe(5 * Chunk);
        list[5 * Chunk].ShouldBe(-3);
    }

    [Fact]
    public void Removing_a_prefix_releases_whole_chunks()
    {
        var list = new CopyOnWriteChunkList<long>();
        for (int i = 0; i < 4 * Chunk; i++) list.Add(i);
        list.Clone().SharedChunks.ShouldBe(4);
        list.RemovePrefix(2 * Chunk + 3);
        list.SharedChunks.ShouldBe(2);
        list.Count.ShouldBe(2 * Chunk - 3);
        list[0].ShouldBe(2 * Chunk + 3);
        Should.Throw<ArgumentOutOfRangeException>(() => list[2 * Chunk - 3]);
        Should.Throw<ArgumentOutOfRangeException>(() => list.RemovePrefix(2 * Chunk));
        Should.Throw<InvalidOperationException>(() => new CopyOnWriteChunkList<long>().SetLast(1));
    }
}
