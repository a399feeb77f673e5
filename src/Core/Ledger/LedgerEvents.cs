using Ballast.Core.Blocks;
using Ballast.Core.Numerics;

namespace Ballast.Core.Ledger;

public readonly record struct Transferred(string From, string To, string Token, Amount Amount) : IEvent;
public sealed record AccountOpened(string Name) : IEvent;
public sealed record Minted(string Account, string Token, Amount Amount) : IEvent;
