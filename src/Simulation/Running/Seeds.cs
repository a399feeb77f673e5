namespace Ballast.Simulation.Running;

/// <summary>
/// Derives independent seeds from (scenario seed, path, stream) by SplitMix64 finalisation, so path i's randomness
/// depends on nothing else: not on the thread that runs it, nor on the order paths finish.
/// </summary>
public static class Seeds
{
    public const ulong EngineStream = 0, MarketStream = 1, AgentStream = 2, StatisticsStream = 3, SetupStream = 4;

    public static ulong Derive(ulong seed, long path, ulong stream, long index = 0)
    {
        ulong x = Mix(seed ^ 0x6A09E667F3BCC908UL);
        x = Mix(x ^ (ulong)path);
        x = Mix(x ^ stream * 0x9E3779B97F4A7C15UL);
        return Mix(x ^ (ulong)index);
    }

    private static ulong Mix(ulong z)
    {
        unchecked
        {
            z += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
