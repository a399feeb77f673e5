using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Ballast.Core.Hashing;
using Ballast.Core.Numerics;

namespace Ballast.Core.Ledger;

/// <summary>
/// Balances of every account in every token, with per-token minted and burned totals.
/// Every change inside a transaction is journaled, so a rejected transaction is rolled back to the unit
/// (<see cref="Checkpoint"/> / <see cref="RollbackTo"/>). Balances are unsigned: a debit beyond the balance is
/// refused by <see cref="TryDebit"/>, never wrapped.
/// </summary>
public sealed class TokenLedger : ILedgerView
{
    private readonly List<AccountInfo> _accounts = [];
    private readonly Dictionary<string, AccountId> _accountsByName = new(StringComparer.Ordinal);
    private readonly List<TokenInfo> _tokens = [];
    private readonly Dictionary<string, TokenId> _tokensBySymbol = new(StringComparer.Ordinal);
    private readonly Dictionary<long, UInt128> _balances = [];

    // Every key of _balances in order, for the state hash; null once a key is added or removed. Keys are added far less
    // often than balances change (a new holder of a token), so the hash of each block walks this array instead of
    // sorting every balance again (that sort was most of what a block's state hash allocated).
    private long[]? _sortedKeys;
    private readonly List<UInt128> _minted = [];
    private readonly List<UInt128> _burned = [];
    // Σ balances per token, kept by every credit and debit (and undone by a rollback), so conservation is checked in
    // O(tokens) each block; CheckConservation still recomputes the sums from the balances themselves.
    private readonly List<UInt128> _totals = [];
    private readonly List<JournalEntry> _journal = [];

    private enum JournalKind : byte { Balance, Minted, Burned, AccountCreated, TokenCreated }

    private readonly record struct JournalEntry(JournalKind Kind, long Key, UInt128 Previous, bool Existed);

    public int AccountCount => _accounts.Count;
    public int TokenCount => _tokens.Count;
    public IReadOnlyList<AccountInfo> Accounts => _accounts;
    public IReadOnlyList<TokenInfo> Tokens => _tokens;

    // ---------- registries ----------

    public AccountId CreateAccount(string name, AccountKind kind)
    {
        if (_accountsByName.ContainsKey(name)) throw new InvalidOperationException($"account '{name}' exists");
        var id = new AccountId(_accounts.Count);
        _accounts.Add(new AccountInfo(id, name, kind));
        _accountsByName.Add(name, id);
        _journal.Add(new JournalEntry(JournalKind.AccountCreated, id.Value, default, false));
        return id;
    }

    /// <summary>The module account of that name, created on first use (pools, vaults and treasuries).</summary>
    public AccountId GetOrCreateModuleAccount(string name)
    {
        if (_accountsByName.TryGetValue(name, out var id))
        {
            if (_accounts[id.Value].Kind != AccountKind.Module)
                throw new InvalidOperationException($"'{name}' is a user account, not a module account");
            return id;
        }
        return CreateAccount(name, AccountKind.Module);
    }

    public bool TryGetAccount(string name, out AccountId id) => _accountsByName.TryGetValue(name, out id);
    public AccountInfo Account(AccountId id) => _accounts[id.Value];

    public TokenId CreateToken(string symbol, int decimals, string issuer)
    {
        if (_tokensBySymbol.ContainsKey(symbol)) throw new InvalidOperationException($"token '{symbol}' exists");
        var id = new TokenId(_tokens.Count);
        _tokens.Add(new TokenInfo(id, symbol, decimals, issuer));
        _tokensBySymbol.Add(symbol, id);
        _minted.Add(UInt128.Zero);
        _burned.Add(UInt128.Zero);
        _totals.Add(UInt128.Zero);
        _journal.Add(new JournalEntry(JournalKind.TokenCreated, id.Value, default, false));
        return id;
    }

    public bool TryGetToken(string symbol, out TokenId id) => _tokensBySymbol.TryGetValue(symbol, out id);
    public TokenInfo Token(TokenId id) => _tokens[id.Value];

    // ---------- balances ----------

    private static long Key(AccountId account, TokenId token) => ((long)account.Value << 32) | unchecked((uint)token.Value);

    // The low 32 bits of a key: the token id. Truncation is intended, so it must not be a checked conversion
    // (the engine projects compile with overflow checks, where (uint)key throws for every account id above 0).
    private static int TokenOf(long key) => unchecked((int)(uint)key);

    public Amount BalanceOf(AccountId account, TokenId token) =>
        _balances.TryGetValue(Key(account, token), out var units) ? new Amount(units) : Amount.Zero;

