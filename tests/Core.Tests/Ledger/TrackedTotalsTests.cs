using System.Reflection;
using Ballast.Core.Ledger;
using Ballast.Core.Numerics;

namespace Ballast.Core.Tests.Ledger;

/// <summary>
/// The per-token totals the ledger keeps incrementally (what the per-block O(tokens) conservation check reads) against
/// the full scan of every balance, after random sequences of mints, burns, transfers, new accounts and tokens, with
/// transactions rolled back at random.
/// </summary>
public class TrackedTotalsTests
{
    private static UInt128 ScannedTotal(TokenLedger ledger, TokenId token)
    {
        UInt128 sum = 0;
        foreach (var (_, t, balance) in ledger.NonZeroBalances())
            if (t.Id == token) sum += balance.Units;
        return sum;
    }

    [Fact]
    public void Kept_totals_equal_the_sum_of_balances_after_random_sequences_with_rollbacks()
    {
        int rolledBack = 0, operations = 0;
        for (ulong seed = 1; seed <= 200; seed++)
        {
            var rng = new DeterministicRandom(seed * 7919);
            var ledger = new TokenLedger();
            ledger.CreateToken("T0", 9, "x");
            for (int i = 0; i < 4; i++) ledger.CreateAccount($"u{i}", AccountKind.User);
            ledger.ClearJournal();
            for (int tx = 0; tx < 40; tx++)
            {
                int checkpoint = ledger.Checkpoint();
                for (int op = 0; op < 1 + (int)rng.NextBelow(8); op++, operations++)
                {
                    var a = new AccountId((int)rng.NextBelow((ulong)ledger.AccountCount));
                    var b = new AccountId((int)rng.NextBelow((ulong)ledger.AccountCount));
                    var token = new TokenId((int)rng.NextBelow((ulong)ledger.TokenCount));
                    var held = ledger.BalanceOf(a, token).Units;
                    var amount = new Amount(rng.NextBelow(3) == 0 ? held : (UInt128)rng.NextBelow(5_000));
                    switch (rng.NextBelow(6))
                    {
                        case 0: case 1: ledger.TryMint(a, token, amount); break;
                        case 2: ledger.TryBurn(a, token, amount); break;
                        case 3: case 4: ledger.TryTransfer(a, b, token, amount); break;
                        default:
                            if (rng.NextBelow(2) == 0) ledger.CreateAccount($"n{seed}-{tx}-{op}", AccountKind.User);
                            else ledger.CreateToken($"T{seed}-{tx}-{op}", 9, "x");
                            break;
                    }
                }
                if (rng.NextBelow(3) == 0) { ledger.RollbackTo(checkpoint); rolledBack++; }
                ledger.ClearJournal();
                foreach (var token in ledger.Tokens)
                {
                    ledger.TrackedTotal(token.Id).Units.ShouldBe(ScannedTotal(ledger, token.Id), $"seed {seed}, transaction {tx}, {token.Symbol}");
                    ledger.TrackedTotal(token.Id).ShouldBe(ledger.Supply(token.Id));
                }
                ledger.CheckTrackedConservation().ShouldBeEmpty();
                ledger.CheckConservation().ShouldBeEmpty();
            }
            // A clone carries the totals.
            var copy = ledger.Clone();
            foreach (var token in ledger.Tokens) copy.TrackedTotal(token.Id).ShouldBe(ledger.TrackedTotal(token.Id));
        }
        rolledBack.ShouldBeGreaterThan(1_000);
        operations.ShouldBeGreaterThan(20_000);
    }

    [Fact]
    public void A_balance_written_behind_the_ledger_is_caught_by_the_full_scan_not_by_the_kept_totals()
    {
        var ledger = new TokenLedger();
        var t = ledger.CreateToken("TAO", 9, "engine");
        var a = ledger.CreateAccount("a", AccountKind.User);
        ledger.TryMint(a, t, new Amount(1_000)).ShouldBeTrue();
        ledger.ClearJournal();
        var balances = (Dictionary<long, UInt128>)typeof(TokenLedger).GetField("_balances", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(ledger)!;
        balances[(long)a.Value << 32] += 1;
        ledger.CheckTrackedConservation().ShouldBeEmpty(); // by design: the totals move only through credits and debits
        var violation = ledger.CheckConservation().Single();
        violation.SumOfBalances.ShouldBe(new Amount(1_001));
        violation.TrackedTotal.ShouldBe(new Amount(1_000));
        violation.ToString().ShouldContain("kept total");
    }

    [Fact]
    public void Supply_bookkeeping_that_disagrees_with_the_balances_is_caught_by_both_checks()
    {
        var ledger = new TokenLedger();
        var t = ledger.CreateToken("TAO", 9, "engine");
        var a = ledger.CreateAccount("a", AccountKind.User);
        ledger.TryMint(a, t, new Amount(1_000)).ShouldBeTrue();
        ledger.ClearJournal();
        var minted = (List<UInt128>)typeof(TokenLedger).GetField("_minted", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(ledger)!;
        minted[t.Value] += 5;
        ledger.CheckTrackedConservation().Single().Token.ShouldBe("TAO");
        ledger.CheckConservation().Single().Minted.ShouldBe(new Amount(1_005));
    }
}
