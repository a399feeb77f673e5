using System.Globalization;

namespace Ballast.Simulation.Sharding;

/// <summary>
/// Shard <see cref="Index"/> of <see cref="Count"/> (0-based, as Slurm's <c>--array=0-3</c> and a Kubernetes
/// completion index count): it owns the contiguous units [<see cref="Start"/>, <see cref="End"/>) of a run's paths or
/// grid points. The split depends only on (index, count, units): shard sizes differ by at most one, and the shards'
/// ranges tile 0..units-1 in order, so any n shards cover each unit exactly once.
/// </summary>
public readonly record struct Shard(int Index, int Count)
{
    /// <summary>The whole run as one shard.</summary>
    public static readonly Shard Whole = new(0, 1);

    /// <summary>The first unit of this shard: ⌊index·units/count⌋.</summary>
    public int Start(int units) => (int)((long)Index * units / Count);

    /// <summary>One past the last unit of this shard: ⌊(index+1)·units/count⌋.</summary>
    public int End(int units) => (int)((long)(Index + 1) * units / Count);

    public override string ToString() => $"{Index}/{Count}";

    /// <summary>Parses <c>i/n</c> with 0 ≤ i &lt; n; the error says what was expected.</summary>
    public static bool TryParse(string? text, out Shard shard, out string error)
    {
        shard = Whole;
        error = "";
        var parts = (text ?? "").Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int i)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n))
        {
            error = $"--shard {text}: expected i/n, shard i (counted from 0) of n, e.g. 0/4 … 3/4";
            return false;
        }
        if (n < 1 || i >= n)
        {
            error = $"--shard {text}: the shard index must be at least 0 and below the shard count ({(n < 1 ? "the count must be at least 1" : $"0 … {n - 1}")})";
            return false;
        }
        shard = new Shard(i, n);
        return true;
    }
}
