namespace Ballast.Core.Ledger;

/// <summary>Dense index of a token in the ledger's registry (assigned in creation order, so deterministic).</summary>
public readonly record struct TokenId(int Value);
