using Ballast.Core.Numerics;
using Ballast.Core.State;

namespace Ballast.Core.Tests.State;

/// <summary>
/// A state map enumerates from an array of its entries kept until the next change. Against an independent reference
/// (a plain sorted dictionary given the same writes, and restored from a copy when the map's transaction rolls back),
/// the entries, keys and values read at random moments are always the map's current contents in key order, and a
/// change during an enumeration throws as a sorted dictionary's does.
/// </summary>
public sealed class StateMapEnumerationTests
{
    [Fact]
    public void Enumeration_after_random_writes_commits_and_rollbacks_is_the_current_contents_in_key_order()
    {
        var random = new DeterministicRandom(11);
        var map = new StateMap<int, long>();
        var reference = new SortedDictionary<int, long>();
        var journal = new StateJournal();
        int reads = 0;
        for (int tx = 0; tx < 3_000; tx++)
        {
            var saved = new SortedDictionary<int, long>(reference);
            bool commit = random.NextBelow(3) != 0;
            using (journal.Enter(StateAccess.Recorded))
            {
                int writes = (int)random.NextBelow(6);
                for (int w = 0; w < writes; w++)
                {
                    int key = (int)random.NextBelow(40);
                    switch (random.NextBelow(4))
                    {
                        case 0:
                        case 1:
                            long value = (long)random.NextBelow(1_000);
                            map[key] = value;
                            reference[key] = value;
                            break;
                        case 2:
                            map.Remove(key).ShouldBe(reference.Remove(key));
                            break;
                        default:
                            map.TryAdd(key, -key).ShouldBe(reference.TryAdd(key, -key));
                            break;
                    }
                    // Read in the middle of a transaction too, so the kept array is built and must be dropped by later writes.
                    if (random.NextBelow(3) == 0) { Same(map, reference); reads++; }
                }
            }
            if (commit) journal.CommitForTests();
            else
            {
                journal.RollbackForTests();
                reference = saved;
            }
            Same(map, reference);
            reads++;
        }
        reads.ShouldBeGreaterThan(3_000);
        map.Count.ShouldBeGreaterThan(0);
    }

    private static void Same(StateMap<int, long> map, SortedDictionary<int, long> reference)
    {
        map.ToList().ShouldBe(reference.ToList());
        var entries = new List<KeyValuePair<int, long>>();
        foreach (var entry in map) entries.Add(entry);
        entries.ShouldBe(reference.ToList());
        var keys = new List<int>();
        foreach (var key in map.Keys) keys.Add(key);
        keys.ShouldBe(reference.Keys.ToList());
        var values = new List<long>();
        foreach (var value in map.Values) values.Add(value);
        values.ShouldBe(reference.Values.ToList());
        map.Keys.ToArray().ShouldBe(reference.Keys.ToArray()); // CopyTo
        map.Values.ToArray().ShouldBe(reference.Values.ToArray());
        map.Keys.Count.ShouldBe(reference.Count);
        map.Values.Count().ShouldBe(reference.Count);
    }

    [Fact]
    public void Changing_the_map_while_enumerating_it_throws()
    {
        var map = new StateMap<string, long>();
        map.Add("a", 1);
        map.Add("b", 2);
        Should.Throw<InvalidOperationException>(() => { foreach (var (k, _) in map) map[k + "x"] = 0; });
        Should.Throw<InvalidOperationException>(() => { foreach (var k in map.Keys) map.Remove(k); });
        Should.Throw<InvalidOperationException>(() => { foreach (var v in map.Values) map["a"] = v + 1; });
        // Reading the whole map first, then writing, is the way to change what is being walked.
        foreach (var k in map.Keys.ToList()) map.Remove(k);
        map.Count.ShouldBe(0);
    }

    [Fact]
    public void Keys_are_in_ordinal_order_for_strings()
    {
        var map = new StateMap<string, int>();
        foreach (var k in new[] { "b", "B", "a", "A", "é", "e" }) map.Add(k, 0);
        map.Keys.ToList().ShouldBe(["A", "B", "a", "b", "e", "é"]);
    }
}
