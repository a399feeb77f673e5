using System.Collections.Immutable;
using System.Diagnostics;
using System.Text;
using Ballast.Core.Blocks;
using Ballast.Core.Governance;
using Ballast.Core.Ledger;
using Ballast.Core.Modules;
using Ballast.Core.Numerics;
using Ballast.Core.Prices;
using Ballast.Core.Scripting;
using Ballast.Core.Serialization;

namespace Ballast.Core.Tests.Serialization;

/// <summary>
/// The one strict format for transactions and scripts: what it reads, and that every refusal names the line and
/// the field (its path, as the script writes it) in the script's words.
/// </summary>
public class StrictFormatTests
{
    private static readonly TransactionCatalog Catalog = new Engine(new EngineOptions(), new ProbeModule()).Catalog;

    private static TransactionFormatException EnvelopeFails(string json) =>
        Should.Throw<TransactionFormatException>(() => BallastJson.ReadEnvelope(Catalog, json));

    private static TransactionFormatException ScriptFails(string json) =>
        Should.Throw<TransactionFormatException>(() => ScriptParser.Parse(Encoding.UTF8.GetBytes(json), Catalog, []));

    [Fact]
    public void Reads_every_kind_of_field_and_defaults_the_omitted_optional_ones()
    {
        var envelope = BallastJson.ReadEnvelope(Catalog, ProbeModule.Json());
        envelope.Sender.ShouldBe("alice");
        envelope.Nonce.ShouldBe(0UL);
        var probe = envelope.Payload.ShouldBeOfType<Probe>();
        probe.Count.ShouldBe(3);
        probe.Blocks.ShouldBe(-5);
        probe.Big.ShouldBe(ulong.MaxValue);
        probe.Flag.ShouldBeTrue();
        probe.Amount.ShouldBe(new Amount(1_500_000_000));
        probe.Price.ShouldBe(Fixed.Parse("0.25"));
        probe.Wide.ShouldBe(UInt128.MaxValue);
        probe.Signed.ShouldBe((Int128)(-7));
        probe.Rate.ShouldBe(Ppb.One);
        probe.Slippage.ShouldBe(new Bps(50));
        probe.Side.ShouldBe(ProbeSide.Long);
        probe.Names.ShouldBe(["a", "b"]);
        probe.Balances.ShouldBe(new Dictionary<string, Amount> { ["TAO"] = new(5), ["SN4"] = Amount.Tokens(2) });
        probe.Ids.ShouldBe(ImmutableArray.Create(1L, 2L));
        probe.Leg.ShouldBe(new ProbeLeg("TAO/USD", new Amount(10)));
        probe.Memo.ShouldBeNull();
        probe.Limit.ShouldBeNull();
        probe.Fallback.ShouldBe(ProbeSide.Short);
        probe.Then.ShouldBeNull();
    }

    [Fact]
    public void What_is_written_reads_back_equal()
    {
        var original = BallastJson.ReadEnvelope(Catalog, ProbeModule.Json("\"sender\": \"alice\",",
            "\"sender\": \"alice\", \"nonce\": 9, \"memo\": \"m\", \"limit\": 4, \"then\": { \"type\": \"governance.pause\", \"target\": \"probe\" },"));
        var written = BallastJson.WriteEnvelope(Catalog, original);
        var again = BallastJson.ReadEnvelope(Catalog, written);
        BallastJson.WriteEnvelope(Catalog, again).ShouldBe(written);
        again.Nonce.ShouldBe(9UL);
        ((Probe)again.Payload).Then.ShouldBe(new Pause("probe"));
        written.ShouldContain("\"amount\": \"1500000000\"");
        written.ShouldContain("\"side\": \"long\"");
        written.ShouldContain("\"rate\": 1000000000");
    }

