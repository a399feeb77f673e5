using Ballast.Core.Numerics;

namespace Ballast.Core.Ledger;

/// <summary>The ledger as a read-only view sees it: accounts, tokens, balances and supply; no way to change them.</summary>
public interface ILedgerView
{
    int AccountCount { get; }
    int TokenCount { get; }
    IReadOnlyList<AccountInfo> Accounts { get; }
    IReadOnlyList<TokenInfo> Tokens { get; }
    bool TryGetAccount(string name, out AccountId id);
    AccountInfo Account(AccountId id);
    bool TryGetToken(string symbol, out TokenId id);
    TokenInfo Token(TokenId id);
    Amount BalanceOf(AccountId account, TokenId token);
    Amount Minted(TokenId token);
    Amount Burned(TokenId token);
    Amount Supply(TokenId token);
    IEnumerable<(AccountInfo Account, TokenInfo Token, Amount Balance)> NonZeroBalances();
}
