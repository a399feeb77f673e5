using Ballast.Core.Blocks;
using Ballast.Core.Ledger;
using Ballast.Core.Numerics;
using Ballast.Core.Modules;
using Ballast.Core.Serialization;
using Shouldly;
using Xunit;

namespace Ballast.Core.Tests.Serialization;

/// <summary>
/// One transaction reader per catalog, shared by every read (the node reads one signed transaction per request):
/// the same reader while the catalog is unchanged, a new one (checked again) once a type is declared, and reads
/// through it equal to reads through a reader built for the occasion.
/// </summary>
public class SharedReaderTests
{
    private sealed record LateTransfer(string To, Amount Amount) : ITransaction;

    [Fact]
    public void The_reader_is_shared_until_the_catalog_grows()
    {
        var catalog = new Engine(new EngineOptions()).Catalog;
        var first = TransactionReader.For(catalog);
        TransactionReader.For(catalog).ShouldBeSameAs(first);
        TransactionReader.For(new Engine(new EngineOptions()).Catalog).ShouldNotBeSameAs(first);

        catalog.Add("test.lateTransfer", "test", typeof(LateTransfer));
        var second = TransactionReader.For(catalog);
        second.ShouldNotBeSameAs(first);
        TransactionReader.For(catalog).ShouldBeSameAs(second);
        var read = BallastJson.ReadEnvelope(catalog, """{ "type": "test.lateTransfer", "sender": "alice", "nonce": 3, "to": "bob", "amount": "7" }""");
        read.Payload.ShouldBe(new LateTransfer("bob", new Amount(7)));
        read.Nonce.ShouldBe(3UL);
    }

    [Fact]
    public void Reads_through_the_shared_reader_equal_a_fresh_reader()
    {
        var catalog = new Engine(new EngineOptions()).Catalog;
        const string json = """{ "type": "ledger.transfer", "sender": "alice", "nonce": 9, "to": "bob", "token": "TAO", "amount": "5 TAO" }""";
        var shared = BallastJson.ReadEnvelope(catalog, json);
        var fresh = new TransactionReader(catalog).ReadEnvelope(StrictJsonReader.Parse(System.Text.Encoding.UTF8.GetBytes(json), "test"), FieldPath.Root("test"));
        shared.ShouldBe(fresh);
        BallastJson.WriteEnvelope(catalog, shared).ShouldBe(BallastJson.WriteEnvelope(catalog, fresh));
    }
}