    [Fact]
    public void Core_transactions_round_trip_through_write_and_read()
    {
        var catalog = new Engine(new EngineOptions()).Catalog;
        Envelope[] envelopes =
        [
            new GenesisAccount("alice", new Dictionary<string, Amount> { ["TAO"] = Amount.Tokens(10) }).AsGenesis(),
            new GenesisMultisig("council", ["alice", "bob"], Threshold: 2).AsGenesis(),
            new GenesisFeed("TAO/USD", 100, "alice").AsGenesis(),
            new Transfer("bob", "TAO", new Amount(5)).From("alice"),
            new Propose("council", new SetParameter("subnets", "SwapFeeBps", "30")).From("alice"),
            new CastVote(1, true, Amount.Tokens(3)).From("bob") with { Nonce = 12 },
            new PostPrice("TAO/USD", Fixed.Parse("412.5")).From("alice"),
        ];
        foreach (var envelope in envelopes)
        {
            var json = BallastJson.WriteEnvelope(catalog, envelope);
            BallastJson.WriteEnvelope(catalog, BallastJson.ReadEnvelope(catalog, json)).ShouldBe(json);
        }
        BallastJson.ReadTransaction(catalog, BallastJson.WriteTransaction(catalog, new Pause("subnets"))).ShouldBe(new Pause("subnets"));
    }

    [Fact]
    public void A_record_may_contain_itself_and_a_field_type_without_a_json_form_is_refused_on_the_first_read()
    {
        var linked = BallastJson.ReadEnvelope(Catalog, """
            { "type": "probe.linked", "sender": "a", "chain": { "name": "x", "next": { "name": "y", "next": null } } }
            """);
        ((ProbeLinked)linked.Payload).Chain.Next!.Name.ShouldBe("y");

        var floating = new Engine(new EngineOptions(), new FloatingModule()).Catalog;
        Should.Throw<NotSupportedException>(() => BallastJson.ReadEnvelope(floating, """{ "type": "ledger.transfer", "sender": "a", "to": "b", "token": "TAO", "amount": 1 }"""))
            .Message.ShouldContain("no JSON form for fields of type System.Double");
    }

