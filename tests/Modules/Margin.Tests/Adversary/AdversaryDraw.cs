using Ballast.Core.Numerics;

namespace Ballast.Margin.Tests.Adversary;

/// <summary>
/// One random draw of an adversary case: the pool depth it attacks (TAO reserve of the traded subnet, or of the
/// protocol subnet for the buyback), the pools' swap fee, the price path's volatility and the strategy's own sizes,
/// all from one seed (the same draw in the attack and the baseline run).
/// </summary>
public sealed class AdversaryDraw
{
    public AdversaryDraw(string preset, decimal depthTao, ulong seed)
    {
        Preset = preset;
        DepthTao = depthTao;
        Seed = seed;
        var random = new DeterministicRandom(seed);
        VolatilityPerBlock = 0.001 + 0.004 * random.NextDouble();
        SwapFeeBps = (int)(new[] { 0UL, 5UL, 30UL })[(int)random.NextBelow(3)];
        Size = 0.05 + 0.25 * random.NextDouble();
        // Log-uniform from 0.1% to 40%: small pushes probe the hardened bounds from inside, large ones the deployed exposure.
        Push = 0.001 * Math.Pow(400, random.NextDouble());
        PathSeed = random.NextUInt64();
    }

    /// <summary>A draw with chosen sizes (the pinned deployed figures): push and size as given, a fee-free pool, σ 0.2% a block.</summary>
    public AdversaryDraw(string preset, decimal depthTao, double push, double size, int swapFeeBps = 0)
    {
        Preset = preset;
        DepthTao = depthTao;
        Seed = 0;
        VolatilityPerBlock = 0.002;
        SwapFeeBps = swapFeeBps;
        Size = size;
        Push = push;
        PathSeed = 1;
    }

    public string Preset { get; }
    public decimal DepthTao { get; }
    public ulong Seed { get; }
    /// <summary>σ of the log price per block of the path the arbitrageur follows.</summary>
    public double VolatilityPerBlock { get; }
    /// <summary>The subnet pools' swap fee (0, 5 or 30 bps).</summary>
    public int SwapFeeBps { get; }
    /// <summary>A strategy's position or deposit size, as a fraction it scales by its own rule (0.05–0.30).</summary>
    public double Size { get; }
    /// <summary>How far a strategy pushes a pool, as a fraction of its price or reserve (0.001–0.40, log-uniform).</summary>
    public double Push { get; }
    public ulong PathSeed { get; }

    /// <summary>The margin parameters of the preset the case runs.</summary>
    public MarginParameters Parameters => MarginParameters.Preset(Preset);

    public override string ToString() => $"{Preset}, depth {DepthTao} TAO, seed {Seed}, fee {SwapFeeBps} bps, push {Push:0.###}, size {Size:0.###}";
}
