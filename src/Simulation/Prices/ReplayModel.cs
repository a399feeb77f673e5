using System.Collections.Immutable;
using Ballast.Core.Numerics;

namespace Ballast.Simulation.Prices;

/// <summary>One row of a replayed series: the block it takes effect at and the price exactly as the CSV wrote it.</summary>
public sealed record ReplayPoint(long Block, Fixed Price);

/// <summary>
/// Replay of a historical series: the price at block b is the last row whose block is at most b (the CSV's
/// timestamps mapped to blocks by <see cref="PriceSeries.ToReplay"/>); after the last row it holds. No randomness:
/// every path is the same, and the engine receives the CSV's decimals exactly.
/// </summary>
public sealed record ReplayModel(ImmutableArray<ReplayPoint> Points) : IPriceModel
{
    public string Kind => "replay";

    public IPricePath Start(double initialPrice, DeterministicRandom random) => new ReplayPath(Points);

    private sealed class ReplayPath(ImmutableArray<ReplayPoint> points) : IPricePath
    {
        private long _block;
        private int _row;
        private Int128 _shockNumerator = 1, _shockDenominator = 1;

        public Fixed PriceFixed => _shockNumerator == 1 && _shockDenominator == 1
            ? points[_row].Price
            : new Fixed(points[_row].Price.Raw * _shockNumerator / _shockDenominator);

        public double Price => PriceFixed.ToDouble();

        public void Step()
        {
            _block++;
            while (_row + 1 < points.Length && points[_row + 1].Block <= _block) _row++;
        }

        public void Shock(double factor)
        {
            // A gap applied to a replay scales every later row by the factor, kept as an exact ratio of 1e9.
            _shockNumerator *= (Int128)Math.Round(factor * 1e9);
            _shockDenominator *= 1_000_000_000;
        }
    }
}
