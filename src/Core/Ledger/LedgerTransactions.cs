using Ballast.Core.Blocks;
using Ballast.Core.Numerics;

namespace Ballast.Core.Ledger;

/// <summary>Moves <paramref name="Amount"/> of <paramref name="Token"/> from the sender to <paramref name="To"/>.</summary>
public sealed record Transfer(string To, string Token, Amount Amount) : ITransaction;

/// <summary>Opens a new user account (signed by an existing one, as a faucet or a registrar would).</summary>
public sealed record OpenAccount(string Name) : ITransaction;

/// <summary>Genesis only: creates a user account and mints its starting balances (token symbol → units).</summary>
public sealed record GenesisAccount(string Name, IReadOnlyDictionary<string, Amount>? Balances) : IGenesisTransaction;

/// <summary>Query: an account's balance of one token (zero for an unknown account or token).</summary>
public sealed record BalanceQuery(string Account, string Token) : Modules.IQuery<BalanceView>;
public sealed record BalanceView(string Account, string Token, Amount Balance);

/// <summary>Query: a token's supply and its minted and burned totals.</summary>
public sealed record SupplyQuery(string Token) : Modules.IQuery<SupplyView?>;
public sealed record SupplyView(string Token, int Decimals, string Issuer, Amount Minted, Amount Burned, Amount Supply);
