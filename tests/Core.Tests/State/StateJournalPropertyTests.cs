using Ballast.Core.Hashing;
using Ballast.Core.Numerics;
using Ballast.Core.State;

namespace Ballast.Core.Tests.State;

/// <summary>
/// The journal against an independent reference: random writes to nested state objects, maps and lists inside a
/// "transaction" are either committed (the result equals the same writes applied to a deep copy with no journal) or
/// rolled back (the hash, the clone and every field are as before), whatever the mix of writes.
/// </summary>
public sealed class StateJournalPropertyTests
{
    private sealed class Account : StateObject
    {
        public required string Name { get; init; }
        public Amount Balance { get; set => Set(ref field, value); }
        public long Nonce { get; set => Set(ref field, value); }
        public Fixed? Price { get; set => Set(ref field, value); }
    }

    private sealed class Root : Ballast.Core.Modules.ModuleState
    {
        public long Counter { get; set => Set(ref field, value); }
        public string Label { get; set => Set(ref field, value); } = "";
        public StateMap<string, Account> Accounts { get; } = new();
        public StateMap<int, long> Numbers { get; } = new();
        public StateList<string> Log { get; } = new();
    }

    private static string Hash(Root root)
    {
        using var h = new StateHasher();
        root.WriteHash(h);
        return h.Finish();
    }

    /// <summary>One random write; the same draws give the same write on any copy.</summary>
    private static void RandomWrite(Root root, DeterministicRandom random)
    {
        switch (random.NextBelow(9))
        {
            case 0: root.Counter += (long)random.NextBelow(1_000) - 500; break;
            case 1: root.Label = "l" + random.NextBelow(50); break;
            case 2:
            {
                var name = "a" + random.NextBelow(12);
                if (!root.Accounts.ContainsKey(name)) root.Accounts.Add(name, new Account { Name = name });
                break;
            }
            case 3:
                root.Accounts.Remove("a" + random.NextBelow(12));
                break;
            case 4:
            {
                if (root.Accounts.TryGetValue("a" + random.NextBelow(12), out var a)) { a.Balance += new Amount(random.NextBelow(1_000_000)); a.Nonce++; }
                break;
            }
            case 5:
            {
                if (root.Accounts.TryGetValue("a" + random.NextBelow(12), out var a)) a.Price = random.NextBelow(3) == 0 ? null : Fixed.FromInt((long)random.NextBelow(100));
                break;
            }
            case 6: root.Numbers[(int)random.NextBelow(20)] = (long)random.NextBelow(1_000); break;
            case 7: root.Numbers.Remove((int)random.NextBelow(20)); break;
            default:
                if (root.Log.Count > 0 && random.NextBelow(3) == 0) root.Log.RemoveAt((int)random.NextBelow((ulong)root.Log.Count));
                else root.Log.Add("e" + random.NextBelow(100));
                break;
        }
    }

    [Fact]
    public void Rolled_back_transactions_restore_everything_and_committed_ones_match_an_unjournaled_copy()
    {
        var random = new DeterministicRandom(7);
        var root = new Root();
        var journal = new StateJournal();
        for (int tx = 0; tx < 2_000; tx++)
        {
            var before = Hash(root);
            var reference = (Root)root.Clone();
            var seed = random.NextUInt64();
            int writes = (int)random.NextBelow(12);
            bool commit = random.NextBelow(2) == 0;
            using (journal.Enter(StateAccess.Recorded))
            {
                var draws = new DeterministicRandom(seed);
                for (int w = 0; w < writes; w++) RandomWrite(root, draws);
            }
            var refDraws = new DeterministicRandom(seed);
            for (int w = 0; w < writes; w++) RandomWrite(reference, refDraws); // no journal is current: plain writes

            if (commit)
            {
                journal.CommitForTests();
                Hash(root).ShouldBe(Hash(reference), $"transaction {tx}: committed writes differ from the plain copy");
            }
            else
            {
                journal.RollbackForTests();
                Hash(root).ShouldBe(before, $"transaction {tx}: a rolled-back transaction left a trace");
            }
            journal.HasWrites.ShouldBeFalse();
        }
        root.Accounts.Count.ShouldBeGreaterThan(0);
        root.Log.Count.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void A_clone_is_deep_and_independent_of_later_writes()
    {
        var root = new Root { Counter = 3, Label = "x" };
        root.Accounts.Add("a", new Account { Name = "a", Balance = new Amount(5) });
        root.Log.Add("one");
        var copy = (Root)root.Clone();
        var hash = Hash(copy);
        root.Accounts["a"].Balance = new Amount(6);
        root.Accounts.Add("b", new Account { Name = "b" });
        root.Log.Add("two");
        root.Counter = 4;
        Hash(copy).ShouldBe(hash);
        copy.Accounts["a"].Balance.ShouldBe(new Amount(5));
    }

    [Fact]
    public void Every_declared_field_is_in_the_hash()
    {
        var root = new Root();
        var baseline = Hash(root);
        foreach (var change in new Action<Root>[]
        {
            r => r.Counter = 1, r => r.Label = "y", r => r.Accounts.Add("a", new Account { Name = "a" }), r => r.Numbers[1] = 0, r => r.Log.Add(""),
        })
        {
            var copy = (Root)root.Clone();
            change(copy);
            Hash(copy).ShouldNotBe(baseline);
        }
        var withAccount = (Root)root.Clone();
        withAccount.Accounts.Add("a", new Account { Name = "a" });
        var accountHash = Hash(withAccount);
        foreach (var change in new Action<Account>[] { a => a.Balance = new Amount(1), a => a.Nonce = 1, a => a.Price = Fixed.Zero })
        {
            var copy = (Root)withAccount.Clone();
            change(copy.Accounts["a"]);
            Hash(copy).ShouldNotBe(accountHash);
        }
    }

    [Fact]
    public void Writes_under_a_read_only_journal_are_refused_and_change_nothing()
    {
        var root = new Root { Counter = 1 };
        root.Accounts.Add("a", new Account { Name = "a" });
        var hash = Hash(root);
        var journal = new StateJournal();
        using (journal.Enter(StateAccess.ReadOnly))
        {
            Should.Throw<StateWriteRefusedException>(() => root.Counter = 2);
            Should.Throw<StateWriteRefusedException>(() => root.Accounts.Remove("a"));
            Should.Throw<StateWriteRefusedException>(() => root.Accounts["a"].Nonce = 3);
            Should.Throw<StateWriteRefusedException>(() => root.Log.Add("x"));
            root.Counter.ShouldBe(1); // reads work
        }
        Hash(root).ShouldBe(hash);
    }
}
