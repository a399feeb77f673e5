using Ballast.Core.Blocks;
using Ballast.Core.Numerics;

namespace Ballast.Core.Prices;

/// <summary>The price oracle as a read-only view sees it: spot and TWAP reads, no recording.</summary>
public interface IPriceView
{
    IEnumerable<PriceSource> Sources { get; }
    bool Exists(string name);
    bool TryGetSource(string name, out PriceSource source);
    TxResult TryGetSpot(string name, long height, out Fixed price);
    TxResult TryGetTwap(string name, long height, long windowBlocks, out Fixed price);
}
