using Ballast.Core.Hashing;
using Ballast.Core.Numerics;
using Ballast.Core.State;

namespace Ballast.Core.Tests.State;

/// <summary>
/// The append-only log's O(1) hash: over random transactions of appends, committed or rolled back, with clones
/// between them, its hash equals that of a log built by appending the surviving items afresh; its head is the chain
/// of the items' canonical encodings; logs whose items differ hash differently.
/// </summary>
public sealed class StateLogTests
{
    private sealed record Entry(string Name, Amount Value, Fixed? Price);

    private static string Hash(StateLog<Entry> log)
    {
        using var h = new StateHasher();
        log.WriteHash(h);
        return h.Finish();
    }

    private static StateLog<Entry> Fresh(IEnumerable<Entry> items)
    {
        var log = new StateLog<Entry>();
        foreach (var item in items) log.Add(item);
        return log;
    }

    private static Entry RandomEntry(DeterministicRandom random) =>
        new("e" + random.NextBelow(20), new Amount(random.NextBelow(1_000_000)), random.NextBelow(3) == 0 ? null : Fixed.FromInt((long)random.NextBelow(100)));

    [Fact]
    public void Hash_equals_a_fresh_log_of_the_surviving_items_through_rollbacks_and_clones()
    {
        var random = new DeterministicRandom(11);
        var log = new StateLog<Entry>();
        var model = new List<Entry>();
        var journal = new StateJournal();
        int rolledBack = 0, cloned = 0;
        for (int tx = 0; tx < 1_500; tx++)
        {
            int appends = (int)random.NextBelow(4);
            var added = new List<Entry>();
            using (journal.Enter(StateAccess.Recorded))
                for (int a = 0; a < appends; a++) { var e = RandomEntry(random); log.Add(e); added.Add(e); }
            if (random.NextBelow(3) == 0) { journal.RollbackForTests(); rolledBack++; }
            else { journal.CommitForTests(); model.AddRange(added); }
            if (random.NextBelow(10) == 0) { log = (StateLog<Entry>)log.DeepClone(); cloned++; }

            log.ToList().ShouldBe(model, $"transaction {tx}");
            if (tx % 25 == 0 || tx == 1_499) Hash(log).ShouldBe(Hash(Fresh(model)), $"transaction {tx}");
        }
        (rolledBack, cloned, model.Count).ShouldSatisfyAllConditions(
            () => rolledBack.ShouldBeGreaterThan(300), () => cloned.ShouldBeGreaterThan(100), () => model.Count.ShouldBeGreaterThan(800));
    }

    [Fact]
    public void The_head_chains_the_canonical_encoding_of_each_item()
    {
        var items = new[] { new Entry("a", new Amount(1), null), new Entry("b", new Amount(2), Fixed.One) };
        var head = HashChain.Empty;
        foreach (var item in items)
        {
            using var h = new StateHasher();
            h.Write(head);
            StateSchema.WriteTyped(h, item);
            head = HashChain.Read(Convert.FromHexString(h.Finish()));
        }
        Fresh(items).Head.ShouldBe(head);
        Fresh([]).Head.ShouldBe(HashChain.Empty);
    }

    [Fact]
    public void Logs_whose_items_differ_hash_differently()
    {
        var random = new DeterministicRandom(5);
        for (int trial = 0; trial < 200; trial++)
        {
            var items = Enumerable.Range(0, 1 + (int)random.NextBelow(12)).Select(_ => RandomEntry(random)).ToList();
            var other = new List<Entry>(items);
            int at = (int)random.NextBelow((ulong)items.Count);
            switch (random.NextBelow(3))
            {
                case 0: other[at] = other[at] with { Value = other[at].Value + new Amount(1) }; break;
                case 1: other.RemoveAt(at); break;
                default:
                    if (items.Count < 2) { other.Add(items[0]); break; }
                    (other[0], other[^1]) = (other[^1], other[0]);
                    if (other.SequenceEqual(items)) other.Add(items[0]);
                    break;
            }
            Hash(Fresh(other)).ShouldNotBe(Hash(Fresh(items)), $"trial {trial}");
        }
    }
}
