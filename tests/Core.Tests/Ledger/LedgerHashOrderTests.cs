using Ballast.Core.Hashing;
using Ballast.Core.Ledger;
using Ballast.Core.Numerics;

namespace Ballast.Core.Tests.Ledger;

/// <summary>
/// The ledger's hash walks a cached, sorted array of its balance keys (rebuilt only when a key is added or removed)
/// instead of sorting every balance each block. Over random mints, transfers, burns, rollbacks (which remove keys a
/// rolled-back credit added) and clones, it must hash exactly as the definition says: accounts, tokens, then every
/// non-zero balance in (account, token) order, as <see cref="TokenLedger.NonZeroBalances"/> lists them.
/// </summary>
public sealed class LedgerHashOrderTests
{
    private static string Reference(TokenLedger ledger, int accounts, int tokens)
    {
        using var hasher = new StateHasher();
        hasher.Write("ledger");
        hasher.Write(accounts);
        for (int a = 0; a < accounts; a++)
        {
            var info = ledger.Account(new AccountId(a));
            hasher.Write(info.Name);
            hasher.Write((int)info.Kind);
        }
        hasher.Write(tokens);
        for (int t = 0; t < tokens; t++)
        {
            var token = ledger.Token(new TokenId(t));
            hasher.Write(token.Symbol);
            hasher.Write(token.Decimals);
            hasher.Write(token.Issuer);
            hasher.Write(ledger.Minted(token.Id).Units);
            hasher.Write(ledger.Burned(token.Id).Units);
        }
        foreach (var (account, token, balance) in ledger.NonZeroBalances())
        {
            hasher.Write(account.Id.Value);
            hasher.Write(token.Id.Value);
            hasher.Write(balance.Units);
        }
        return hasher.Finish();
    }

    private static string Hash(TokenLedger ledger)
    {
        using var hasher = new StateHasher();
        ledger.WriteHash(hasher);
        return hasher.Finish();
    }

    [Fact]
    public void The_hash_equals_the_definition_over_random_operations_rollbacks_and_clones()
    {
        for (int seed = 0; seed < 200; seed++)
        {
            var random = new Random(seed);
            var ledger = new TokenLedger();
            int tokens = random.Next(1, 4), accounts = random.Next(2, 30);
            for (int t = 0; t < tokens; t++) ledger.CreateToken($"T{t}", 9, "issuer");
            for (int a = 0; a < accounts; a++) ledger.CreateAccount($"acct{a}", AccountKind.User);
            for (int step = 0; step < 300; step++)
            {
                var token = new TokenId(random.Next(tokens));
                var from = new AccountId(random.Next(accounts));
                var to = new AccountId(random.Next(accounts));
                var amount = new Amount((UInt128)random.Next(0, 1_000));
                int checkpoint = ledger.Checkpoint();
                switch (random.Next(4))
                {
                    case 0: ledger.TryMint(to, token, amount); break;
                    case 1: ledger.TryTransfer(from, to, token, amount); break;
                    case 2: ledger.TryBurn(from, token, amount); break;
                    default: ledger.TryTransfer(from, to, token, ledger.BalanceOf(from, token)); break; // empties a balance (a zero stays a key)
                }
                // Now and then hashed inside the transaction (the cache then holds a key the rollback may remove).
                if (random.Next(3) == 0) Hash(ledger).ShouldBe(Reference(ledger, accounts, tokens), $"seed {seed}, step {step}, before a rollback");
                if (random.Next(5) == 0) ledger.RollbackTo(checkpoint); // may remove a key the credit added
                ledger.ClearJournal();
                if (step % 25 == 0 || random.Next(10) == 0)
                    Hash(ledger).ShouldBe(Reference(ledger, accounts, tokens), $"seed {seed}, step {step}");
                if (random.Next(50) == 0)
                {
                    var copy = ledger.Clone();
                    Hash(copy).ShouldBe(Hash(ledger), $"seed {seed}, step {step}: a clone hashes as its original");
                    ledger = copy;
                }
            }
        }
    }
}
