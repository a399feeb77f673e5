using Ballast.Core.Ledger;
using Ballast.Core.Numerics;

namespace Ballast.Core.Tests.Ledger;

public class TokenLedgerTests
{
    private static (TokenLedger Ledger, AccountId A, AccountId B, TokenId T) Fresh()
    {
        var ledger = new TokenLedger();
        var t = ledger.CreateToken("TAO", 9, "engine");
        var a = ledger.CreateAccount("a", AccountKind.User);
        var b = ledger.CreateAccount("b", AccountKind.User);
        ledger.ClearJournal();
        return (ledger, a, b, t);
    }

    private static string Dump(TokenLedger ledger) =>
        string.Join("|", ledger.Accounts.Select(a => $"{a.Name}:{a.Kind}")) + "#" +
        string.Join("|", ledger.Tokens.Select(t => $"{t.Symbol}:{ledger.Minted(t.Id)}:{ledger.Burned(t.Id)}")) + "#" +
        string.Join("|", ledger.NonZeroBalances().Select(x => $"{x.Account.Name}/{x.Token.Symbol}={x.Balance}"));

    [Fact]
    public void Mint_and_burn_move_supply_and_keep_balances_adding_up()
    {
        var (ledger, a, b, t) = Fresh();
        ledger.TryMint(a, t, new Amount(1_000)).ShouldBeTrue();
        ledger.TryTransfer(a, b, t, new Amount(300)).ShouldBeTrue();
        ledger.TryBurn(b, t, new Amount(100)).ShouldBeTrue();
        ledger.BalanceOf(a, t).ShouldBe(new Amount(700));
        ledger.BalanceOf(b, t).ShouldBe(new Amount(200));
        ledger.Minted(t).ShouldBe(new Amount(1_000));
        ledger.Burned(t).ShouldBe(new Amount(100));
        ledger.Supply(t).ShouldBe(new Amount(900));
        ledger.CheckConservation().ShouldBeEmpty();
    }

    [Fact]
    public void Transfer_beyond_balance_is_refused_and_changes_nothing()
    {
        var (ledger, a, b, t) = Fresh();
        ledger.TryMint(a, t, new Amount(10)).ShouldBeTrue();
        ledger.ClearJournal();
        var before = Dump(ledger);
        ledger.TryTransfer(a, b, t, new Amount(11)).ShouldBeFalse();
        ledger.TryBurn(a, t, new Amount(11)).ShouldBeFalse();
        ledger.TryTransfer(b, a, t, new Amount(1)).ShouldBeFalse(); // b never held the token
        ledger.Checkpoint().ShouldBe(0);
        Dump(ledger).ShouldBe(before);
    }

    [Fact]
    public void Mint_that_would_take_supply_past_128_bits_is_refused()
    {
        var (ledger, a, _, t) = Fresh();
        ledger.TryMint(a, t, new Amount(UInt128.MaxValue - 5)).ShouldBeTrue();
        ledger.TryMint(a, t, new Amount(6)).ShouldBeFalse();
        ledger.TryMint(a, t, new Amount(5)).ShouldBeTrue();
        ledger.Supply(t).Units.ShouldBe(UInt128.MaxValue);
    }

    [Fact]
    public void Rollback_undoes_every_kind_of_change_back_to_the_checkpoint_only()
    {
        var (ledger, a, b, t) = Fresh();
        ledger.TryMint(a, t, new Amount(50)).ShouldBeTrue();
        var kept = Dump(ledger);
        int checkpoint = ledger.Checkpoint();

        var c = ledger.CreateAccount("c", AccountKind.User);
        var pool = ledger.GetOrCreateModuleAccount("pool:1");
        var alpha = ledger.CreateToken("ALPHA", 9, "pools");
        ledger.TryMint(pool, alpha, new Amount(7)).ShouldBeTrue();
        ledger.TryTransfer(a, c, t, new Amount(20)).ShouldBeTrue();
        ledger.TryTransfer(a, b, t, new Amount(30)).ShouldBeTrue(); // drains a to zero
        ledger.TryBurn(b, t, new Amount(5)).ShouldBeTrue();
        ledger.TryMint(b, t, new Amount(1)).ShouldBeTrue();

        ledger.RollbackTo(checkpoint);
        Dump(ledger).ShouldBe(kept);
        ledger.Checkpoint().ShouldBe(checkpoint);
        ledger.TryGetAccount("c", out _).ShouldBeFalse();
        ledger.TryGetAccount("pool:1", out _).ShouldBeFalse();
        ledger.TryGetToken("ALPHA", out _).ShouldBeFalse();
        ledger.CheckConservation().ShouldBeEmpty();

        // The names are free again and get the same dense ids.
        ledger.CreateAccount("c", AccountKind.User).ShouldBe(c);
        ledger.CreateToken("ALPHA", 9, "pools").ShouldBe(alpha);
    }

    [Fact]
    public void Clear_journal_keeps_the_changes()
    {
        var (ledger, a, _, t) = Fresh();
        ledger.TryMint(a, t, new Amount(5)).ShouldBeTrue();
        ledger.ClearJournal();
        ledger.RollbackTo(0);
        ledger.BalanceOf(a, t).ShouldBe(new Amount(5));
    }

    [Fact]
    public void Clone_is_independent_and_refused_inside_a_transaction()
    {
        var (ledger, a, b, t) = Fresh();
        ledger.TryMint(a, t, new Amount(5)).ShouldBeTrue();
        Should.Throw<InvalidOperationException>(() => ledger.Clone());
        ledger.ClearJournal();

        var copy = ledger.Clone();
        Dump(copy).ShouldBe(Dump(ledger));
        copy.TryTransfer(a, b, t, new Amount(5)).ShouldBeTrue();
        copy.CreateAccount("z", AccountKind.User);
        ledger.BalanceOf(a, t).ShouldBe(new Amount(5));
        ledger.TryGetAccount("z", out _).ShouldBeFalse();
    }