    [Theory]
    // Each field given a value of the wrong kind, or out of its range: the message names the field and what it must be.
    [InlineData("\"count\": 3", "\"count\": \"3\"", 4, "count: expected an integer from -2147483648 to 2147483647; got \"3\"")]
    [InlineData("\"count\": 3", "\"count\": 2147483648", 4, "count: expected an integer from -2147483648 to 2147483647; got 2147483648")]
    [InlineData("\"count\": 3", "\"count\": 3.0", 4, "count: expected an integer")]
    [InlineData("\"count\": 3", "\"count\": 1e2", 4, "got 1e2")]
    [InlineData("\"count\": 3", "\"count\": null", 4, "count: expected an integer from -2147483648 to 2147483647; got null")]
    [InlineData("\"big\": 18446744073709551615", "\"big\": -1", 6, "big: expected a whole number from 0 to 18446744073709551615; got -1")]
    [InlineData("\"big\": 18446744073709551615", "\"big\": 18446744073709551616", 6, "big: expected a whole number from 0 to 18446744073709551615")]
    [InlineData("\"flag\": true", "\"flag\": \"true\"", 7, "flag: expected true or false; got \"true\"")]
    [InlineData("\"flag\": true", "\"flag\": 1", 7, "flag: expected true or false; got 1")]
    [InlineData("\"amount\": \"1.5 TAO\"", "\"amount\": true", 8, "amount: expected an amount: whole units as an integer or string, or \"1.5 TAO\"; got true")]
    [InlineData("\"amount\": \"1.5 TAO\"", "\"amount\": \"-5\"", 8, "amount: \"-5\" is not an amount: a sign is not allowed")]
    [InlineData("\"amount\": \"1.5 TAO\"", "\"amount\": -5", 8, "amount: -5 is not an amount: a sign is not allowed")]
    [InlineData("\"amount\": \"1.5 TAO\"", "\"amount\": 1.5", 8, "amount: 1.5 is not an amount: units are whole; for tokens add a unit word, like \"1.5 TAO\"")]
    [InlineData("\"amount\": \"1.5 TAO\"", "\"amount\": \"0.0000000001 TAO\"", 8, "it has more than 9 decimals: it is finer than one unit")]
    [InlineData("\"amount\": \"1.5 TAO\"", "\"amount\": 340282366920938463463374607431768211456", 8, "it is more than 340282366920938463463374607431768211455 units")]
    [InlineData("\"amount\": \"1.5 TAO\"", "\"amount\": \"1e9\"", 8, "amount: \"1e9\" is not an amount")]
    [InlineData("\"amount\": \"1.5 TAO\"", "\"amount\": \" 5\"", 8, "amount: \" 5\" is not an amount")]
    [InlineData("\"amount\": \"1.5 TAO\"", "\"amount\": \"5 TAO extra\"", 8, "one space and a unit word")]
    [InlineData("\"amount\": \"1.5 TAO\"", "\"amount\": \"99999999999999999999999 TAO\"", 8, "the number of tokens: it is out of range")]
    [InlineData("\"price\": \"0.25\"", "\"price\": \"0.0000000000000000001\"", 9, "price: \"0.0000000000000000001\" is not an exact decimal: it has more than 18 decimal places")]
    [InlineData("\"price\": \"0.25\"", "\"price\": 2.5e-1", 9, "price: 2.5e-1 is not an exact decimal: an exponent is not allowed")]
    [InlineData("\"price\": \"0.25\"", "\"price\": [0.25]", 9, "price: expected a decimal with at most 18 places (a number or a string, like \"0.035\"; no exponent); got a list")]
    [InlineData("\"price\": \"0.25\"", "\"price\": \"1" + "000000000000000000000\"", 9, "it is out of range")]
    [InlineData("\"wide\": \"340282366920938463463374607431768211455\"", "\"wide\": \"340282366920938463463374607431768211456\"", 10, "wide: expected a whole number from 0 to 340282366920938463463374607431768211455")]
    [InlineData("\"signed\": -7", "\"signed\": \"-\"", 11, "signed: expected an integer from -2^127 to 2^127-1")]
    [InlineData("\"rate\": 1000000000", "\"rate\": \"1000000000\"", 12, "rate: expected a rate in parts per billion: an integer (1000000000 = 100%)")]
    [InlineData("\"slippage\": 50", "\"slippage\": 0.5", 13, "slippage: expected a rate in basis points: an integer (10000 = 100%); got 0.5")]
    [InlineData("\"side\": \"long\"", "\"side\": \"Long\"", 14, "side: expected one of long, short; got \"Long\"")]
    [InlineData("\"side\": \"long\"", "\"side\": 0", 14, "side: expected one of long, short; got 0")]
    [InlineData("\"names\": [\"a\", \"b\"]", "\"names\": \"a\"", 15, "names: expected a list of strings; got \"a\"")]
    [InlineData("\"names\": [\"a\", \"b\"]", "\"names\": [\"a\", null]", 15, "names[1]: expected a string; got null")]
    [InlineData("\"balances\": { \"TAO\": 5, \"SN4\": \"2 alpha\" }", "\"balances\": [5]", 16, "balances: expected an object mapping names to amounts; got a list")]
    [InlineData("\"balances\": { \"TAO\": 5, \"SN4\": \"2 alpha\" }", "\"balances\": { \"TAO\": 5, \"SN4\": {} }", 16, "balances.SN4: expected an amount")]
    [InlineData("\"balances\": { \"TAO\": 5, \"SN4\": \"2 alpha\" }", "\"balances\": { \"TAO\": 5, \"SN 4\": false }", 16, "balances[\"SN 4\"]: expected an amount")]
    [InlineData("\"ids\": [1, 2]", "\"ids\": [1, 2.5]", 17, "ids[1]: expected an integer from -9223372036854775808 to 9223372036854775807; got 2.5")]
    [InlineData("\"leg\": { \"market\": \"TAO/USD\", \"size\": 10 }", "\"leg\": { \"market\": \"TAO/USD\" }", 18, "leg.size: missing: this object needs an amount")]
    [InlineData("\"leg\": { \"market\": \"TAO/USD\", \"size\": 10 }", "\"leg\": { \"market\": \"TAO/USD\", \"size\": 10, \"x\": 1 }", 18, "leg.x: unknown field: this object takes market, size")]
    [InlineData("\"leg\": { \"market\": \"TAO/USD\", \"size\": 10 }", "\"leg\": \"TAO/USD\"", 18, "leg: expected an object with the fields market, size; got \"TAO/USD\"")]
    [InlineData("\"sender\": \"alice\",", "\"sender\": \"alice\", \"memo\": 5,", 3, "memo: expected a string; got 5")]
    [InlineData("\"sender\": \"alice\",", "\"sender\": \"alice\", \"then\": 5,", 3, "then: expected a transaction: an object with a \"type\" (like \"ledger.transfer\") and its fields; got 5")]
    public void A_field_of_the_wrong_kind_or_out_of_range_names_the_field_its_line_and_what_it_must_be(string field, string replacement, int line, string problem)
    {
        var error = EnvelopeFails(ProbeModule.Json(field, replacement));
        error.Line.ShouldBe(line);
        error.Problem.ShouldContain(problem);
    }

