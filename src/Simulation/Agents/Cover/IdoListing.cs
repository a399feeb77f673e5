using Ballast.Core.Numerics;

namespace Ballast.Simulation.Agents.Cover;

/// <summary>
/// One IDO the launchpad lists: the project token's symbol, the feed market whose reference is its market price (the
/// settlement's price source), the horizon block it is listed at, its sale supply, and the annual volatility its cover
/// is priced with (bps per √year; the module's default when null).
/// </summary>
public sealed record IdoListing(string Token, string Market, string Feed, long ListAtBlock, Amount Supply, long? VolatilityBps);
