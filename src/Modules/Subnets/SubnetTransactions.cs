using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Subnets.Pools;

namespace Ballast.Subnets;

public enum SwapDirection
{
    /// <summary>Pay TAO, receive alpha (a buy, Bittensor's add_stake before staking).</summary>
    TaoToAlpha,
    /// <summary>Pay alpha, receive TAO (a sell).</summary>
    AlphaToTao,
}

/// <summary>
/// Registers subnet <paramref name="Netuid"/>: the sender pays <paramref name="TaoReserve"/> into the new pool and
/// alpha is minted so that the pool opens at <paramref name="Price"/> TAO per alpha. A weighted pool takes
/// <paramref name="TaoWeight"/> (default ½).
/// </summary>
public sealed record RegisterSubnet(
    int Netuid,
    Amount TaoReserve,
    Fixed Price,
    PoolKind Pool = PoolKind.ConstantProduct,
    Fixed? TaoWeight = null,
    int MinerBurnBps = 0) : ITransaction;

/// <summary>Sells <paramref name="AmountIn"/> into the subnet's pool; rejected if it would return less than <paramref name="MinAmountOut"/>.</summary>
public sealed record Swap(int Netuid, SwapDirection Direction, Amount AmountIn, Amount MinAmountOut) : ITransaction;

/// <summary>Stakes the sender's alpha on <paramref name="Netuid"/> to <paramref name="Hotkey"/>.</summary>
public sealed record Stake(int Netuid, string Hotkey, Amount Amount) : ITransaction;

/// <summary>
/// Withdraws <paramref name="Amount"/> alpha of the sender's stake with <paramref name="Hotkey"/> (all the hotkey
/// holds when the withdrawal burns its last shares: at most one share's worth more).
/// </summary>
public sealed record Unstake(int Netuid, string Hotkey, Amount Amount) : ITransaction;

/// <summary>
/// Trades the pool to <paramref name="TargetPrice"/> TAO per alpha (selling alpha to lower it, buying to raise it),
/// spending at most <paramref name="MaxAmountIn"/>: how a scenario replays a real price path or an arbitrageur
/// aligns a pool with an outside price.
/// </summary>
public sealed record SwapToPrice(int Netuid, Fixed TargetPrice, Amount MaxAmountIn) : ITransaction;

/// <summary>The subnet owner sends the miners' share of alpha emission to <paramref name="Recipient"/> (an existing account).</summary>
public sealed record SetMinerRecipient(int Netuid, string Recipient) : ITransaction;
