using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Subnets.Pools;

namespace Ballast.Subnets;

/// <summary>Subnet <paramref name="Netuid"/> opened: its <paramref name="Pool"/> kind, pool account and opening reserves and price.</summary>
public sealed record SubnetRegistered(int Netuid, string Owner, string AlphaToken, PoolKind Pool, string PoolAccount, Amount TaoReserve, Amount AlphaReserve, Fixed Price) : IEvent;
public readonly record struct Swapped(int Netuid, string Account, SwapDirection Direction, Amount AmountIn, Amount AmountOut, Amount Fee, Fixed PriceAfter) : IEvent;
public sealed record Staked(int Netuid, string Coldkey, string Hotkey, Amount Alpha, UInt128 Shares) : IEvent;
public sealed record Unstaked(int Netuid, string Coldkey, string Hotkey, Amount Alpha, UInt128 Shares) : IEvent;
public sealed record MinerRecipientSet(int Netuid, string Recipient) : IEvent;
