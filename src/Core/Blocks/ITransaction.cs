namespace Ballast.Core.Blocks;

/// <summary>
/// A transaction's payload: a typed record of what to do, with no signer. The signer travels in the
/// <see cref="Envelope"/> around it; handlers act for <see cref="EngineContext.Sender"/>, which is the envelope's
/// sender, or a governance account when governance executes an approved action (a payload nested in a proposal).
/// </summary>
public interface ITransaction;

/// <summary>A transaction allowed only in the genesis block (height 0), where it needs no signer.</summary>
public interface IGenesisTransaction : ITransaction;
