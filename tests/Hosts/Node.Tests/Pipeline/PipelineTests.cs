using Ballast.Cli;
using Ballast.Core.Ledger;
using Ballast.Node.Chain;
using Ballast.Node.Signing;
using Ballast.Node.Storage;
using Ballast.Node.Tests.Support;

namespace Ballast.Node.Tests.Pipeline;

/// <summary>
/// The block pipeline's promises, with the flush held at the door: while a block is executed but not durable, its
/// submitters are not answered, readers of blocks see the durable height, and a query that read its state is not
/// answered either; once the flush is through, all of them are; if the flush fails, the block's submitters and that
/// query are told the node halted, and nothing of the block is ever shown.
/// </summary>
public sealed class PipelineTests
{
    private static (NodeChain Chain, GatedStore Store) Open(StorePlace place, ChainSettings? settings = null)
    {
        var store = new GatedStore(place.Open());
        var chain = NodeChain.Open(store, KeyRing.Development(), new ChainIdentity("ballast-dev", NodeHost.DevelopmentGenesis(), true), Engines.Create, genesisGiven: false, settings);
        return (chain, store);
    }

    private static string Signed(NodeChain chain, ulong nonce, string amount) => DevSigner.Signed(chain.ChainId, "dev1", nonce, new { type = "ledger.transfer", to = "dev2", token = "TAO", amount });

    private static byte[] Signature(string signed)
    {
        using var key = KeyRing.DevKey("dev1");
        return KeyRing.Sign(key, System.Text.Encoding.UTF8.GetBytes(signed));
    }

    private static Task<Core.Numerics.Amount> Balance(NodeChain chain, string account) =>
        chain.ReadAsync(e => ((BalanceView)e.Query("ledger.balance", new BalanceQuery(account, "TAO"))!).Balance);

    [Fact]
    public async Task Nothing_of_a_block_is_told_before_its_flush_and_everything_after()
    {
        using var place = Stores.Create("sqlite");
        var (chain, store) = Open(place);
        using (chain)
        {
            var before = await Balance(chain, "dev2");
            long height = chain.Height;
            var signed = Signed(chain, 0, "7 TAO");
            store.Hold();
            var receipt = chain.Submit(signed, Signature(signed));
            var mined = chain.MineAsync(); // executes at once; the committer then waits at the store's door
            store.Waiting.Wait(TimeSpan.FromSeconds(30)).ShouldBeTrue();
            var query = Balance(chain, "dev2"); // reads the executed state: answered only once it is durable
            await Task.Delay(200);
            receipt.IsCompleted.ShouldBeFalse("a submitter hears of its block only once it is durable");
            query.IsCompleted.ShouldBeFalse("a query that read the new state waits for it to be durable");
            mined.IsCompleted.ShouldBeFalse();
            chain.Height.ShouldBe(height, "readers of blocks see the durable height");
            chain.Block(height + 1).ShouldBeNull();
            chain.ReceiptOf(SignedTransaction.HashOf(signed)).ShouldBeNull();

            store.Release();
            (await receipt).Accepted.ShouldBeTrue();
            Core.Serialization.NumberText.TryParseAmount("7 TAO", out var seven, out _).ShouldBeTrue();
            (await query).ShouldBe(before + seven);
            (await mined).ShouldNotBeNull().Height.ShouldBe(height + 1);
            chain.Height.ShouldBe(height + 1);
            chain.ReceiptOf(SignedTransaction.HashOf(signed)).ShouldNotBeNull();
        }
    }

    [Theory]
    [MemberData(nameof(Stores.Kinds), MemberType = typeof(Stores))]
    public async Task The_history_is_read_from_the_log_while_a_flush_is_held(string kind)
    {
        using var place = Stores.Create(kind);
        // One receipt, one block and two events in memory: the rest of the history is read from the log.
        var (chain, store) = Open(place, new ChainSettings { ReceiptsInMemory = 1, BlocksInMemory = 1, EventsInMemory = 2 });
        using (chain)
        {
            var first = Signed(chain, 0, "1 TAO");
            (await SubmitAndMine(chain, first)).Accepted.ShouldBeTrue();
            long firstBlock = chain.Height;
            for (ulong nonce = 1; nonce < 4; nonce++) (await SubmitAndMine(chain, Signed(chain, nonce, "1 TAO"))).Accepted.ShouldBeTrue();
            var eventsBefore = chain.Events(EventFilter.All, -1, 10_000).Count;

            store.Hold();
            var signed = Signed(chain, 4, "1 TAO");
            var receipt = chain.Submit(signed, Signature(signed));
            var mined = chain.MineAsync();
            try
            {
                store.Waiting.Wait(TimeSpan.FromSeconds(30)).ShouldBeTrue();
                // The committer holds the store's writing connection at the door; the history's reads do not wait for it.
                var reads = Task.Run(() => (
                    Receipt: chain.ReceiptOf(SignedTransaction.HashOf(first)),
                    Block: chain.Block(firstBlock),
                    Events: chain.Events(EventFilter.All, -1, 10_000).Count));
                (await Task.WhenAny(reads, Task.Delay(TimeSpan.FromSeconds(20)))).ShouldBe(reads, "reads of the log answered while the flush is held");
                var (oldReceipt, oldBlock, events) = await reads;
                oldReceipt.ShouldNotBeNull().Block.ShouldBe(firstBlock);
                oldBlock.ShouldNotBeNull().Transactions.ShouldContain(SignedTransaction.HashOf(first));
                events.ShouldBe(eventsBefore, "the held block's events are not shown");
                receipt.IsCompleted.ShouldBeFalse();
            }
            finally
            {
                store.Release(); // also when an assertion failed: the chain's disposal waits for the committer
            }
            (await receipt).Accepted.ShouldBeTrue();
            await mined;
            chain.Events(EventFilter.All, -1, 10_000).Count.ShouldBeGreaterThan(eventsBefore);
        }
    }

    private static async Task<Receipt> SubmitAndMine(NodeChain chain, string signed)
    {
        var receipt = chain.Submit(signed, Signature(signed));
        await chain.MineAsync();
        return await receipt;
    }

    [Fact]
    public async Task A_failed_flush_halts_the_node_and_its_block_is_never_shown()
    {
        using var place = Stores.Create("sqlite");
        var (chain, store) = Open(place);
        using (chain)
        {
            long height = chain.Height;
            string hash = chain.StateHash();
            var signed = Signed(chain, 0, "3 TAO");
            store.Hold();
            var receipt = chain.Submit(signed, Signature(signed));
            var mined = chain.MineAsync();
            store.Waiting.Wait(TimeSpan.FromSeconds(30)).ShouldBeTrue();
            var query = Balance(chain, "dev2");
            store.Fail();

            var refused = await Should.ThrowAsync<RefusalException>(receipt);
            refused.Refusal.Code.ShouldBe(NodeErrors.NodeHalted);
            (await Should.ThrowAsync<RefusalException>(query)).Refusal.Code.ShouldBe(NodeErrors.NodeHalted);
            (await mined).ShouldBeNull();
            chain.HaltReason.ShouldNotBeNull().ShouldContain("disk is full");
            (chain.Height, chain.StateHash()).ShouldBe((height, hash), "the durable view never moved");
            chain.ReceiptOf(SignedTransaction.HashOf(signed)).ShouldBeNull();
            var next = Signed(chain, 1, "1 TAO");
            Should.Throw<RefusalException>(() => chain.Submit(next, Signature(next))).Refusal.Code.ShouldBe(NodeErrors.NodeHalted);
        }
    }
}