    [Fact]
    public void Null_is_read_where_a_field_may_be_null_and_omitted_optional_fields_take_their_defaults()
    {
        var probe = (Probe)BallastJson.ReadEnvelope(Catalog, ProbeModule.Json("\"sender\": \"alice\",", "\"sender\": \"alice\", \"memo\": null, \"limit\": null, \"then\": null,")).Payload;
        probe.Memo.ShouldBeNull();
        probe.Limit.ShouldBeNull();
        probe.Then.ShouldBeNull();
    }

    [Fact]
    public void Unknown_and_missing_fields_are_named()
    {
        var unknown = EnvelopeFails(ProbeModule.Json("\"flag\": true,", "\"flag\": true, \"colour\": \"red\","));
        unknown.Line.ShouldBe(7);
        unknown.Problem.ShouldStartWith("colour: unknown field: probe.probe takes count, blocks, big, flag, amount");
        unknown.Problem.ShouldContain("memo (optional)");

        var missing = EnvelopeFails(ProbeModule.Json("\"flag\": true,", ""));
        missing.Line.ShouldBe(1);
        missing.Problem.ShouldBe("flag: missing: probe.probe needs true or false");
    }

    [Theory]
    [InlineData("\"sender\": \"alice\",", "", 1, "sender: missing: probe.probe needs the signing account")]
    [InlineData("\"sender\": \"alice\",", "\"sender\": 7,", 3, "sender: expected an account name (a non-empty string); got 7")]
    [InlineData("\"sender\": \"alice\",", "\"sender\": \"\",", 3, "sender: expected an account name (a non-empty string); got \"\"")]
    [InlineData("\"sender\": \"alice\",", "\"sender\": \"alice\", \"nonce\": -1,", 3, "nonce: expected a whole number from 0 to 18446744073709551615; got -1")]
    [InlineData("\"type\": \"probe.probe\",", "", 1, "type: missing: a transaction needs a \"type\", like \"ledger.transfer\"")]
    [InlineData("\"type\": \"probe.probe\",", "\"type\": 5,", 2, "type: expected a transaction type (a string like \"ledger.transfer\"); got 5")]
    [InlineData("\"type\": \"probe.probe\",", "\"type\": \"probe.poke\",", 2, "type: unknown transaction type \"probe.poke\"; probe has linked, probe")]
    [InlineData("\"type\": \"probe.probe\",", "\"type\": \"subnets.swap\",", 2, "type: unknown transaction type \"subnets.swap\"; the modules are governance, ledger, prices, probe")]
    [InlineData("\"type\": \"probe.probe\",", "\"type\": \"probe.probe\", \"type\": \"ledger.transfer\",", 2, "type: written twice in one object (first on line 2)")]
    [InlineData("\"flag\": true,", "\"flag\": true, \"flag\": false,", 7, "flag: written twice in one object (first on line 7); each field may appear once")]
    public void The_envelope_needs_a_type_and_a_sender_each_written_once(string field, string replacement, int line, string problem)
    {
        var error = EnvelopeFails(ProbeModule.Json(field, replacement));
        error.Line.ShouldBe(line);
        error.Problem.ShouldContain(problem);
    }

