using Ballast.Core.Blocks;
using Ballast.Core.Numerics;
using Ballast.Core.Prices;
using Ballast.Core.State.Persistence;
using Ballast.Core.Tests.Support;
using static Ballast.Core.Tests.Support.World;

namespace Ballast.Core.Tests.State;

/// <summary>
/// The TWAP histories' chains through whole engines: an engine that posts several prices per block (only the last
/// of a block stays), goes through state files and snapshots, has the state hash of an engine that posted each
/// block's last price once; and a state file of the format before the chains is refused by its version.
/// </summary>
public class TwapHistoryStateFileTests
{
    private static readonly string[] s_pools = ["pool:a", "pool:b"];

    [Fact]
    public void Prices_through_state_files_and_snapshots_hash_as_a_replay_of_each_blocks_last_price()
    {
        int files = 0, restores = 0, blocks = 0;
        for (ulong seed = 1; seed <= 12; seed++)
        {
            var random = new DeterministicRandom(seed);
            var engine = Build();
            var replay = Build();
            for (int b = 0; b < 60; b++)
            {
                var txs = new List<Envelope>();
                var last = new SortedDictionary<string, Envelope>(StringComparer.Ordinal);
                int posts = (int)random.NextBelow(5);
                for (int p = 0; p < posts; p++)
                {
                    var price = new Fixed(1 + (Int128)random.NextBelow(1_000_000_000_000_000_000UL));
                    var (source, tx) = random.NextBelow(3) switch
                    {
                        0 => (Feed, new PostPrice(Feed, price).From(Oracle)),
                        var i => (s_pools[i - 1], new RecordPoolPrice(s_pools[i - 1], price).From(Alice)),
                    };
                    txs.Add(tx);
                    last[source] = tx;
                }
                engine.ExecuteBlock(txs).Results.ShouldAllBe(r => r.Accepted);
                replay.ExecuteBlock([.. last.Values]).Results.ShouldAllBe(r => r.Accepted);
                long gap = (long)random.NextBelow(3);
                engine.AdvanceBlocks(gap);
                replay.AdvanceBlocks(gap);

                switch (random.NextBelow(6))
                {
                    case 0:
                        var loaded = Build();
                        EngineStateFile.Load(loaded, EngineStateFile.Write(engine));
                        engine = loaded;
                        files++;
                        break;
                    case 1:
                        var snapshot = engine.Snapshot();
                        engine.ExecuteBlock([new PostPrice(Feed, Fixed.One).From(Oracle)]);
                        engine.Restore(snapshot);
                        restores++;
                        break;
                }
                engine.StateHash().ShouldBe(replay.StateHash(), $"seed {seed}, block {engine.Height}");
                blocks++;
            }
        }
        (files, restores, blocks).ShouldSatisfyAllConditions(
            () => files.ShouldBeGreaterThan(60), () => restores.ShouldBeGreaterThan(60), () => blocks.ShouldBe(720));
    }

    [Fact]
    public void A_state_file_of_format_1_is_refused_with_its_reason_and_the_engine_is_unchanged()
    {
        var engine = Build();
        engine.RunOk(new PostPrice(Feed, Fixed.FromInt(400)).From(Oracle));
        engine.RunOk(new PostPrice(Feed, Fixed.FromInt(401)).From(Oracle));
        var bytes = EngineStateFile.Write(engine);
        // The version is the int after the magic "BALLAST-STATE\n" (14 bytes); format 1 had no chain heads.
        BitConverter.ToInt32(bytes, 14).ShouldBe(EngineStateFile.FormatVersion);
        EngineStateFile.FormatVersion.ShouldBe(2);
        BitConverter.GetBytes(1).CopyTo(bytes, 14);

        var target = Build();
        var before = target.StateHash();
        var e = Should.Throw<InvalidDataException>(() => EngineStateFile.Load(target, bytes));
        e.Message.ShouldBe(
            "a state file of format 1, written before TWAP histories were hashed as a chain; this program reads format 2 and "
            + "hashes states differently, so the file cannot be loaded: write it again from its source (the script, the "
            + "simulated path or the node's log) with this version");
        Should.Throw<InvalidDataException>(() => EngineStateFile.ReadHeader(new MemoryStream(bytes))).Message.ShouldBe(e.Message);
        target.StateHash().ShouldBe(before);
    }

    [Fact]
    public void A_damaged_chain_head_in_a_state_file_is_refused()
    {
        var engine = Build();
        for (int i = 1; i <= 3; i++) engine.RunOk(new PostPrice(Feed, Fixed.FromInt(400 + i)).From(Oracle));
        var bytes = EngineStateFile.Write(engine);
        var accumulator = (engine.Prices.TryGetSource(Feed, out var source) ? source : null)!.Accumulator;
        var head = new byte[Ballast.Core.Hashing.HashChain.Length];
        accumulator.SealedChain.WriteTo(head);
        int at = bytes.AsSpan().IndexOf(head);
        at.ShouldBeGreaterThan(0, "the file holds the feed's chain head");
        bytes[at + 5] ^= 1;
        var e = Should.Throw<InvalidDataException>(() => EngineStateFile.Load(Build(), bytes));
        e.Message.ShouldContain("hashes to");
    }
}