    [Fact]
    public void Non_zero_balances_come_in_account_then_token_order_and_skip_emptied_balances()
    {
        var (ledger, a, b, t) = Fresh();
        var u = ledger.CreateToken("USD", 6, "bridge");
        ledger.TryMint(b, u, new Amount(3)).ShouldBeTrue();
        ledger.TryMint(b, t, new Amount(2)).ShouldBeTrue();
        ledger.TryMint(a, u, new Amount(1)).ShouldBeTrue();
        ledger.TryMint(a, t, new Amount(4)).ShouldBeTrue();
        ledger.TryTransfer(a, b, t, new Amount(4)).ShouldBeTrue();
        ledger.NonZeroBalances().Select(x => $"{x.Account.Name}/{x.Token.Symbol}={x.Balance}")
            .ShouldBe(["a/USD=1", "b/TAO=6", "b/USD=3"]);
    }

    [Fact]
    public void Balances_of_accounts_and_tokens_with_large_ids_are_kept_apart()
    {
        // Keys pack the account id in the high 32 bits and the token id in the low 32 bits.
        var ledger = new TokenLedger();
        var tokens = Enumerable.Range(0, 40).Select(i => ledger.CreateToken($"T{i}", 9, "x")).ToList();
        var accounts = Enumerable.Range(0, 70_000).Select(i => ledger.CreateAccount($"u{i}", AccountKind.User)).ToList();
        foreach (var i in new[] { 0, 1, 65_535, 65_536, 69_999 })
            foreach (var j in new[] { 0, 1, 39 })
                ledger.TryMint(accounts[i], tokens[j], new Amount((ulong)(i * 100 + j + 1))).ShouldBeTrue();
        ledger.CheckConservation().ShouldBeEmpty();
        foreach (var (account, token, balance) in ledger.NonZeroBalances())
            balance.ShouldBe(new Amount((ulong)(account.Id.Value * 100 + token.Id.Value + 1)));
        ledger.NonZeroBalances().Count().ShouldBe(15);
        ledger.BalanceOf(accounts[65_536], tokens[1]).ShouldBe(new Amount(6_553_602));
    }

    [Fact]
    public void Module_accounts_are_created_once_and_never_over_a_user_account()
    {
        var (ledger, _, _, _) = Fresh();
        var pool = ledger.GetOrCreateModuleAccount("pool:1");
        ledger.GetOrCreateModuleAccount("pool:1").ShouldBe(pool);
        ledger.Account(pool).Kind.ShouldBe(AccountKind.Module);
        Should.Throw<InvalidOperationException>(() => ledger.GetOrCreateModuleAccount("a"));
        Should.Throw<InvalidOperationException>(() => ledger.CreateAccount("a", AccountKind.User));
        Should.Throw<InvalidOperationException>(() => ledger.CreateToken("TAO", 9, "x"));
    }

    [Fact]
    public void Random_operations_with_rollbacks_match_a_simple_model()
    {
        for (ulong seed = 1; seed <= 300; seed++)
        {
            var rng = new DeterministicRandom(seed);
            var ledger = new TokenLedger();
            ledger.CreateToken("T0", 9, "x");
            ledger.CreateAccount("u0", AccountKind.User);
            ledger.ClearJournal();
            for (int tx = 0; tx < 30; tx++)
            {
                var before = Dump(ledger);
                int checkpoint = ledger.Checkpoint();
                bool rollback = rng.NextBelow(3) == 0;
                for (int op = 0; op < 6; op++)
                {
                    var account = new AccountId((int)rng.NextBelow((ulong)ledger.AccountCount));
                    var other = new AccountId((int)rng.NextBelow((ulong)ledger.AccountCount));
                    var token = new TokenId((int)rng.NextBelow((ulong)ledger.TokenCount));
                    var balance = ledger.BalanceOf(account, token).Units;
                    var amount = new Amount(rng.NextBelow(4) switch
                    {
                        0 => balance,
                        1 => balance + 1,
                        _ => (UInt128)rng.NextBelow(1_000),
                    });
                    var (fromBefore, toBefore) = (ledger.BalanceOf(account, token), ledger.BalanceOf(other, token));
                    switch (rng.NextBelow(5))
                    {
                        case 0:
                            ledger.TryMint(account, token, amount).ShouldBeTrue();
                            ledger.BalanceOf(account, token).ShouldBe(fromBefore + amount);
                            break;
                        case 1:
                            ledger.TryBurn(account, token, amount).ShouldBe(amount <= fromBefore);
                            break;
                        case 2:
                            bool moved = ledger.TryTransfer(account, other, token, amount);
                            moved.ShouldBe(amount <= fromBefore);
                            if (moved && account != other) ledger.BalanceOf(other, token).ShouldBe(toBefore + amount);
                            if (account == other) ledger.BalanceOf(account, token).ShouldBe(fromBefore);
                            break;
                        case 3:
                            ledger.CreateAccount($"u{ledger.AccountCount}-{tx}", AccountKind.User);
                            break;
                        default:
                            ledger.CreateToken($"T{ledger.TokenCount}-{tx}", 9, "x");
                            break;
                    }
                    ledger.CheckConservation().ShouldBeEmpty();
                }
                if (rollback)
                {
                    ledger.RollbackTo(checkpoint);
                    Dump(ledger).ShouldBe(before, $"seed {seed}, transaction {tx}");
                }
                ledger.ClearJournal();
            }
        }
    }
}
