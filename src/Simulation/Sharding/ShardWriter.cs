namespace Ballast.Simulation.Sharding;

/// <summary>Serialises a shard's workers' writes into its store (a connection serves one thread at a time).</summary>
public sealed class ShardWriter(ShardStore store, string runKey, int shard, int attempt)
{
    private readonly Lock _lock = new();

    public void Write(int unit, byte[] data)
    {
        lock (_lock)
        {
            if (!store.WriteUnit(runKey, shard, attempt, unit, data))
                throw new ShardingException($"shard {shard}: attempt {attempt} was replaced by a later attempt of the same shard; this process stops writing");
        }
    }
}
