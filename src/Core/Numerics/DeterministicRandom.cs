namespace Ballast.Core.Numerics;

/// <summary>
/// xoshiro256** seeded through SplitMix64: the engine's only source of randomness, so the same seed gives the
/// same bytes on every machine and .NET version (System.Random's seeded algorithm is not a contract).
/// Its state is part of the engine state: snapshot and restore carry it.
/// </summary>
public sealed class DeterministicRandom
{
    private ulong _s0, _s1, _s2, _s3;

    public DeterministicRandom(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    private DeterministicRandom(ulong s0, ulong s1, ulong s2, ulong s3) => (_s0, _s1, _s2, _s3) = (s0, s1, s2, s3);

    public DeterministicRandom Clone() => new(_s0, _s1, _s2, _s3);

    /// <summary>The generator at a state <see cref="State"/> gave (a state file).</summary>
    internal static DeterministicRandom FromState(ulong s0, ulong s1, ulong s2, ulong s3) => new(s0, s1, s2, s3);

    public (ulong, ulong, ulong, ulong) State => (_s0, _s1, _s2, _s3);

    public ulong NextUInt64()
    {
        unchecked
        {
            ulong result = RotateLeft(_s1 * 5, 7) * 9;
            ulong t = _s1 << 17;
            _s2 ^= _s0;
            _s3 ^= _s1;
            _s1 ^= _s2;
            _s0 ^= _s3;
            _s2 ^= t;
            _s3 = RotateLeft(_s3, 45);
            return result;
        }
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, exclusiveMax) without modulo bias (Lemire's method).</summary>
    public ulong NextBelow(ulong exclusiveMax)
    {
        if (exclusiveMax == 0) throw new ArgumentOutOfRangeException(nameof(exclusiveMax));
        unchecked
        {
            ulong threshold = (0 - exclusiveMax) % exclusiveMax;
            while (true)
            {
                UInt128 product = (UInt128)NextUInt64() * exclusiveMax;
                if ((ulong)product >= threshold) return (ulong)(product >> 64);
            }
        }
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static ulong SplitMix(ref ulong x)
    {
        unchecked
        {
            ulong z = x += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
