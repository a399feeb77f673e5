namespace Ballast.Core.Blocks;

/// <summary>
/// A payload with who sends it: what the engine executes. <see cref="Nonce"/> is the sender's sequence number;
/// the engine does not check it (scripts and the simulator leave it 0), hosts that accept signed transactions
/// from outside (the node) check nonce, chain and signature before they hand the envelope to the engine.
/// Genesis-only payloads have no sender (<see cref="GenesisSender"/>).
/// </summary>
public sealed record Envelope(string Sender, ulong Nonce, ITransaction Payload)
{
    /// <summary>The sender written for genesis-only payloads, which need no signer.</summary>
    public const string GenesisSender = "";

    public Envelope(string sender, ITransaction payload) : this(sender, 0, payload) { }

    /// <summary>A genesis-only payload, which needs no signer.</summary>
    public static Envelope Genesis(IGenesisTransaction payload) => new(GenesisSender, 0, payload);
}

/// <summary>Short forms for building envelopes in code: <c>new Transfer(...).From("alice")</c>.</summary>
public static class EnvelopeExtensions
{
    public static Envelope From(this ITransaction payload, string sender) => new(sender, 0, payload);
    public static Envelope AsGenesis(this IGenesisTransaction payload) => Envelope.Genesis(payload);
}
