using Ballast.Core.Numerics;
using Ballast.Simulation.Prices;
using Ballast.Simulation.Scenarios;

namespace Ballast.Simulation.Running;

/// <summary>A market during one path: its price path, the last reference prices (for agents with latency) and whether its feed is down.</summary>
public sealed class MarketRuntime
{
    private readonly Fixed[] _history;
    private long _block;

    public MarketRuntime(MarketSpec spec, IPricePath path, int maxLatency)
    {
        Spec = spec;
        Path = path;
        _history = new Fixed[maxLatency + 1];
        Array.Fill(_history, path.PriceFixed);
    }

    public MarketSpec Spec { get; }
    public IPricePath Path { get; }
    public Fixed Reference => _history[_block % _history.Length];
    public long OutageUntil { get; set; }

    /// <summary>The reference price <paramref name="blocks"/> blocks ago (at most the longest latency any agent has).</summary>
    public Fixed ReferenceAgo(int blocks) => _history[(_block - Math.Min(blocks, Math.Min(_block, _history.Length - 1))) % _history.Length];

    public void Advance()
    {
        Path.Step();
        _block++;
        _history[_block % _history.Length] = Path.PriceFixed;
    }

    /// <summary>A gap: the path and the current reference jump by <paramref name="factor"/>.</summary>
    public void Shock(double factor)
    {
        Path.Shock(factor);
        _history[_block % _history.Length] = Path.PriceFixed;
    }
}
