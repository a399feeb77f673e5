namespace Ballast.Core.Ledger;

/// <summary>A token's registry entry. <paramref name="Issuer"/> is the module that may mint and burn it.</summary>
public sealed record TokenInfo(TokenId Id, string Symbol, int Decimals, string Issuer);
