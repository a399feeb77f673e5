namespace Ballast.Core.Prices;

public enum PriceSourceKind
{
    /// <summary>An external price posted by holders of the feed's feeder role; stale after <see cref="PriceSource.MaxAgeBlocks"/>.</summary>
    Feed,
    /// <summary>A price kept by a module from its own pool (a subnet's alpha in TAO); never stale.</summary>
    Pool,
}

/// <summary>A named price: its kind, staleness limit and accumulator.</summary>
public sealed class PriceSource(string name, PriceSourceKind kind, long maxAgeBlocks, TwapAccumulator accumulator)
{
    public string Name { get; } = name;
    public PriceSourceKind Kind { get; } = kind;
    public long MaxAgeBlocks { get; } = maxAgeBlocks;
    public TwapAccumulator Accumulator { get; } = accumulator;

    public PriceSource Clone() => new(Name, Kind, MaxAgeBlocks, Accumulator.Clone());
}
