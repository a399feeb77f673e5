namespace Ballast.Core.Ledger;

public enum AccountKind
{
    /// <summary>An address that signs its own transactions.</summary>
    User,
    /// <summary>An account owned by a module (pool, vault, treasury, multisig): only module code moves its funds.</summary>
    Module,
}
