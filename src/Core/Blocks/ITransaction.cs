namespace Ballast.Core.Blocks;

/// <summary>
/// A typed transaction (a record). <see cref="Sender"/> is the signer for transactions that arrive from outside;
/// handlers act for <see cref="EngineContext.Sender"/>, which governance sets to its own account when it executes
/// an approved action.
/// </summary>
public interface ITransaction
{
    string Sender { get; }
}

/// <summary>A transaction allowed only in the genesis block (height 0), where it needs no signer.</summary>
public interface IGenesisTransaction : ITransaction;