    public Amount Minted(TokenId token) => new(_minted[token.Value]);
    public Amount Burned(TokenId token) => new(_burned[token.Value]);

    /// <summary>Minted − burned: what all balances of the token must add up to.</summary>
    public Amount Supply(TokenId token) => new(_minted[token.Value] - _burned[token.Value]);

    /// <summary>Σ balances of the token as the ledger keeps it incrementally (credits add, debits subtract, rollbacks undo).</summary>
    public Amount TrackedTotal(TokenId token) => new(_totals[token.Value]);

    /// <summary>Moves <paramref name="amount"/>; false (and nothing changed) when <paramref name="from"/> holds less.</summary>
    public bool TryTransfer(AccountId from, AccountId to, TokenId token, Amount amount)
    {
        if (!TryDebit(from, token, amount)) return false;
        Credit(to, token, amount);
        return true;
    }

    public bool TryMint(AccountId to, TokenId token, Amount amount)
    {
        var minted = _minted[token.Value];
        var supply = minted - _burned[token.Value];
        if (UInt128.MaxValue - supply < amount.Units) return false;
        _journal.Add(new JournalEntry(JournalKind.Minted, token.Value, minted, true));
        _minted[token.Value] = minted + amount.Units;
        Credit(to, token, amount);
        return true;
    }

    public bool TryBurn(AccountId from, TokenId token, Amount amount)
    {
        if (!TryDebit(from, token, amount)) return false;
        var burned = _burned[token.Value];
        _journal.Add(new JournalEntry(JournalKind.Burned, token.Value, burned, true));
        _burned[token.Value] = burned + amount.Units;
        return true;
    }

    private bool TryDebit(AccountId account, TokenId token, Amount amount)
    {
        var key = Key(account, token);
        ref var balance = ref CollectionsMarshal.GetValueRefOrNullRef(_balances, key);
        if (Unsafe.IsNullRef(ref balance))
            return amount.IsZero;
        if (balance < amount.Units) return false;
        _journal.Add(new JournalEntry(JournalKind.Balance, key, balance, true));
        balance -= amount.Units;
        _totals[token.Value] -= amount.Units;
        return true;
    }

    private void Credit(AccountId account, TokenId token, Amount amount)
    {
        if (amount.IsZero) return;
        var key = Key(account, token);
        ref var balance = ref CollectionsMarshal.GetValueRefOrAddDefault(_balances, key, out bool existed);
        if (!existed) _sortedKeys = null;
        _journal.Add(new JournalEntry(JournalKind.Balance, key, balance, existed));
        // Cannot overflow: a balance is bounded by its token's supply, itself checked at mint.
        balance += amount.Units;
        _totals[token.Value] += amount.Units;
    }

    // ---------- journal ----------

    /// <summary>A position in the journal to roll back to.</summary>
    public int Checkpoint() => _journal.Count;

    /// <summary>Undoes every change made since <paramref name="checkpoint"/>, newest first.</summary>
    public void RollbackTo(int checkpoint)
    {
        for (int i = _journal.Count - 1; i >= checkpoint; i--)
        {
            var entry = _journal[i];
            switch (entry.Kind)
            {
                case JournalKind.Balance:
                {
                    // The tracked total moves by (previous − current), in whichever direction.
                    int token = TokenOf(entry.Key);
                    var current = _balances[entry.Key];
                    if (entry.Previous >= current) _totals[token] += entry.Previous - current;
                    else _totals[token] -= current - entry.Previous;
                    if (entry.Existed) _balances[entry.Key] = entry.Previous;
                    else
                    {
                        _balances.Remove(entry.Key);
                        _sortedKeys = null;
                    }
                    break;
                }
                case JournalKind.Minted:
                    _minted[(int)entry.Key] = entry.Previous;
                    break;
                case JournalKind.Burned:
                    _burned[(int)entry.Key] = entry.Previous;
                    break;
                case JournalKind.AccountCreated:
                    _accountsByName.Remove(_accounts[(int)entry.Key].Name);
                    _accounts.RemoveAt((int)entry.Key);
                    break;
                case JournalKind.TokenCreated:
                    _tokensBySymbol.Remove(_tokens[(int)entry.Key].Symbol);
                    _tokens.RemoveAt((int)entry.Key);
                    _minted.RemoveAt((int)entry.Key);
                    _burned.RemoveAt((int)entry.Key);
                    _totals.RemoveAt((int)entry.Key);
                    break;
            }
        }
        _journal.RemoveRange(checkpoint, _journal.Count - checkpoint);
    }

    /// <summary>Forgets the journal (the changes stay): called when a transaction is accepted.</summary>
    public void ClearJournal() => _journal.Clear();

