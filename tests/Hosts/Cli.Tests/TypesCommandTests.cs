using Ballast.Core.Blocks;

namespace Ballast.Cli.Tests;

public class TypesCommandTests
{
    private static List<string> Headings(string text, string section)
    {
        var lines = text.Split('\n');
        int start = Array.IndexOf(lines, $"## {section}");
        start.ShouldBeGreaterThanOrEqualTo(0, $"section {section}");
        return lines.Skip(start + 1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal))
            .Where(l => l.Length > 0 && !l.StartsWith(' ')).Select(l => l.Split(' ')[0]).ToList();
    }

    [Fact]
    public void Types_lists_every_transaction_query_and_event_of_every_module_with_fields()
    {
        var text = TypesCommand.Describe();
        var engine = Engines.Create(new EngineOptions());
        Headings(text, "Transactions").ShouldBe(engine.Catalog.Names.ToList());
        Headings(text, "Queries").ShouldBe(engine.Queries.Names.ToList());
        Headings(text, "Events").ShouldBe(engine.EventCatalog.Names.ToList());
        text.ShouldContain("subnets.swap\n    sender: string, nonce?: integer, netuid: integer, direction: taoToAlpha|alphaToTao, amountIn: amount (token units, 9 decimals), minAmountOut: amount (token units, 9 decimals)");
        text.ShouldContain("ledger.balance\n    in:  account: string, token: string\n    out: BalanceView { account: string, token: string, balance: amount (token units, 9 decimals) }");
        text.ShouldContain("ledger.transferred\n    from: string, to: string, token: string, amount: amount (token units, 9 decimals)");
        foreach (var module in engine.ModuleNames)
        {
            engine.Queries.All.ShouldContain(q => q.Module == module, $"module {module} declares no query");
            engine.EventCatalog.All.ShouldContain(e => e.Module == module, $"module {module} declares no event");
        }
    }

    [Fact]
    public void Types_shows_the_ports_and_the_block_hook_order_the_port_graph_gives()
    {
        var text = TypesCommand.Describe();
        text.ShouldContain("block hooks run in this order: subnets -> margin -> perps -> insurance -> risk");
        text.ShouldContain("ISubnetMarkets  provided by subnets; required by");
        foreach (var port in Engines.Create(new EngineOptions()).Ports) text.ShouldContain($"{port.Port.Name}  provided by {port.Provider}");
    }

    [Fact]
    public void Types_prints_the_summaries_from_the_code_documentation()
    {
        TypesCommand.Describe().ShouldContain("ledger.transfer\n    sender: string, nonce?: integer, to: string, token: string, amount: amount (token units, 9 decimals)\n    Moves Amount of Token from the sender to To.");
    }

    /// <summary>
    /// Every transaction, query and event has a summary: a record without a <c>/// &lt;summary&gt;</c> prints only
    /// its field line (a query only its in:/out: lines).
    /// </summary>
    [Fact]
    public void Types_gives_every_transaction_query_and_event_a_summary()
    {
        var text = TypesCommand.Describe();
        var missing = new List<string>();
        foreach (var (section, described) in new[] { ("Transactions", 1), ("Queries", 2), ("Events", 1) })
        {
            var entries = Entries(text, section);
            entries.ShouldNotBeEmpty($"section {section}");
            foreach (var (name, body) in entries)
            {
                // The first lines describe the fields (transactions and events: one; queries: in: and out:).
                if (section == "Queries")
                {
                    body.Count.ShouldBeGreaterThanOrEqualTo(2, $"query {name}");
                    body[0].ShouldStartWith("in:", customMessage: $"query {name}");
                    body[1].ShouldStartWith("out:", customMessage: $"query {name}");
                }
                if (!body.Skip(described).Any(l => l.Length > 0)) missing.Add($"{section}: {name}");
            }
        }
        missing.ShouldBeEmpty("these have no /// <summary> on their record type");
    }

    /// <summary>A section's entries: each unindented name with its indented lines (trimmed).</summary>
    private static List<(string Name, List<string> Body)> Entries(string text, string section)
    {
        var lines = text.Split('\n');
        int start = Array.IndexOf(lines, $"## {section}");
        start.ShouldBeGreaterThanOrEqualTo(0, $"section {section}");
        var entries = new List<(string Name, List<string> Body)>();
        foreach (var line in lines.Skip(start + 1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal)))
        {
            if (line.Length == 0) continue;
            if (!line.StartsWith(' ')) entries.Add((line.Split(' ')[0], []));
            else entries[^1].Body.Add(line.Trim());
        }
        return entries;
    }
}
