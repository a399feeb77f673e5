namespace Ballast.Subnets.Pools;

public enum PoolKind
{
    /// <summary>x·y = k, as subnet pools were at dynamic TAO's launch (Feb 2025).</summary>
    ConstantProduct,
    /// <summary>Balancer-style weighted pool (subtensor since Jan 2026); emissions re-weight it so the price holds.</summary>
    Weighted,
}
