using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Subnets.Pools;

namespace Ballast.Subnets;

/// <summary>Subnet <paramref name="Netuid"/> opened: its <paramref name="Pool"/> kind, pool account and opening reserves and price.</summary>
public sealed record SubnetRegistered(int Netuid, string Owner, string AlphaToken, PoolKind Pool, string PoolAccount, Amount TaoReserve, Amount AlphaReserve, Fixed Price) : IEvent;
/// <summary>
/// <paramref name="Account"/> sold <paramref name="AmountIn"/> into subnet <paramref name="Netuid"/>'s pool for
/// <paramref name="AmountOut"/> (by a swap, a swap to a price, or another module through the subnet markets);
/// <paramref name="Fee"/> was taken from the input, and the swap left the pool at <paramref name="PriceAfter"/> TAO per
/// alpha.
/// </summary>
public readonly record struct Swapped(int Netuid, string Account, SwapDirection Direction, Amount AmountIn, Amount AmountOut, Amount Fee, Fixed PriceAfter) : IEvent;
/// <summary>
/// The coldkey <paramref name="Coldkey"/> staked <paramref name="Alpha"/> to <paramref name="Hotkey"/> on subnet
/// <paramref name="Netuid"/>, receiving <paramref name="Shares"/> of the hotkey's stake.
/// </summary>
public sealed record Staked(int Netuid, string Coldkey, string Hotkey, Amount Alpha, UInt128 Shares) : IEvent;
/// <summary>
/// The coldkey <paramref name="Coldkey"/> withdrew <paramref name="Alpha"/> of its stake with <paramref name="Hotkey"/>
/// on subnet <paramref name="Netuid"/>, burning <paramref name="Shares"/>.
/// </summary>
public sealed record Unstaked(int Netuid, string Coldkey, string Hotkey, Amount Alpha, UInt128 Shares) : IEvent;
/// <summary>
/// The owner of subnet <paramref name="Netuid"/> now sends the miners' share of its alpha emission to
/// <paramref name="Recipient"/>.
/// </summary>
public sealed record MinerRecipientSet(int Netuid, string Recipient) : IEvent;