    [Fact]
    public void Genesis_transactions_and_nested_actions_take_no_sender()
    {
        var catalog = new Engine(new EngineOptions()).Catalog;
        Should.Throw<TransactionFormatException>(() => BallastJson.ReadEnvelope(catalog, """{ "type": "ledger.genesisAccount", "sender": "x", "name": "a", "balances": {} }"""))
            .Problem.ShouldBe("sender: ledger.genesisAccount is a genesis transaction and takes no \"sender\"");
        Should.Throw<TransactionFormatException>(() => BallastJson.ReadEnvelope(catalog, """{ "type": "ledger.genesisAccount", "nonce": 1, "name": "a", "balances": {} }"""))
            .Problem.ShouldBe("nonce: ledger.genesisAccount is a genesis transaction and takes no \"nonce\"");
        var nested = Should.Throw<TransactionFormatException>(() => BallastJson.ReadEnvelope(catalog, """
            { "type": "governance.propose", "sender": "alice", "multisig": "council",
              "action": { "type": "governance.pause", "sender": "alice", "target": "subnets" } }
            """));
        nested.Line.ShouldBe(2);
        nested.Problem.ShouldBe("action.sender: governance.pause takes no \"sender\" here: a nested governance action runs as the governing account");
        BallastJson.ReadEnvelope(catalog, """{ "type": "governance.propose", "sender": "alice", "multisig": "council", "action": { "type": "governance.pause", "target": "subnets" } }""")
            .Payload.ShouldBe(new Propose("council", new Pause("subnets")));
    }

    [Fact]
    public void A_transaction_read_alone_gives_the_errors_a_script_gives_with_the_path_inside_it()
    {
        const string bad = """{ "type": "ledger.transfer", "sender": "alice", "to": "bob", "token": "TAO", "amount": true }""";
        var catalog = new Engine(new EngineOptions()).Catalog;
        var alone = Should.Throw<TransactionFormatException>(() => BallastJson.ReadEnvelope(catalog, bad));
        var inScript = Should.Throw<TransactionFormatException>(() => ScriptParser.Parse(Encoding.UTF8.GetBytes($$"""{ "steps": [ { "block": [ {{bad}} ] } ] }"""), catalog));
        alone.Problem.ShouldBe("amount: expected an amount: whole units as an integer or string, or \"1.5 TAO\"; got true");
        inScript.Problem.ShouldBe("steps[0].block[0]." + alone.Problem);
        Should.Throw<TransactionFormatException>(() => BallastJson.ReadTransaction(catalog, bad))
            .Problem.ShouldBe("sender: ledger.transfer takes no \"sender\" here: a payload read on its own has no signer (an envelope carries it)");
    }

