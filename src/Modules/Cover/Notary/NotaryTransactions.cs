using Ballast.Capital;
using Ballast.Core.Blocks;
using Ballast.Core.Governance;
using Ballast.Core.Modules;
using Ballast.Core.Numerics;

namespace Ballast.Cover;

/// <summary>
/// Governor: records a minimum capital by hand (a notarised off-chain result, as the seed's first trusted stage),
/// with the block its inputs were locked at and their hash.
/// </summary>
public sealed record NotarizeRequirement(string BaseToken, Amount MinimumCapital, long InputsLockedAtBlock, string InputsHash) : ITransaction;

/// <summary><c>notary.recorded</c>: a requirement recorded by hand.</summary>
public sealed record RequirementNotarized(CapitalRequirementRecord Record, string By) : IEvent;

/// <summary><c>notary.latest</c>: the last requirement recorded by hand, or null.</summary>
public sealed record NotarizedRequirementQuery : IQuery<CapitalRequirementRecord?>;