    // ---------- invariants ----------

    /// <summary>
    /// The full check: for every token, Σ balances = minted − burned, recomputed from the balances themselves (a pass
    /// over every balance), and the incrementally kept totals equal to those sums. Tests and
    /// <c>EngineOptions.FullConservationScan</c> run it; the per-block check of a long simulation runs
    /// <see cref="CheckTrackedConservation"/>.
    /// </summary>
    public IReadOnlyList<ConservationViolation> CheckConservation()
    {
        var sums = new UInt128[_tokens.Count];
        foreach (var (key, units) in _balances)
        {
            int token = TokenOf(key);
            sums[token] = checked(sums[token] + units);
        }
        List<ConservationViolation>? violations = null;
        for (int t = 0; t < _tokens.Count; t++)
        {
            if (sums[t] != _minted[t] - _burned[t] || _burned[t] > _minted[t] || sums[t] != _totals[t])
                (violations ??= []).Add(new ConservationViolation(_tokens[t].Symbol, new(sums[t]), new(_minted[t]), new(_burned[t]))
                {
                    TrackedTotal = sums[t] != _totals[t] ? new Amount(_totals[t]) : null,
                });
        }
        return violations ?? (IReadOnlyList<ConservationViolation>)[];
    }

    /// <summary>
    /// The O(tokens) check: for every token, the incrementally kept Σ balances = minted − burned. It catches a mint or
    /// burn whose supply bookkeeping and balances disagree; a balance written behind the ledger's back is caught only
    /// by the full scan (<see cref="CheckConservation"/>), which also checks the kept totals against the balances.
    /// </summary>
    public IReadOnlyList<ConservationViolation> CheckTrackedConservation()
    {
        List<ConservationViolation>? violations = null;
        for (int t = 0; t < _tokens.Count; t++)
        {
            if (_totals[t] != _minted[t] - _burned[t] || _burned[t] > _minted[t])
                (violations ??= []).Add(new ConservationViolation(_tokens[t].Symbol, new(_totals[t]), new(_minted[t]), new(_burned[t])));
        }
        return violations ?? (IReadOnlyList<ConservationViolation>)[];
    }

    /// <summary>Non-zero balances in (account id, token id) order: the canonical order for hashing and output.</summary>
    public IEnumerable<(AccountInfo Account, TokenInfo Token, Amount Balance)> NonZeroBalances()
    {
        foreach (var key in SortedKeys())
            if (_balances[key] is var units && units != UInt128.Zero)
                yield return (_accounts[(int)(key >> 32)], _tokens[TokenOf(key)], new Amount(units));
    }

    /// <summary>Every balance key in order (zero balances included), sorted again only after a key was added or removed.</summary>
    private long[] SortedKeys()
    {
        if (_sortedKeys is null)
        {
            _sortedKeys = [.. _balances.Keys];
            Array.Sort(_sortedKeys);
        }
        return _sortedKeys;
    }

    public void WriteHash(StateHasher hasher)
    {
        hasher.Write("ledger");
        hasher.Write(_accounts.Count);
        foreach (var account in _accounts) { hasher.Write(account.Name); hasher.Write((int)account.Kind); }
        hasher.Write(_tokens.Count);
        for (int t = 0; t < _tokens.Count; t++)
        {
            hasher.Write(_tokens[t].Symbol);
            hasher.Write(_tokens[t].Decimals);
            hasher.Write(_tokens[t].Issuer);
            hasher.Write(_minted[t]);
            hasher.Write(_burned[t]);
        }
        // The order and values NonZeroBalances gives, without its iterator (this runs at every block's hash).
        foreach (var key in SortedKeys())
        {
            var units = _balances[key];
            if (units == UInt128.Zero) continue;
            hasher.Write(_accounts[(int)(key >> 32)].Id.Value);
            hasher.Write(_tokens[TokenOf(key)].Id.Value);
            hasher.Write(units);
        }
    }

    public TokenLedger Clone()
    {
        if (_journal.Count != 0) throw new InvalidOperationException("cannot snapshot inside a transaction");
        var copy = new TokenLedger();
        copy._accounts.AddRange(_accounts);
        foreach (var kv in _accountsByName) copy._accountsByName.Add(kv.Key, kv.Value);
        copy._tokens.AddRange(_tokens);
        foreach (var kv in _tokensBySymbol) copy._tokensBySymbol.Add(kv.Key, kv.Value);
        foreach (var kv in _balances) copy._balances.Add(kv.Key, kv.Value);
        copy._minted.AddRange(_minted);
        copy._burned.AddRange(_burned);
        copy._totals.AddRange(_totals);
        return copy;
    }
}