    [Theory]
    [InlineData("", 1, "the script is empty")]
    [InlineData("  \n  ", 1, "the script is empty")]
    [InlineData("[]", 1, "the script: expected an object with \"steps\"")]
    [InlineData("{ \"steps\": [] } []", 1, "not valid JSON")]
    [InlineData("{ \"steps\": [], }", 1, "not valid JSON: a comma before a closing bracket or brace (JSON allows no trailing comma)")]
    [InlineData("{ // note\n \"steps\": [] }", 1, "not valid JSON: a comment or a stray '/' (JSON has no comments)")]
    [InlineData("{\n\n \"steps\": [ { \"advance\": 1 }\n", 4, "not valid JSON")]
    [InlineData("{ \"genesis\": [] }", 1, "steps: missing: a script needs \"steps\"")]
    [InlineData("{ \"steps\": {} }", 1, "steps: expected a list of steps (blocks, advances and checkpoints); got an object")]
    [InlineData("{ \"steps\": [], \"colour\": 1 }", 1, "colour: unknown field: a script has description, seed, genesisTime, blockSeconds, genesis, steps")]
    [InlineData("{ \"steps\": [], \"steps\": [] }", 1, "steps: written twice in one object")]
    [InlineData("{ \"steps\": [], \"description\": null }", 1, "description: expected free text (a string); got null")]
    [InlineData("{ \"steps\": [], \"seed\": -1 }", 1, "seed: expected a seed: an integer from 0 to 18446744073709551615; got -1")]
    [InlineData("{ \"steps\": [], \"seed\": \"7\" }", 1, "seed: expected a seed: an integer from 0 to 18446744073709551615; got \"7\"")]
    [InlineData("{ \"steps\": [], \"seed\": 18446744073709551616 }", 1, "seed: expected a seed")]
    [InlineData("{ \"steps\": [], \"blockSeconds\": 0 }", 1, "blockSeconds: expected seconds per block: an integer from 1 to 86400; got 0")]
    [InlineData("{ \"steps\": [], \"blockSeconds\": 86401 }", 1, "blockSeconds: expected seconds per block: an integer from 1 to 86400; got 86401")]
    [InlineData("{ \"steps\": [], \"blockSeconds\": 12.5 }", 1, "got 12.5")]
    [InlineData("{ \"steps\": [], \"genesisTime\": \"10000-01-01T00:00:00Z\" }", 1, "genesisTime: expected a UTC time like \"2025-02-20T00:00:00Z\"")]
    [InlineData("{ \"steps\": [], \"genesisTime\": \"1969-12-31T23:59:59Z\" }", 1, "genesisTime: expected a UTC time")]
    [InlineData("{ \"steps\": [], \"genesisTime\": \"2025-02-30T00:00:00Z\" }", 1, "genesisTime: expected a UTC time")]
    [InlineData("{ \"steps\": [], \"genesisTime\": 1739404800 }", 1, "genesisTime: expected a UTC time")]
    [InlineData("{ \"genesisTime\": \"9999-12-31T23:59:59Z\",\n \"steps\": [ { \"checkpoint\": \"c\" },\n { \"advance\": 1 } ] }", 3, "steps[1]: the script would run past the clock's end (9999-12-31T23:59:59Z)")]
    [InlineData("{ \"genesisTime\": \"9999-12-31T00:00:00Z\", \"blockSeconds\": 86400,\n \"steps\": [ { \"block\": [] } ] }", 2, "steps[0]: the script would run past the clock's end")]
    [InlineData("{ \"steps\": [ 1 ] }", 1, "steps[0]: expected a step: {\"block\": [...]}, {\"advance\": N} or {\"checkpoint\": \"label\"}")]
    [InlineData("{ \"steps\": [ {} ] }", 1, "steps[0]: a step must have exactly one of \"block\", \"advance\" or \"checkpoint\"")]
    [InlineData("{ \"steps\": [ { \"block\": [], \"advance\": 3 } ] }", 1, "steps[0]: a step must have exactly one of")]
    [InlineData("{ \"steps\": [ { \"wait\": 3 } ] }", 1, "steps[0].wait: unknown field: a step has one of block, advance or checkpoint, and optionally keepers")]
    [InlineData("{ \"steps\": [ { \"block\": {} } ] }", 1, "steps[0].block: expected a list of transactions; got an object")]
    [InlineData("{ \"steps\": [ { \"advance\": 0 } ] }", 1, "steps[0].advance: expected a number of blocks: an integer from 1 to 10000000; got 0")]
    [InlineData("{ \"steps\": [ { \"advance\": 10000001 } ] }", 1, "steps[0].advance: expected a number of blocks: an integer from 1 to 10000000; got 10000001")]
    [InlineData("{ \"steps\": [ { \"advance\": -9223372036854775809 } ] }", 1, "steps[0].advance: expected a number of blocks")]
    [InlineData("{ \"steps\": [ { \"advance\": 1e3 } ] }", 1, "got 1e3")]
    [InlineData("{ \"steps\": [ { \"advance\": \"5\" } ] }", 1, "got \"5\"")]
    [InlineData("{ \"steps\": [ { \"checkpoint\": 5 } ] }", 1, "steps[0].checkpoint: expected a label (a string); got 5")]
    [InlineData("{ \"steps\": [ { \"checkpoint\": \"c\", \"keepers\": [] } ] }", 1, "steps[0].keepers: keepers run with a block or an advance, not with a checkpoint")]
    [InlineData("{ \"steps\": [ { \"advance\": 1, \"keepers\": {} } ] }", 1, "steps[0].keepers: expected a list of keepers")]
    [InlineData("{ \"steps\": [ { \"advance\": 1, \"keepers\": [ { \"keeper\": \"probe.bot\", \"accounts\": [\"a\"] } ] } ] }", 1, "steps[0].keepers[0].keeper: unknown keeper \"probe.bot\": this engine has no keepers")]
    public void Script_problems_name_the_line_and_the_field(string script, int line, string problem)
    {
        var error = ScriptFails(script);
        error.Line.ShouldBe(line);
        error.Problem.ShouldContain(problem);
    }

