namespace Ballast.Core.Ledger;

public sealed record AccountInfo(AccountId Id, string Name, AccountKind Kind);
