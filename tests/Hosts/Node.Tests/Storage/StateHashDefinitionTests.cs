using Ballast.Cli;
using Ballast.Core.Blocks;
using Ballast.Node.Chain;
using Ballast.Node.Signing;
using Ballast.Node.Storage;
using Ballast.Node.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Ballast.Node.Tests.Storage;

/// <summary>
/// A log records which definition of the state hash its blocks carry: a new chain records this build's; a log of
/// another definition is refused at start by name (not by a divergence some blocks in); a log from before definitions
/// were recorded that replays to its own hashes gets this build's definition recorded, and one that does not is refused
/// with the likely cause in the message.
/// </summary>
public sealed class StateHashDefinitionTests
{
    private static readonly ChainIdentity Dev = new("ballast-dev", NodeHost.DevelopmentGenesis(), true);

    private static NodeChain Open(StorePlace place) => NodeChain.Open(place.Open(), KeyRing.Development(), Dev, Engines.Create, genesisGiven: false);

    private static void Fill(StorePlace place, int blocks)
    {
        using var chain = Open(place);
        for (int i = 0; i < blocks; i++)
        {
            _ = chain.Submit(DevSigner.Signed(chain.ChainId, "dev1", chain.NextNonce("dev1"), new { type = "ledger.transfer", to = "dev2", token = "TAO", amount = "1 TAO" }), null, impersonated: true);
            chain.MineAsync().GetAwaiter().GetResult().ShouldNotBeNull();
        }
    }

    private static void Sql(StorePlace place, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(place.Options.DataFolder, "chain.db"), Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [Theory]
    [MemberData(nameof(Stores.Kinds), MemberType = typeof(Stores))]
    public void A_new_chain_records_this_builds_definition(string kind)
    {
        using var place = Stores.Create(kind);
        Fill(place, 3);
        using var store = place.Open();
        store.ReadIdentity().ShouldNotBeNull().StateHashDefinition.ShouldBe(Engine.StateHashDefinition);
    }

    [Fact]
    public void A_log_of_another_definition_is_refused_at_start_by_name()
    {
        using var place = Stores.Create("sqlite");
        Fill(place, 3);
        Sql(place, $"UPDATE meta SET value = '{Engine.StateHashDefinition - 1}' WHERE key = 'state_hash_definition'");
        var refusal = Should.Throw<InvalidOperationException>(() => Open(place));
        refusal.Message.ShouldContain($"state hashes of definition {Engine.StateHashDefinition - 1}");
        refusal.Message.ShouldContain($"this build computes definition {Engine.StateHashDefinition}");
    }

    [Fact]
    public void A_log_without_a_recorded_definition_that_replays_to_its_hashes_gets_this_builds()
    {
        using var place = Stores.Create("sqlite");
        Fill(place, 4);
        Sql(place, "DELETE FROM meta WHERE key = 'state_hash_definition'");
        using (var store = place.Open()) store.ReadIdentity().ShouldNotBeNull().StateHashDefinition.ShouldBeNull();
        using (var chain = Open(place)) chain.Identity.StateHashDefinition.ShouldBe(Engine.StateHashDefinition);
        using (var store = place.Open()) store.ReadIdentity().ShouldNotBeNull().StateHashDefinition.ShouldBe(Engine.StateHashDefinition);
    }

    [Fact]
    public void A_log_without_a_recorded_definition_that_diverges_is_refused_with_the_likely_cause()
    {
        using var place = Stores.Create("sqlite");
        Fill(place, 4);
        // As a log written by a build whose hash was defined otherwise would look: every block's stored hash differs.
        Sql(place, "DELETE FROM meta WHERE key = 'state_hash_definition'; UPDATE blocks SET state_hash = 'ff' || substr(state_hash, 3);");
        var refusal = Should.Throw<InvalidDataException>(() => Open(place));
        refusal.Message.ShouldContain("replay diverged at block");
        refusal.Message.ShouldContain("the log records no state hash definition");
        using var store = place.Open();
        store.ReadIdentity().ShouldNotBeNull().StateHashDefinition.ShouldBeNull();
    }
}