    [Fact]
    public void A_keeper_needs_a_known_name_and_accounts()
    {
        string Step(string keeper) => $$"""{ "steps": [ { "advance": 1, "keepers": [ {{keeper}} ] } ] }""";
        string[] known = ["margin.liquidator"];
        Script Parse(string json) => ScriptParser.Parse(Encoding.UTF8.GetBytes(json), Catalog, known);
        Should.Throw<TransactionFormatException>(() => Parse(Step("""{ "keeper": "x", "accounts": ["a"] }""")))
            .Problem.ShouldBe("steps[0].keepers[0].keeper: unknown keeper \"x\"; the keepers are margin.liquidator");
        Should.Throw<TransactionFormatException>(() => Parse(Step("""{ "keeper": "margin.liquidator", "accounts": [] }""")))
            .Problem.ShouldBe("steps[0].keepers[0].accounts: expected a non-empty list of account names (strings); got a list");
        Should.Throw<TransactionFormatException>(() => Parse(Step("""{ "keeper": "margin.liquidator", "accounts": [""] }""")))
            .Problem.ShouldBe("steps[0].keepers[0].accounts[0]: expected an account name (a non-empty string); got \"\"");
        Should.Throw<TransactionFormatException>(() => Parse(Step("""{ "keeper": "margin.liquidator" }""")))
            .Problem.ShouldStartWith("steps[0].keepers[0].accounts: missing");
        Should.Throw<TransactionFormatException>(() => Parse(Step("""{ "keeper": "margin.liquidator", "accounts": ["a"], "every": 2 }""")))
            .Problem.ShouldBe("steps[0].keepers[0].every: unknown field: a keeper has keeper and accounts");
        Parse(Step("""{ "keeper": "margin.liquidator", "accounts": ["a", "b"] }""")).Steps[0].Keepers[0].ShouldBe(new KeeperRun("margin.liquidator", ["a", "b"]), new KeeperRunComparer());
    }

    private sealed class KeeperRunComparer : IEqualityComparer<KeeperRun>
    {
        public bool Equals(KeeperRun? x, KeeperRun? y) => x!.Keeper == y!.Keeper && x.Accounts.SequenceEqual(y.Accounts);
        public int GetHashCode(KeeperRun obj) => obj.Keeper.GetHashCode(StringComparison.Ordinal);
    }

