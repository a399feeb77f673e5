namespace Ballast.Core.Blocks;

/// <summary>
/// The injected clock: block height and its timestamp, derived from the genesis time and the block interval.
/// The engine never reads the wall clock.
/// </summary>
public readonly record struct BlockClock(long Height, long GenesisUnixSeconds, int BlockSeconds)
{
    /// <summary>12-second blocks, 7,200 a day, as on Bittensor.</summary>
    public const int DefaultBlockSeconds = 12;
    public const long BlocksPerDay = 86_400 / DefaultBlockSeconds;

    public long UnixSeconds => GenesisUnixSeconds + Height * BlockSeconds;
    public DateTimeOffset Time => DateTimeOffset.FromUnixTimeSeconds(UnixSeconds);
    public BlockClock Next() => this with { Height = Height + 1 };
}
