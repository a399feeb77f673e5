namespace Ballast.Core.Ledger;

/// <summary>Dense index of an account in the ledger's registry (assigned in creation order, so deterministic).</summary>
public readonly record struct AccountId(int Value);