    [Fact]
    public void The_header_sets_the_engine_options_and_the_steps_keep_their_lines()
    {
        var document = ScriptParser.Load(Encoding.UTF8.GetBytes("""
            {
              "description": "d",
              "seed": 18446744073709551615,
              "genesisTime": "2025-02-20T01:00:00+01:00",
              "blockSeconds": 1,
              "steps": [
                { "checkpoint": "start" },
                { "advance": 10000000 },
                { "block": [] }
              ]
            }
            """));
        var options = document.EngineOptions(new EngineOptions());
        options.Seed.ShouldBe(ulong.MaxValue);
        options.GenesisUnixSeconds.ShouldBe(DateTimeOffset.Parse("2025-02-20T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds());
        options.BlockSeconds.ShouldBe(1);
        var script = document.Read(Catalog);
        script.Description.ShouldBe("d");
        script.Steps.Select(s => s.Line).ShouldBe([7, 8, 9]);
        script.Steps[1].Advance.ShouldBe(10_000_000);
        ScriptParser.Load(Encoding.UTF8.GetBytes("""{ "genesisTime": "2025-02-20", "steps": [] }""")).GenesisUnixSeconds.ShouldBe(1_740_009_600);
        var defaults = ScriptParser.Parse(Encoding.UTF8.GetBytes("\uFEFF{ \"steps\": [] }"), Catalog);
        (defaults.Seed, defaults.GenesisUnixSeconds, defaults.BlockSeconds).ShouldBe((1UL, 1_739_404_800L, 12));
    }

    [Fact]
    public void Control_and_invisible_characters_are_escaped_and_echoed_values_are_cut()
    {
        var escape = ScriptFails("""{ "steps": [ { "block": [ { "type": "ledger.transfer\u001b[2J\u202e\u0000", "sender": "a" } ] } ] }""");
        escape.Problem.ShouldContain("unknown transaction type \"ledger.transfer\\u001b[2J\\u202e\\u0000\"");
        escape.Problem.ShouldNotContain('\u001b');
        escape.Problem.ShouldNotContain('\u202e');

        var name = ScriptFails("""{ "steps": [], "bad\nname\u0007": 1 }""");
        name.Problem.ShouldStartWith("[\"bad\\nname\\u0007\"]: unknown field");

        var huge = new string('x', 20_000);
        var cut = ScriptFails($$"""{ "steps": [ { "block": [ { "type": "{{huge}}", "sender": "a" } ] } ] }""");
        cut.Problem.ShouldContain($"\"{new string('x', ScriptText.MaxEchoChars)}...\" (20000 characters)");
        cut.Problem.Length.ShouldBeLessThanOrEqualTo(ScriptText.MaxProblemChars + 3);

        var longNumber = ScriptFails($$"""{ "steps": [ { "advance": {{new string('9', 5_000)}} } ] }""");
        longNumber.Problem.ShouldBe("steps[0].advance: expected a number of blocks: an integer from 1 to 10000000; got a number of 5000 characters");
    }

    [Fact]
    public void Invalid_text_and_huge_or_deep_documents_are_refused_with_their_line()
    {
        var badUtf8 = ScriptFails("{ \"steps\": [],\n \"description\": \"\\ud800\" }");
        badUtf8.Line.ShouldBe(2);
        badUtf8.Problem.ShouldBe("description: a string that is not valid text (bad UTF-8 bytes or an unpaired \\u surrogate escape)");

        var rawBytes = Should.Throw<TransactionFormatException>(() => ScriptParser.Parse(
            (byte[])[.. "{ \"steps\": [], \"description\": \""u8, 0xC3, 0x28, .. "\" }"u8], Catalog));
        rawBytes.Problem.ShouldContain("not valid");

        var longString = ScriptFails($$"""{ "steps": [], "description": "{{new string('a', StrictJsonReader.MaxStringBytes + 1)}}" }""");
        longString.Problem.ShouldBe($"description: a string of {StrictJsonReader.MaxStringBytes + 1} bytes; at most {StrictJsonReader.MaxStringBytes} are allowed");

        string Nest(int depth) => new string('[', depth) + new string(']', depth);
        ScriptFails($$"""{ "steps": [], "description": {{Nest(StrictJsonReader.MaxDepth - 1)}} }""").Problem.ShouldStartWith("description: expected free text");
        var deep = ScriptFails($$"""{ "steps": [], "description": {{Nest(StrictJsonReader.MaxDepth)}} }""");
        deep.Problem.ShouldEndWith($": nested deeper than {StrictJsonReader.MaxDepth} levels of objects and lists");
        deep.Problem.ShouldStartWith("description[0][0][0][0][0][0][0]<"); // a long path is printed with its middle left out
    }

    [Fact]
    public void A_script_of_8000_one_transaction_blocks_reads_with_every_line_right()
    {
        // Its speed (linear in the file: the quadratic reader this replaced took about 10 s) is measured by
        // ScriptParseBenchmarks in bench/, not here: tests check behaviour, not time.
        var bytes = ScriptParseText.OneTransactionBlocks(8_000);
        var script = ScriptParser.Parse(bytes, Catalog);
        script.Steps.Count.ShouldBe(8_000);
        script.Steps[0].Line.ShouldBe(2);
        script.Steps[^1].Line.ShouldBe(8_001);
        script.Steps[^1].Block![0].Sender.ShouldBe("alice");
    }
}
