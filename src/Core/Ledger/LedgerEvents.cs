using Ballast.Core.Blocks;
using Ballast.Core.Numerics;

namespace Ballast.Core.Ledger;

/// <summary>
/// A <c>ledger.transfer</c> moved <paramref name="Amount"/> of <paramref name="Token"/> from <paramref name="From"/> to
/// <paramref name="To"/>.
/// </summary>
public readonly record struct Transferred(string From, string To, string Token, Amount Amount) : IEvent;
/// <summary>
/// A user account named <paramref name="Name"/> was opened (at genesis or by <c>ledger.openAccount</c>).
/// </summary>
public sealed record AccountOpened(string Name) : IEvent;
/// <summary>
/// Genesis minted <paramref name="Amount"/> of <paramref name="Token"/> into <paramref name="Account"/> as its starting
/// balance.
/// </summary>
public sealed record Minted(string Account, string Token, Amount Amount) : IEvent;
